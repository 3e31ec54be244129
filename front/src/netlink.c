/*
 * NETLINK: send one rtnetlink message that Java built and check its ACK. The front holds no network
 * policy: it only knows where the socket lives (a network namespace path), and how to fill in the two
 * facts Java cannot know when it plans: the number of an fd the front opens (IFLA_NET_NS_FD) and the
 * index of a link by name (ifa_index of RTM_NEWADDR). Java says at which byte offsets they go.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ctx.h"

/* A fact to write into the message: "fd:OFFSET:PATH" or "ifindex:OFFSET:NAME". */
struct patch {
    int is_fd;
    size_t offset;
    const char *what;
};

static int parse_patch(const char *s, struct patch *p)
{
    const char *colon;
    if (strncmp(s, "fd:", 3) == 0)
        p->is_fd = 1, s += 3;
    else if (strncmp(s, "ifindex:", 8) == 0)
        p->is_fd = 0, s += 8;
    else
        return -EINVAL;
    char *end;
    errno = 0;
    unsigned long off = strtoul(s, &end, 10);
    colon = end;
    if (errno || end == s || *colon != ':')
        return -EINVAL;
    p->offset = off;
    p->what = colon + 1;
    return 0;
}

/* A NETLINK_ROUTE socket created inside the network namespace at path ("" = the front's own). */
static int route_socket_in(const char *netns, int *err)
{
    int orig = -1, target = -1, sock = -1;
    if (*netns) {
        orig = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        target = open(netns, O_RDONLY | O_CLOEXEC);
        if (orig < 0 || target < 0) {
            *err = errno;
            goto out;
        }
        if (setns(target, CLONE_NEWNET) < 0) {
            *err = errno;
            goto out;
        }
    }
    sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (sock < 0)
        *err = errno;
out:
    if (orig >= 0) {
        /* back home: the front's later ops (and the container's other links) need its own netns */
        if (setns(orig, CLONE_NEWNET) < 0 && sock >= 0) {
            *err = errno;
            close(sock);
            sock = -1;
        }
        close(orig);
    }
    if (target >= 0)
        close(target);
    return sock;
}

/* The index of a link in the socket's namespace, asked over that socket (RTM_GETLINK by name). */
static int link_index(int sock, const char *name, uint32_t *index)
{
    struct {
        struct nlmsghdr h;
        struct {
            unsigned char family, pad;
            unsigned short type;
            int index;
            unsigned flags, change;
        } ifi;
        char attrs[64];
    } req;
    size_t nlen = strlen(name) + 1;
    if (nlen > IFNAMSIZ)
        return -ENODEV;
    memset(&req, 0, sizeof req);
    struct nlattr *a = (struct nlattr *)req.attrs;
    a->nla_type = 3; /* IFLA_IFNAME */
    a->nla_len = (unsigned short)(NLA_HDRLEN + nlen);
    memcpy((char *)a + NLA_HDRLEN, name, nlen);
    req.h.nlmsg_len = (uint32_t)(NLMSG_HDRLEN + sizeof req.ifi + NLA_ALIGN(a->nla_len));
    req.h.nlmsg_type = 18; /* RTM_GETLINK */
    req.h.nlmsg_flags = NLM_F_REQUEST;
    req.h.nlmsg_seq = 1;
    if (send(sock, &req, req.h.nlmsg_len, 0) < 0)
        return -errno;
    char buf[8192];
    ssize_t n = recv(sock, buf, sizeof buf, 0);
    if (n < 0)
        return -errno;
    struct nlmsghdr *h = (struct nlmsghdr *)buf;
    if (n < (ssize_t)NLMSG_HDRLEN || h->nlmsg_len > (size_t)n)
        return -EIO;
    if (h->nlmsg_type == NLMSG_ERROR) {
        struct nlmsgerr *me = NLMSG_DATA(h);
        return me->error ? me->error : -EIO;
    }
    if (h->nlmsg_len < NLMSG_HDRLEN + sizeof req.ifi)
        return -EIO;
    memcpy(index, (char *)NLMSG_DATA(h) + 4, 4);
    return 0;
}

/* Send msg, wait for its ACK: 0 or the kernel's -errno. */
static int send_and_ack(int sock, const void *msg, size_t len)
{
    if (send(sock, msg, len, 0) < 0)
        return -errno;
    char buf[8192];
    for (;;) {
        ssize_t n = recv(sock, buf, sizeof buf, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type == NLMSG_ERROR) {
                struct nlmsgerr *me = NLMSG_DATA(h);
                return me->error;
            }
            if (h->nlmsg_type == NLMSG_DONE)
                return 0;
        }
    }
}

int op_NETLINK(struct ctx *c, const struct op *op, struct error *e)
{
    uint64_t flags = ARG_U(op, 3);
    int ignore_missing = (flags & F_IGNORE_ENODEV) != 0;
    struct strbuf netns = SB_INIT;
    char *msg = NULL;
    int sock = -1, rc = 0, nfds = 0, fds[8];
    const char *ns = ARG_S(op, 0);
    if (flags & F_SUBST) {
        if (subst(c, ns, strlen(ns), &netns, op, e) < 0)
            return -ESRCH;
        ns = sb_str(&netns);
    }
    size_t len = ARG_BLEN(op, 1);
    if (len < NLMSG_HDRLEN) {
        rc = err_reason(e, op->label, -EINVAL, "netlink message too short");
        goto out;
    }
    msg = malloc(len);
    if (!msg) {
        rc = err_errno(e, op->label, ENOMEM);
        goto out;
    }
    memcpy(msg, ARG_B(op, 1), len);
    int err = 0;
    sock = route_socket_in(ns, &err);
    if (sock < 0) {
        /* the namespace path is in the label; a missing one is fine for delete */
        rc = (ignore_missing && err == ENOENT) ? 0 : err_errno(e, op->label, err);
        goto out;
    }
    for (char **v = ARG_V(op, 2); v && *v; v++) {
        struct patch p;
        uint32_t value;
        if (parse_patch(*v, &p) < 0 || p.offset + 4 > len) {
            rc = err_reason(e, op->label, -EINVAL, "invalid netlink patch \"%s\"", *v);
            goto out;
        }
        struct strbuf what = SB_INIT;
        if (subst(c, p.what, strlen(p.what), &what, op, e) < 0) {
            rc = -ESRCH;
            goto out;
        }
        if (p.is_fd) {
            int fd = nfds < 8 ? open(sb_str(&what), O_RDONLY | O_CLOEXEC) : -1;
            if (fd < 0) {
                int er = nfds < 8 ? errno : EMFILE;
                rc = (ignore_missing && er == ENOENT) ? 1 : err_errno(e, op->label, er);
                sb_free(&what);
                goto out;
            }
            fds[nfds++] = fd;
            value = (uint32_t)fd;
        } else {
            int r = link_index(sock, sb_str(&what), &value);
            if (r < 0) {
                rc = (ignore_missing && r == -ENODEV) ? 1 : err_errno(e, op->label, -r);
                sb_free(&what);
                goto out;
            }
        }
        sb_free(&what);
        memcpy(msg + p.offset, &value, 4);
    }
    int r = send_and_ack(sock, msg, len);
    if (r < 0 && !(ignore_missing && (r == -ENODEV || r == -ENOENT)))
        rc = err_errno(e, op->label, -r);
out:
    if (rc > 0)
        rc = 0; /* a missing link or namespace, ignored as asked */
    for (int i = 0; i < nfds; i++)
        close(fds[i]);
    if (sock >= 0)
        close(sock);
    free(msg);
    sb_free(&netns);
    return rc;
}
