/* Ops the front runs on the host: logging, files, locks, signals, waits, the start handshake. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctx.h"
#include "log.h"
#include "paths.h"
#include "sync.h"

int op_LOG_CONFIG(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    struct error inner = {0};
    int rc = log_configure(ARG_S(op, 0), ARG_S(op, 1), ARG_S(op, 2), (int)ARG_U(op, 3), &inner);
    /* log_configure names the path; the label goes in front like for every op */
    return rc < 0 ? err_reason(e, op->label, rc, "%s", inner.msg) : 0;
}

int op_FAIL(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    err_text(e, ARG_S(op, 0), -ECANCELED);
    e->exit_code = (int)ARG_U(op, 1);
    return -ECANCELED;
}

int op_STDOUT(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    int rc = write_all(STDOUT_FILENO, ARG_B(op, 0), ARG_BLEN(op, 0));
    return rc < 0 ? err_errno(e, op->label, -rc) : 0;
}

int op_EXIT(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c, (void)e;
    exit((int)ARG_U(op, 0));
}

int op_LOCK(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    int fd = open(ARG_S(op, 0), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0)
        return err_errno(e, op->label, errno);
    while (flock(fd, LOCK_EX) < 0)
        if (errno != EINTR) {
            int err = errno;
            close(fd);
            return err_errno(e, op->label, err);
        }
    return 0; /* the fd stays open: the lock lives as long as the front (children close it) */
}

int op_MKDIR(struct ctx *c, const struct op *op, struct error *e)
{
    const char *path = ARG_S(op, 0);
    mode_t mode = (mode_t)ARG_U(op, 1);
    uint64_t flags = ARG_U(op, 2);
    int in_root = (flags & F_IN_ROOT) != 0, rc;
    if (flags & F_PARENTS) {
        rc = path_mkdir_all(c, path, in_root, mode);
    } else {
        char *name, *buf;
        int dir = path_parent(c, path, in_root, &name, &buf);
        if (dir < 0)
            return err_errno(e, op->label, -dir);
        rc = mkdirat(dir, name, mode) < 0 ? -errno : 0;
        close(dir);
        free(buf);
    }
    if (rc == -EEXIST && (flags & F_IGNORE_EEXIST))
        rc = 0;
    return rc < 0 ? err_errno(e, op->label, -rc) : 0;
}

int op_MKFIFO(struct ctx *c, const struct op *op, struct error *e)
{
    const char *path = ARG_S(op, 0);
    mode_t old = umask(0); /* the mode is exact (runc makes exec.fifo 0622 regardless of umask) */
    int rc = mkfifo(path, (mode_t)ARG_U(op, 1));
    umask(old);
    if (rc < 0)
        return err_errno(e, op->label, errno);
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0)
        return err_errno(e, op->label, errno);
    if (c->fifo_fd >= 0)
        close(c->fifo_fd);
    c->fifo_fd = fd;
    return 0;
}

/* WRITE: mode 0 means "the file must exist" (cgroup and proc files cannot be created). */
int op_WRITE(struct ctx *c, const struct op *op, struct error *e)
{
    uint64_t flags = ARG_U(op, 3);
    mode_t mode = (mode_t)ARG_U(op, 2);
    int in_root = (flags & F_IN_ROOT) != 0;
    struct strbuf path = SB_INIT, data = SB_INIT;
    int rc = 0, fd = -1;
    if (flags & F_SUBST) {
        if (subst(c, ARG_S(op, 0), strlen(ARG_S(op, 0)), &path, op, e) < 0 ||
            subst(c, ARG_B(op, 1), ARG_BLEN(op, 1), &data, op, e) < 0)
            return -ESRCH;
    } else {
        sb_adds(&path, ARG_S(op, 0));
        sb_add(&data, ARG_B(op, 1), ARG_BLEN(op, 1));
    }
    if (flags & F_ATOMIC) {
        /* the pid-file rule: <dir>/.<name> O_EXCL|O_SYNC, write, rename over <name> */
        char *name, *buf, tmp[4096];
        int dir = path_parent(c, sb_str(&path), in_root, &name, &buf);
        if (dir < 0) {
            rc = dir;
            goto out;
        }
        snprintf(tmp, sizeof tmp, ".%s", name);
        fd = openat(dir, tmp, O_RDWR | O_CREAT | O_EXCL | O_SYNC | O_CLOEXEC, mode);
        if (fd < 0)
            rc = -errno;
        else if ((rc = write_all(fd, data.buf, data.len)) < 0 || (close(fd) < 0 && (rc = -errno)))
            unlinkat(dir, tmp, 0);
        else if (renameat(dir, tmp, dir, name) < 0) {
            rc = -errno;
            unlinkat(dir, tmp, 0);
        }
        fd = -1;
        close(dir);
        free(buf);
        goto out;
    }
    int oflags = O_WRONLY | (mode ? O_CREAT : 0) | ((flags & F_APPEND) ? O_APPEND : O_TRUNC) |
                 ((flags & F_EXCL) ? O_EXCL : 0);
    fd = path_open_flags(c, sb_str(&path), in_root, oflags, mode);
    if (fd < 0) {
        rc = fd;
        fd = -1;
        goto out;
    }
    rc = write_all(fd, data.buf, data.len); /* one write(2) for proc files such as uid_map */
    if (close(fd) < 0 && rc == 0)
        rc = -errno;
out:
    sb_free(&path);
    sb_free(&data);
    if (rc == -ENOENT && (flags & F_IGNORE_ENOENT))
        return 0;
    return rc < 0 ? err_errno(e, op->label, -rc) : 0;
}

