/*
 * --strace without ptrace: the container process loads a seccomp filter whose action is
 * SECCOMP_RET_USER_NOTIF (STRACE), the front takes the listener fd with pidfd_getfd and forks a small
 * daemon (STRACE_SUPERVISOR) that logs each notification and answers SECCOMP_USER_NOTIF_FLAG_CONTINUE,
 * so the kernel runs the syscall as if nothing had happened. The daemon is a fork of the front, not a JVM,
 * and it outlives `jrunc create`; it exits when the listener hangs up (no task uses the filter any more).
 *
 * After the filter is loaded, every syscall of the container process waits for the supervisor, so the
 * process cannot send the fd (sendmsg would wait for the one who should receive it). It announces the
 * number the fd will get (the lowest free one, as the kernel allocates) before loading; the front polls
 * pidfd_getfd until that number is a seccomp listener.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctx.h"
#include "log.h"
#include "strace.h"
#include "sync.h"

#define LISTENER_WAIT_MS 5000

int op_STRACE(struct ctx *c, const struct op *op, struct error *e)
{
    size_t len = ARG_BLEN(op, 0);
    if (len == 0 || len % sizeof(struct sock_filter) || len / sizeof(struct sock_filter) > 0xffff)
        return err_reason(e, op->label, -EINVAL, "program is not a whole number of instructions");
    if (c->sync_fd < 0)
        return err_reason(e, op->label, -EPIPE, "no front to hand the listener to");
    struct sock_filter *insns = malloc(len);
    if (!insns)
        return err_errno(e, op->label, ENOMEM);
    memcpy(insns, ARG_B(op, 0), len);
    struct sock_fprog prog = {(unsigned short)(len / sizeof *insns), insns};

    /* the lowest free fd now is the one seccomp(2) will return */
    int probe = fcntl(c->sync_fd, F_DUPFD_CLOEXEC, 0);
    if (probe < 0) {
        free(insns);
        return err_errno(e, op->label, errno);
    }
    close(probe);
    uint32_t msg[2] = {SYNC_STRACE_FD, (uint32_t)probe};
    ssize_t n;
    do
        n = write(c->sync_fd, msg, sizeof msg);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        int err = errno;
        free(insns);
        return err_errno(e, op->label, err);
    }
    long rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                      (unsigned long)ARG_U(op, 1) | SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
    int err = errno;
    free(insns);
    /* the listener stays open until EXEC closes every fd (close_range CLOEXEC): closing it here would be
     * one more syscall to log, and the front may still be copying it */
    return rc < 0 ? err_errno(e, op->label, err) : 0;
}

static int is_listener(int fd)
{
    char link[64], path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(path, link, sizeof link - 1);
    if (n < 0)
        return 0;
    link[n] = '\0';
    return strcmp(link, "anon_inode:seccomp notify") == 0;
}

int strace_take_listener(struct ctx *c, const struct sync_msg *m, struct error *e)
{
    uint32_t num;
    if (m->fd >= 0)
        close(m->fd);
    if (m->len != sizeof num)
        return err_reason(e, "sync", -EPROTO, "bad strace fd message");
    memcpy(&num, m->payload, sizeof num);
    int pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0);
    if (pidfd < 0)
        return err_errno(e, "strace: pidfd_open of the container process", errno);
    long long deadline = now_ms() + LISTENER_WAIT_MS;
    int fd = -1;
    while (fd < 0) {
        fd = (int)syscall(SYS_pidfd_getfd, pidfd, (int)num, 0);
        if (fd >= 0 && !is_listener(fd)) {
            close(fd);
            fd = -1;
        } else if (fd < 0 && errno != EBADF) {
            int err = errno;
            close(pidfd);
            return err_errno(e, "strace: get the listener fd of the container process", err);
        }
        if (fd < 0) {
            if (now_ms() > deadline) {
                close(pidfd);
                return err_reason(e, "strace", -ETIMEDOUT, "the container process loaded no seccomp listener as fd %u", num);
            }
            sleep_ms(1);
        }
    }
    close(pidfd);
    if (c->strace_fd >= 0)
        close(c->strace_fd);
    c->strace_fd = fd;
    return 0;
}

/* ---- the supervisor ------------------------------------------------------------------------------ */

