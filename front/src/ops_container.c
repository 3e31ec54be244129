/* Container-process ops: identity, credentials, capabilities, limits and process attributes. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <linux/filter.h>

#include "ctx.h"
#include "sync.h"

/* Credential changes clear the parent-death signal; keep it until READY. */
static void rearm_pdeathsig(struct ctx *c)
{
    if (c->pdeathsig_armed)
        prctl(PR_SET_PDEATHSIG, SIGKILL);
}

int op_SETHOSTNAME(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    const char *s = ARG_S(op, 0);
    return sethostname(s, strlen(s)) < 0 ? err_errno(e, op->label, errno) : 0;
}

int op_SETDOMAINNAME(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    const char *s = ARG_S(op, 0);
    return setdomainname(s, strlen(s)) < 0 ? err_errno(e, op->label, errno) : 0;
}

int op_RLIMIT(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    struct rlimit rl = {(rlim_t)ARG_U(op, 1), (rlim_t)ARG_U(op, 2)};
    return prlimit(0, (int)ARG_U(op, 0), &rl, NULL) < 0 ? err_errno(e, op->label, errno) : 0;
}

static int last_cap(void)
{
    struct strbuf b = SB_INIT;
    int last = CAP_LAST_CAP;
    if (read_file("/proc/sys/kernel/cap_last_cap", &b) == 0)
        last = atoi(sb_str(&b));
    sb_free(&b);
    return last;
}

int op_CAP_BOUNDING(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    uint64_t keep = ARG_U(op, 0);
    int last = last_cap();
    for (int cap = 0; cap <= last && cap < 64; cap++) {
        if (keep & (1ULL << cap))
            continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
            return err_errno(e, op->label, errno);
    }
    return 0;
}

int op_USER(struct ctx *c, const struct op *op, struct error *e)
{
    uid_t uid = (uid_t)ARG_U(op, 0);
    gid_t gid = (gid_t)ARG_U(op, 1);
    size_t n = ARG_BLEN(op, 2) / 4;
    gid_t *groups = calloc(n ? n : 1, sizeof *groups);
    if (!groups)
        return err_errno(e, op->label, ENOMEM);
    const unsigned char *g = (const unsigned char *)ARG_B(op, 2);
    for (size_t i = 0; i < n; i++)
        groups[i] = (gid_t)g[4 * i] | (gid_t)g[4 * i + 1] << 8 | (gid_t)g[4 * i + 2] << 16 |
                    (gid_t)g[4 * i + 3] << 24;
    int rc = 0;
    /* keep the permitted set across the uid change; CAPS sets the final sets afterwards */
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
        rc = -errno;
    else if (!(ARG_U(op, 3) & F_NO_SETGROUPS) && setgroups(n, groups) < 0)
        rc = -errno;
    else if (setresgid(gid, gid, gid) < 0)
        rc = -errno;
    else if (setresuid(uid, uid, uid) < 0)
        rc = -errno;
    else if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
        rc = -errno;
    free(groups);
    rearm_pdeathsig(c);
    return rc < 0 ? err_errno(e, op->label, -rc) : 0;
}

int op_SETUID_ROOT(struct ctx *c, const struct op *op, struct error *e)
{
    int rc = 0;
    if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
        rc = -errno;
    rearm_pdeathsig(c);
    return rc < 0 ? err_errno(e, op->label, -rc) : 0;
}

int op_CAPS(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    uint64_t eff = ARG_U(op, 0), perm = ARG_U(op, 1), inh = ARG_U(op, 2), amb = ARG_U(op, 3);
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2] = {
        {(uint32_t)eff, (uint32_t)perm, (uint32_t)inh},
        {(uint32_t)(eff >> 32), (uint32_t)(perm >> 32), (uint32_t)(inh >> 32)},
    };
    if (syscall(SYS_capset, &hdr, data) < 0)
        return err_errno(e, op->label, errno);
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
        return err_errno(e, op->label, errno);
    for (int cap = 0; cap < 64; cap++)
        if ((amb & (1ULL << cap)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
            return err_errno(e, op->label, errno);
    return 0;
}

int op_NO_NEW_PRIVS(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ? err_errno(e, op->label, errno) : 0;
}

int op_UMASK(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c, (void)e;
    umask((mode_t)ARG_U(op, 0));
    return 0;
}

int op_CHDIR(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    return chdir(ARG_S(op, 0)) < 0 ? err_errno(e, op->label, errno) : 0;
}

int op_SETSID(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    return setsid() < 0 ? err_errno(e, op->label, errno) : 0;
}

int op_OOM_SCORE_ADJ(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return err_errno(e, op->label, errno);
    int rc = write_all(fd, ARG_S(op, 0), strlen(ARG_S(op, 0)));
    close(fd);
    return rc < 0 ? err_errno(e, op->label, -rc) : 0;
}

/*
 * The filter is already loaded: only write(2) and read(2) may be used to hand the listener over, since
 * any other syscall may be SCMP_ACT_NOTIFY with no agent yet to answer it (runc's rule: the compiler
 * refuses NOTIFY for write; read is runc's too). Send the fd's number, let the front copy it with
 * pidfd_getfd and pass it to the agent, wait for SECCOMP_DONE.
 */
static int hand_over_listener(int sync_fd, int lfd)
{
    uint32_t msg[2] = {SYNC_SECCOMP_FD, (uint32_t)lfd};
    ssize_t n;
    do
        n = write(sync_fd, msg, sizeof msg);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return -errno;
    char reply[sizeof(uint32_t) + SYNC_MAX_PAYLOAD];
    do
        n = read(sync_fd, reply, sizeof reply);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return -errno;
    uint32_t kind = 0;
    if (n >= (ssize_t)sizeof kind)
        memcpy(&kind, reply, sizeof kind);
    return kind == SYNC_SECCOMP_DONE ? 0 : -EPIPE;
}

int op_SECCOMP(struct ctx *c, const struct op *op, struct error *e)
{
    size_t len = ARG_BLEN(op, 0);
    if (len % sizeof(struct sock_filter) || len / sizeof(struct sock_filter) > 0xffff)
        return err_reason(e, op->label, -EINVAL, "program is not a whole number of instructions");
    struct sock_filter *insns = malloc(len ? len : 1);
    if (!insns)
        return err_errno(e, op->label, ENOMEM);
    memcpy(insns, ARG_B(op, 0), len);
    struct sock_fprog prog = {(unsigned short)(len / sizeof *insns), insns};
    unsigned long flags = (unsigned long)ARG_U(op, 1);
    int want_listener = ARG_S(op, 2)[0] != '\0';
    if (want_listener)
        flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
    long rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
    int err = errno;
    free(insns);
    if (rc < 0)
        return err_errno(e, op->label, err);
    if (want_listener && rc > 0) {
        int lfd = (int)rc;
        fcntl(lfd, F_SETFD, FD_CLOEXEC);
        int r = c->sync_fd >= 0 ? hand_over_listener(c->sync_fd, lfd) : -EPIPE;
        close(lfd);
        if (r < 0)
            return err_errno(e, op->label, -r);
    }
    return 0;
}