/* rm -rf of what dir/name names, never following symlinks. */
static int remove_tree(int dir, const char *name)
{
    if (unlinkat(dir, name, 0) == 0 || errno == ENOENT)
        return 0;
    if (errno != EISDIR && errno != EPERM)
        return -errno;
    int fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return -errno;
    }
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        int r = remove_tree(fd, de->d_name);
        if (r < 0 && rc == 0)
            rc = r;
    }
    closedir(d);
    if (unlinkat(dir, name, AT_REMOVEDIR) < 0 && errno != ENOENT && rc == 0)
        rc = -errno;
    return rc;
}

int op_REMOVE(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    const char *path = ARG_S(op, 0);
    uint64_t flags = ARG_U(op, 1);
    int rc = 0;
    if (flags & F_RMDIR) {
        /* cgroup directories stay busy for a moment after their last task exits */
        for (long long deadline = now_ms() + 1000;; sleep_ms(10)) {
            rc = rmdir(path) < 0 ? -errno : 0;
            if (rc != -EBUSY || now_ms() > deadline)
                break;
        }
    } else if (flags & F_RECURSIVE) {
        rc = remove_tree(AT_FDCWD, path);
    } else if (unlink(path) < 0) {
        rc = -errno;
        if ((rc == -EISDIR || rc == -EPERM) && rmdir(path) == 0)
            rc = 0;
    }
    if (rc == -ENOENT && (flags & F_IGNORE_ENOENT))
        return 0;
    return rc < 0 ? err_errno(e, op->label, -rc) : 0;
}

/* The pid argument of KILL, WAIT_GONE and FIFO_RELEASE: substituted, then parsed. */
static int pid_arg(struct ctx *c, const struct op *op, int i, pid_t *pid, struct error *e)
{
    struct strbuf s = SB_INIT;
    if (subst(c, ARG_S(op, i), strlen(ARG_S(op, i)), &s, op, e) < 0)
        return -ESRCH;
    int rc = parse_pid(sb_str(&s), pid);
    if (rc < 0)
        err_reason(e, op->label, rc, "invalid pid \"%s\"", sb_str(&s));
    sb_free(&s);
    return rc;
}

int op_KILL(struct ctx *c, const struct op *op, struct error *e)
{
    pid_t pid;
    if (pid_arg(c, op, 0, &pid, e) < 0)
        return -EINVAL;
    if (kill(pid, (int)ARG_U(op, 1)) < 0) {
        if (errno == ESRCH && (ARG_U(op, 2) & F_IGNORE_ESRCH))
            return 0;
        return err_errno(e, op->label, errno);
    }
    return 0;
}

