/*
 * FOREGROUND: the front stays with a `run`/`exec` process like runc does without -d. It becomes a
 * child subreaper (grandchildren of a dying process end up with us, not with a PID 1 that may not
 * reap), forwards signals to the process, copies the terminal with TTY, and remembers the exit
 * status that EXIT_STATUS returns.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "ctx.h"

static int recv_master(int sock)
{
    char payload[4096];
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    struct iovec iov = {payload, sizeof payload};
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                        .msg_controllen = sizeof u.buf};
    ssize_t n;
    do
        n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return -errno;
    struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
    if (!cm || cm->cmsg_type != SCM_RIGHTS)
        return -EPROTO;
    int fd;
    memcpy(&fd, CMSG_DATA(cm), sizeof fd);
    return fd;
}

static void copy_winsize(int from, int to)
{
    struct winsize ws;
    if (ioctl(from, TIOCGWINSZ, &ws) == 0)
        ioctl(to, TIOCSWINSZ, &ws);
}

/* Move what is readable from `from` to `to`. Returns bytes moved, 0 at EOF, -1 on error. */
static ssize_t pump(int from, int to)
{
    char buf[8192];
    ssize_t n = read(from, buf, sizeof buf);
    if (n > 0 && write_all(to, buf, (size_t)n) < 0)
        return -1;
    return n;
}

static void reap(struct ctx *c)
{
    int ws;
    pid_t p;
    while ((p = waitpid(-1, &ws, WNOHANG)) > 0)
        if (p == c->pid) {
            c->fg_status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
            c->fg_done = 1;
        }
    if (p < 0 && errno == ECHILD && !c->fg_done) {
        /* no children at all: someone else reaped it (an earlier WAIT_GONE); its status is lost */
        c->fg_status = 255;
        c->fg_done = 1;
    }
}

int op_FOREGROUND(struct ctx *c, const struct op *op, struct error *e)
{
    int tty = (ARG_U(op, 0) & F_TTY) != 0, rc = 0;
    int master = -1, raw = 0, in_open = 0;
    struct termios saved;
    if (c->pid <= 0)
        return err_reason(e, op->label, -ESRCH, "no process to wait for");
    prctl(PR_SET_CHILD_SUBREAPER, 1);

    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    int sfd = signalfd(-1, &all, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0) {
        rc = err_errno(e, op->label, errno);
        goto out;
    }
    if (tty) {
        if (c->console_peer < 0) {
            rc = err_reason(e, op->label, -EBADF, "no internal console");
            goto out;
        }
        master = recv_master(c->console_peer);
        if (master < 0) {
            rc = err_errno(e, op->label, -master);
            goto out;
        }
        /* non-blocking, so draining stops (EAGAIN) when a leftover slave keeps the pty open */
        fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
        if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0) {
            struct termios t = saved;
            cfmakeraw(&t);
            raw = tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0;
            copy_winsize(STDIN_FILENO, master);
        }
        in_open = 1;
    }
    reap(c);
    while (!c->fg_done || master >= 0) {
        struct pollfd p[3] = {{sfd, POLLIN, 0},
                              {master, POLLIN, 0},
                              {in_open ? STDIN_FILENO : -1, POLLIN, 0}};
        /* once the process is gone, drain the master without blocking on it */
        int n = poll(p, 3, c->fg_done ? 0 : -1);
        if (n < 0 && errno != EINTR) {
            rc = err_errno(e, op->label, errno);
            break;
        }
        if (n > 0 && p[0].revents) {
            struct signalfd_siginfo si;
            while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {
                int sig = (int)si.ssi_signo;
                if (sig == SIGCHLD)
                    reap(c);
                else if (sig == SIGWINCH && master >= 0 && raw)
                    copy_winsize(STDIN_FILENO, master);
                else
                    kill(c->pid, sig);
            }
        }
        if (master >= 0 && (p[1].revents || (c->fg_done && n == 0))) {
            if (pump(master, STDOUT_FILENO) <= 0) { /* EIO: every slave is closed */
                close(master);
                master = -1;
            }
        }
        if (in_open && p[2].revents && master >= 0 && pump(STDIN_FILENO, master) <= 0)
            in_open = 0;
        if (!c->fg_done)
            reap(c);
    }
out:
    if (raw)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    if (master >= 0)
        close(master);
    if (sfd >= 0)
        close(sfd);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return rc;
}

int op_EXIT_STATUS(struct ctx *c, const struct op *op, struct error *e)
{
    (void)op, (void)e;
    exit(c->fg_done ? c->fg_status : 0);
}
