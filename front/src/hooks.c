/*
 * OCI hooks: execve(path, args, env) with args[0] free to differ from path (Docker's
 * libnetwork-setkey needs that) and env exactly as given; the state on stdin, stdout and stderr
 * captured for the error text, and a timeout after which the hook is SIGKILLed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/close_range.h>

#include "ctx.h"

static __attribute__((noreturn)) void hook_child(const struct op *op, int in, int out, int err)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL); /* the parent ignores it while it feeds our stdin */
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
        _exit(127);
    const char *cwd = ARG_S(op, 5);
    if (*cwd && chdir(cwd) < 0) {
        dprintf(2, "chdir %s: %s", cwd, strerror(errno));
        _exit(127);
    }
    syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
    execve(ARG_S(op, 0), ARG_V(op, 1), ARG_V(op, 2));
    dprintf(2, "fork/exec %s: %s", ARG_S(op, 0), strerror(errno));
    _exit(127);
}

int op_HOOK(struct ctx *c, const struct op *op, struct error *e)
{
    struct strbuf in = SB_INIT, out = SB_INIT, err = SB_INIT;
    if (subst(c, ARG_B(op, 4), ARG_BLEN(op, 4), &in, op, e) < 0)
        return -ESRCH;
    int pin[2], pout[2], perr[2];
    if (pipe2(pin, O_CLOEXEC) < 0)
        return err_errno(e, op->label, errno);
    if (pipe2(pout, O_CLOEXEC) < 0 || pipe2(perr, O_CLOEXEC) < 0)
        return err_errno(e, op->label, errno);
    pid_t pid = fork();
    if (pid < 0)
        return err_errno(e, op->label, errno);
    if (pid == 0)
        hook_child(op, pin[0], pout[1], perr[1]);
    close(pin[0]);
    close(pout[1]);
    close(perr[1]);
    fcntl(pin[1], F_SETFL, O_NONBLOCK);
    /* a hook that never reads its stdin must give EPIPE here, not kill us */
    struct sigaction ign = {.sa_handler = SIG_IGN}, old_pipe;
    sigaction(SIGPIPE, &ign, &old_pipe);

    uint64_t timeout = ARG_U(op, 3);
    long long deadline = timeout ? now_ms() + (long long)timeout : 0;
    size_t written = 0;
    int wfd = in.len ? pin[1] : -1, timed_out = 0;
    if (wfd < 0)
        close(pin[1]);
    int rfds[2] = {pout[0], perr[0]};
    struct strbuf *bufs[2] = {&out, &err};
    /* pump stdin and both outputs until the hook closes its outputs (or the deadline) */
    while (rfds[0] >= 0 || rfds[1] >= 0) {
        struct pollfd p[3] = {{rfds[0], POLLIN, 0}, {rfds[1], POLLIN, 0}, {wfd, POLLOUT, 0}};
        int wait = -1;
        if (deadline) {
            long long left = deadline - now_ms();
            if (left <= 0) {
                timed_out = 1;
                break;
            }
            wait = (int)left;
        }
        int n = poll(p, 3, wait);
        if (n < 0 && errno != EINTR)
            break;
        for (int i = 0; i < 2 && n > 0; i++) {
            if (!p[i].revents)
                continue;
            char buf[4096];
            ssize_t r = read(rfds[i], buf, sizeof buf);
            if (r > 0) {
                sb_add(bufs[i], buf, (size_t)r);
            } else if (r == 0 || errno != EINTR) {
                close(rfds[i]);
                rfds[i] = -1;
            }
        }
        if (n > 0 && wfd >= 0 && p[2].revents) {
            ssize_t w = write(wfd, in.buf + written, in.len - written);
            if (w > 0)
                written += (size_t)w;
            if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == in.len) {
                close(wfd); /* EOF on the hook's stdin; EPIPE means it did not read it all */
                wfd = -1;
            }
        }
    }
    sigaction(SIGPIPE, &old_pipe, NULL);
    if (timed_out)
        kill(pid, SIGKILL);
    for (int i = 0; i < 2; i++)
        if (rfds[i] >= 0)
            close(rfds[i]);
    if (wfd >= 0)
        close(wfd);
    int ws = 0;
    if (!timed_out && deadline) {
        /* outputs closed, but the hook may still be running (it closed them itself) */
        while (waitpid(pid, &ws, WNOHANG) == 0) {
            if (now_ms() >= deadline) {
                timed_out = 1;
                kill(pid, SIGKILL);
                break;
            }
            sleep_ms(5);
        }
    }
    if (timed_out || !deadline)
        while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
            ;
    int rc = 0;
    if (timed_out) {
        rc = err_reason(e, op->label, -ETIMEDOUT, "hook ran past specified timeout of %.1fs",
                        (double)timeout / 1000.0);
    } else if (WIFSIGNALED(ws)) {
        char sig[64];
        snprintf(sig, sizeof sig, "%s", strsignal(WTERMSIG(ws)));
        if (sig[0] >= 'A' && sig[0] <= 'Z')
            sig[0] = (char)(sig[0] - 'A' + 'a');
        rc = err_reason(e, op->label, -ECHILD, "signal: %s, stdout: %s, stderr: %s", sig,
                        sb_str(&out), sb_str(&err));
    } else if (WEXITSTATUS(ws) != 0) {
        rc = err_reason(e, op->label, -ECHILD, "exit status %d, stdout: %s, stderr: %s",
                        WEXITSTATUS(ws), sb_str(&out), sb_str(&err));
    }
    sb_free(&in);
    sb_free(&out);
    sb_free(&err);
    return rc;
}