/* A NUL-terminated string from the traced process's memory (as much as is readable, up to max). */
static void read_string(pid_t pid, unsigned long long addr, struct strbuf *out)
{
    char buf[256];
    size_t want = sizeof buf - 1;
    size_t to_page_end = 4096 - (addr & 4095);
    for (int attempt = 0; attempt < 2; attempt++) {
        struct iovec local = {buf, want}, remote = {(void *)(uintptr_t)addr, want};
        ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
        if (n > 0) {
            size_t len = strnlen(buf, (size_t)n);
            sb_addc(out, '"');
            for (size_t i = 0; i < len; i++) {
                unsigned char ch = (unsigned char)buf[i];
                if (ch == '"' || ch == '\\')
                    sb_addf(out, "\\%c", ch);
                else if (ch < 0x20 || ch >= 0x7f)
                    sb_addf(out, "\\x%02x", ch);
                else
                    sb_addc(out, (char)ch);
            }
            sb_adds(out, len == (size_t)n ? "\"..." : "\"");
            return;
        }
        if (to_page_end >= want)
            break;
        want = to_page_end; /* the string may end just before an unmapped page */
    }
    sb_addf(out, "0x%llx", addr);
}

static void format_call(struct strbuf *line, const struct seccomp_notif *req, char **table, size_t table_len)
{
    const char *entry = req->data.nr >= 0 && (size_t)req->data.nr < table_len ? table[req->data.nr] : "";
    const char *colon = strchr(entry, ':');
    const char *kinds = colon ? colon + 1 : "xxxxxx";
    size_t name_len = colon ? (size_t)(colon - entry) : strlen(entry);
    sb_addf(line, "strace: [pid %u] ", req->pid);
    if (name_len)
        sb_add(line, entry, name_len);
    else
        sb_addf(line, "syscall_%d", req->data.nr);
    sb_addc(line, '(');
    for (int i = 0; kinds[i] && i < 6; i++) {
        unsigned long long a = req->data.args[i];
        if (i)
            sb_adds(line, ", ");
        switch (kinds[i]) {
        case 'd': sb_addf(line, "%d", (int)a); break;
        case 'u': sb_addf(line, "%llu", a); break;
        case 'o': sb_addf(line, a ? "0%llo" : "0", a); break;
        case 's': read_string((pid_t)req->pid, a, line); break;
        default: sb_addf(line, "0x%llx", a); break;
        }
    }
    sb_addc(line, ')');
}

static void supervise(int lfd, char **table, size_t table_len)
{
    struct seccomp_notif_sizes sizes;
    if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0)
        _exit(1);
    struct seccomp_notif *req = calloc(1, sizes.seccomp_notif > sizeof *req ? sizes.seccomp_notif : sizeof *req);
    struct seccomp_notif_resp *resp =
        calloc(1, sizes.seccomp_notif_resp > sizeof *resp ? sizes.seccomp_notif_resp : sizeof *resp);
    if (!req || !resp)
        _exit(1);
    for (;;) {
        struct pollfd p = {lfd, POLLIN, 0};
        if (poll(&p, 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (!(p.revents & POLLIN))
            break; /* POLLHUP: no task uses the filter any more */
        memset(req, 0, sizes.seccomp_notif);
        if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_RECV, req) < 0) {
            if (errno == EINTR || errno == ENOENT)
                continue; /* ENOENT: the task died before we received it */
            break;
        }
        struct strbuf line = SB_INIT;
        format_call(&line, req, table, table_len);
        log_line("debug", sb_str(&line));
        sb_free(&line);
        memset(resp, 0, sizes.seccomp_notif_resp);
        resp->id = req->id;
        resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
        ioctl(lfd, SECCOMP_IOCTL_NOTIF_SEND, resp); /* ENOENT: the task died meanwhile */
    }
    _exit(0);
}

int op_STRACE_SUPERVISOR(struct ctx *c, const struct op *op, struct error *e)
{
    if (c->strace_fd < 0)
        return err_reason(e, op->label, -EBADF, "no listener");
    char **table = ARG_V(op, 0);
    size_t table_len = 0;
    while (table && table[table_len])
        table_len++;
    pid_t child = fork();
    if (child < 0)
        return err_errno(e, op->label, errno);
    if (child == 0) {
        /* twice, so the daemon is nobody's child but init's (or the caller's subreaper's) */
        setsid();
        pid_t daemon = fork();
        if (daemon != 0)
            _exit(daemon < 0);
        /* a clean slate: whatever the front blocked or ignored for its own waits is not the daemon's business */
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGPIPE, SIG_IGN);
        int keep_stderr = log_fd() < 0;
        int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (devnull >= 0) {
            dup2(devnull, 0);
            dup2(devnull, 1);
            if (!keep_stderr)
                dup2(devnull, 2);
        }
        /* hold nothing but the listener and the log: not the state dir's lock, not the caller's pipes */
        for (int fd = 3; fd < 1024; fd++)
            if (fd != c->strace_fd && fd != log_fd())
                close(fd);
        if (chdir("/") < 0)
            _exit(1);
        supervise(c->strace_fd, table, table_len);
    }
    int ws;
    while (waitpid(child, &ws, 0) < 0 && errno == EINTR)
        ;
    close(c->strace_fd);
    c->strace_fd = -1;
    if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
        return err_reason(e, op->label, -ECHILD, "could not start the supervisor");
    return 0;
}