int op_SIGNAL_CGROUP(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    int sig = (int)ARG_U(op, 1);
    /* SIGKILL: repeat until the cgroup stays empty (forks racing the first pass) */
    for (int round = 0; round < (sig == SIGKILL ? 100 : 1); round++) {
        struct strbuf b = SB_INIT;
        int rc = read_file(ARG_S(op, 0), &b);
        if (rc < 0) {
            sb_free(&b);
            if (rc == -ENOENT && (ARG_U(op, 2) & F_IGNORE_ENOENT))
                return 0;
            return err_errno(e, op->label, -rc);
        }
        int any = 0;
        char *save = NULL;
        for (char *l = strtok_r((char *)sb_str(&b), "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
            pid_t pid;
            if (parse_pid(l, &pid) < 0)
                continue;
            any = 1;
            if (kill(pid, sig) < 0 && errno != ESRCH) {
                sb_free(&b);
                return err_errno(e, op->label, errno);
            }
        }
        sb_free(&b);
        if (!any)
            break;
        if (sig == SIGKILL)
            sleep_ms(10);
    }
    return 0;
}

/* Gone: reaped by us, vanished, a zombie, or a different process now holds the pid. */
static int gone(pid_t pid, unsigned long long start)
{
    int ws;
    pid_t r = waitpid(pid, &ws, WNOHANG);
    if (r == pid)
        return 1;
    if (!proc_alive(pid, start)) {
        if (r == 0) /* our zombie: reap it so it does not linger (PID 1 here does not) */
            waitpid(pid, &ws, WNOHANG);
        return 1;
    }
    return 0;
}

int op_WAIT_GONE(struct ctx *c, const struct op *op, struct error *e)
{
    pid_t pid;
    if (pid_arg(c, op, 0, &pid, e) < 0)
        return -EINVAL;
    long long deadline = now_ms() + (long long)ARG_U(op, 2);
    while (!gone(pid, ARG_U(op, 1))) {
        if (now_ms() >= deadline)
            return err_text(e, op->label[0] ? op->label : "timed out waiting for process", -ETIMEDOUT);
        sleep_ms(10);
    }
    return 0;
}

int op_FIFO_RELEASE(struct ctx *c, const struct op *op, struct error *e)
{
    const char *path = ARG_S(op, 0);
    pid_t pid;
    if (pid_arg(c, op, 1, &pid, e) < 0)
        return -EINVAL;
    unsigned long long start = ARG_U(op, 2);
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return err_errno(e, op->label, errno);
    size_t total = 0;
    char buf[64];
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        int n = poll(&p, 1, 100);
        if (n < 0 && errno != EINTR) {
            int err = errno;
            close(fd);
            return err_errno(e, op->label, err);
        }
        if (n > 0) {
            /* data or hang-up: read to EOF (EAGAIN means the writer is still connected) */
            ssize_t r = read(fd, buf, sizeof buf);
            if (r > 0) {
                total += (size_t)r;
                continue;
            }
            if (r == 0)
                break;
            if (errno != EAGAIN && errno != EINTR) {
                int err = errno;
                close(fd);
                return err_errno(e, op->label, err);
            }
        }
        if (!proc_alive(pid, start)) {
            ssize_t r = read(fd, buf, sizeof buf);
            if (r > 0) {
                total += (size_t)r;
                break;
            }
            close(fd);
            return err_reason(e, op->label, -ESRCH, "container process is already dead");
        }
    }
    close(fd);
    if (total == 0)
        return err_reason(e, op->label, -EBUSY, "cannot start an already running container");
    if (unlink(path) < 0 && errno != ENOENT)
        return err_errno(e, op->label, errno);
    return 0;
}

int op_CGROUP_JOIN(struct ctx *c, const struct op *op, struct error *e)
{
    if (c->pid <= 0)
        return err_reason(e, op->label, -ESRCH, "no process to join");
    char pid[16];
    int len = snprintf(pid, sizeof pid, "%d", (int)c->pid);
    int fd = open(ARG_S(op, 0), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return err_errno(e, op->label, errno);
    int rc = write_all(fd, pid, (size_t)len);
    close(fd);
    return rc < 0 ? err_errno(e, op->label, -rc) : 0;
}

int op_PRESERVE_FDS(struct ctx *c, const struct op *op, struct error *e)
{
    int n = (int)ARG_U(op, 0);
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (fstat(3 + i, &st) < 0) {
            char buf[128];
            return err_reason(e, op->label, -errno, "unable to stat preserved-fd %d (of %d): %s", i, n,
                              errno_text(errno, buf, sizeof buf));
        }
        int fl = fcntl(3 + i, F_GETFD);
        if (fl >= 0)
            fcntl(3 + i, F_SETFD, fl & ~FD_CLOEXEC);
    }
    c->preserve_fds = n;
    return 0;
}

int op_STATE_SOCKET(struct ctx *c, const struct op *op, struct error *e)
{
    struct strbuf state = SB_INIT;
    if (subst(c, ARG_B(op, 1), ARG_BLEN(op, 1), &state, op, e) < 0)
        return -ESRCH;
    int fd = connect_unix(ARG_S(op, 0));
    if (fd < 0) {
        sb_free(&state);
        return err_errno(e, op->label, -fd);
    }
    int rc = send_fd(fd, state.buf, state.len, c->seccomp_fd);
    close(fd);
    sb_free(&state);
    return rc < 0 ? err_errno(e, op->label, -rc) : 0;
}

/* WAIT_FILE: poll a kernel file (freezer.state) until it reads back the wanted value, e.g. a
 * freezer that says FREEZING until every task is frozen. Logical failure: the label alone. */
int op_WAIT_FILE(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    const char *want = ARG_B(op, 1);
    size_t want_len = ARG_BLEN(op, 1);
    long long deadline = now_ms() + (long long)ARG_U(op, 2);
    for (;;) {
        struct strbuf b = {0};
        int rc = read_file(ARG_S(op, 0), &b);
        if (rc < 0) {
            sb_free(&b);
            return err_errno(e, op->label, -rc);
        }
        size_t n = b.len;
        while (n > 0 && b.buf[n - 1] == '\n')
            n--;
        int same = n == want_len && memcmp(b.buf, want, n) == 0;
        sb_free(&b);
        if (same)
            return 0;
        if (now_ms() >= deadline)
            return err_text(e, op->label[0] ? op->label : "timed out waiting for file", -ETIMEDOUT);
        sleep_ms(1);
    }
}
