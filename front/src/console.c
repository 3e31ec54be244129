/*
 * Terminals: CONSOLE_SOCKET (front) connects to the caller's console socket, or makes an internal
 * pair for a foreground run; CONSOLE (container, after the root switch) opens a pty in the
 * container's devpts and sends the master exactly as runc does: one sendmsg, payload "/dev/ptmx",
 * one SCM_RIGHTS fd. Callers (go-runc's recvFd) check all three.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "ctx.h"
#include "sync.h"

int op_CONSOLE_SOCKET(struct ctx *c, const struct op *op, struct error *e)
{
    const char *path = ARG_S(op, 0);
    if (*path) {
        int fd = connect_unix(path);
        if (fd < 0)
            return err_errno(e, op->label, -fd);
        c->console_sock = fd;
        return 0;
    }
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        return err_errno(e, op->label, errno);
    c->console_peer = sv[0]; /* FOREGROUND(TTY) receives the master here */
    c->console_sock = sv[1];
    return 0;
}

int op_CONSOLE(struct ctx *c, const struct op *op, struct error *e)
{
    uint64_t rows = ARG_U(op, 0), cols = ARG_U(op, 1), flags = ARG_U(op, 2);
    if (c->console_sock < 0)
        return err_reason(e, op->label, -EBADF, "no console socket");
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0)
        return err_errno(e, op->label, errno);
    int slave = -1, rc = 0;
    char name[128];
    if (unlockpt(master) < 0 || ptsname_r(master, name, sizeof name) != 0) {
        rc = -errno;
        goto out;
    }
    slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0 && (slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
        rc = -errno;
        goto out;
    }
    if (rows && cols) {
        struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
        if (ioctl(master, TIOCSWINSZ, &ws) < 0) {
            rc = -errno;
            goto out;
        }
    }
    if ((rc = send_fd(c->console_sock, "/dev/ptmx", 9, master)) < 0)
        goto out;
    close(c->console_sock);
    c->console_sock = -1;
    close(master);
    master = -1;
    if (flags & F_DEV_CONSOLE) {
        int fd = open("/dev/console", O_CREAT | O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0)
            close(fd);
        if (mount(name, "/dev/console", NULL, MS_BIND, NULL) < 0) {
            rc = -errno;
            goto out;
        }
    }
    /* the slave becomes the controlling terminal and stdio */
    if ((setsid() < 0 && errno != EPERM) || ioctl(slave, TIOCSCTTY, 0) < 0 ||
        dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0)
        rc = -errno;
out:
    if (master >= 0)
        close(master);
    if (slave >= 0)
        close(slave);
    return rc < 0 ? err_errno(e, op->label, -rc) : 0;
}
