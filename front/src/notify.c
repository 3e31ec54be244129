/* NOTIFY_BIND, NOTIFY_FORWARD: the sd_notify proxy (NOTIFY_SOCKET), as runc's notify_socket.go. The
 * container gets <state dir>/notify bind-mounted at /run/notify; the front binds notify.sock there before
 * releasing the init, waits for its READY= datagram and passes it on to the caller's NOTIFY_SOCKET,
 * followed by MAINPID. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctx.h"

/* A sockaddr_un for PATH; "@name" is the abstract name (as systemd and Go spell it). */
static int unix_addr(const char *path, struct sockaddr_un *sa, socklen_t *len)
{
    size_t n = strlen(path);
    memset(sa, 0, sizeof *sa);
    sa->sun_family = AF_UNIX;
    if (n == 0)
        return -EINVAL;
    if (n >= sizeof sa->sun_path)
        return -ENAMETOOLONG;
    memcpy(sa->sun_path, path, n);
    if (path[0] == '@') {
        sa->sun_path[0] = '\0';
        *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
    } else {
        *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
    }
    return 0;
}

int op_NOTIFY_BIND(struct ctx *c, const struct op *op, struct error *e)
{
    const char *path = ARG_S(op, 0);
    struct sockaddr_un sa;
    socklen_t len;
    int rc = unix_addr(path, &sa, &len);
    if (rc < 0)
        return err_errno(e, op->label, -rc);
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return err_errno(e, op->label, errno);
    if (path[0] != '@')
        unlink(path); /* a socket left by an earlier start that failed */
    if (bind(fd, (struct sockaddr *)&sa, len) < 0 || (path[0] != '@' && chmod(path, 0777) < 0)) {
        int err = errno;
        close(fd);
        return err_errno(e, op->label, err);
    }
    if (c->notify_fd >= 0)
        close(c->notify_fd);
    c->notify_fd = fd;
    return 0;
}

static int send_line(int fd, const char *buf, size_t n)
{
    return send(fd, buf, n, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

int op_NOTIFY_FORWARD(struct ctx *c, const struct op *op, struct error *e)
{
    if (c->notify_fd < 0)
        return err_reason(e, op->label, -EBADF, "no notify socket bound");
    struct strbuf pid_s = SB_INIT, main_s = SB_INIT;
    pid_t pid;
    if (subst(c, ARG_S(op, 1), strlen(ARG_S(op, 1)), &pid_s, op, e) < 0)
        return -ESRCH;
    int rc = parse_pid(sb_str(&pid_s), &pid);
    if (rc < 0) {
        err_reason(e, op->label, rc, "invalid pid \"%s\"", sb_str(&pid_s));
        sb_free(&pid_s);
        return rc;
    }
    sb_free(&pid_s);
    if (subst(c, ARG_S(op, 2), strlen(ARG_S(op, 2)), &main_s, op, e) < 0)
        return -ESRCH;
    char mainpid[64];
    if (main_s.len == 0)
        snprintf(mainpid, sizeof mainpid, "MAINPID=%d\n", (int)getpid());
    else
        snprintf(mainpid, sizeof mainpid, "MAINPID=%s\n", sb_str(&main_s));
    sb_free(&main_s);

    struct sockaddr_un sa;
    socklen_t len;
    rc = unix_addr(ARG_S(op, 0), &sa, &len);
    int client = rc < 0 ? rc : socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (client < 0 && rc == 0)
        rc = -errno;
    if (rc == 0 && connect(client, (struct sockaddr *)&sa, len) < 0)
        rc = -errno;
    if (rc < 0) {
        if (client >= 0)
            close(client);
        return err_errno(e, op->label, -rc);
    }

    unsigned long long timeout = ARG_U(op, 3);
    long long deadline = now_ms() + (long long)timeout;
    static char buf[4097];
    for (;;) {
        struct pollfd p = {c->notify_fd, POLLIN, 0};
        int n = poll(&p, 1, 100);
        if (n < 0 && errno != EINTR) {
            rc = -errno;
            break;
        }
        if (n > 0) {
            ssize_t r = recv(c->notify_fd, buf, sizeof buf - 1, MSG_DONTWAIT);
            if (r < 0 && errno != EAGAIN && errno != EINTR) {
                rc = -errno;
                break;
            }
            if (r <= 0)
                continue;
            buf[r] = '\0';
            /* one datagram holds the whole state string: forward its READY= line */
            char *line = buf, *ready = NULL;
            size_t ready_len = 0;
            while (line <= buf + r) {
                char *nl = memchr(line, '\n', (size_t)(buf + r - line));
                size_t l = nl ? (size_t)(nl - line) : (size_t)(buf + r - line);
                if (l >= 6 && memcmp(line, "READY=", 6) == 0) {
                    ready = line;
                    ready_len = l;
                    break;
                }
                if (!nl)
                    break;
                line = nl + 1;
            }
            if (!ready)
                continue;
            ready[ready_len] = '\n';
            rc = send_line(client, ready, ready_len + 1);
            if (rc == 0)
                rc = send_line(client, mainpid, strlen(mainpid));
            break;
        }
        if (kill(pid, 0) < 0 && errno == ESRCH) /* runc: /proc/<pid> is gone, nothing to wait for */
            break;
        if (timeout && now_ms() >= deadline) {
            close(client);
            return err_text(e, op->label[0] ? op->label : "timed out waiting for READY=1", -ETIMEDOUT);
        }
    }
    close(client);
    return rc < 0 ? err_errno(e, op->label, -rc) : 0;
}
