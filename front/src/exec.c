/*
 * The last steps of the container process: resolve the binary early (PREPARE_EXEC, so a missing
 * binary fails create, as in runc), wait on exec.fifo (FIFO_WAIT) and execve (EXEC).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/close_range.h>

#include "ctx.h"
#include "sync.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* Go's exec.findExecutable: a regular file with some execute bit. */
static int find_executable(const char *file)
{
    struct stat st;
    if (stat(file, &st) < 0)
        return -errno;
    if (S_ISDIR(st.st_mode))
        return -EISDIR;
    return (st.st_mode & 0111) ? 0 : -EACCES;
}

/* Go's exec.LookPath with PATH taken from the process env. Error texts match Go's. */
static int look_path(const char *label, const char *name, char **envp, char **out, struct error *e)
{
    char buf[256];
    if (strchr(name, '/')) {
        int rc = find_executable(name);
        if (rc == 0) {
            *out = strdup(name);
            return 0;
        }
        struct stat st;
        if (stat(name, &st) < 0) /* Go wraps the stat error: `stat <name>: <reason>` */
            return err_reason(e, label, rc, "exec: \"%s\": stat %s: %s", name, name,
                              errno_text(-rc, buf, sizeof buf));
        return err_reason(e, label, rc, "exec: \"%s\": %s", name, errno_text(-rc, buf, sizeof buf));
    }
    const char *path = DEFAULT_PATH;
    for (char **p = envp; p && *p; p++)
        if (strncmp(*p, "PATH=", 5) == 0)
            path = *p + 5;
    char *copy = strdup(path);
    for (char *dir = copy, *next; dir; dir = next) {
        next = strchr(dir, ':');
        if (next)
            *next++ = '\0';
        char *cand;
        if (asprintf(&cand, "%s/%s", *dir ? dir : ".", name) < 0)
            break;
        if (find_executable(cand) == 0) {
            *out = cand;
            free(copy);
            return 0;
        }
        free(cand);
    }
    free(copy);
    return err_reason(e, label, -ENOENT, "exec: \"%s\": executable file not found in $PATH", name);
}

int op_PREPARE_EXEC(struct ctx *c, const struct op *op, struct error *e)
{
    char **argv = ARG_V(op, 0);
    if (!argv[0])
        return err_reason(e, op->label, -EINVAL, "args must not be empty");
    free(c->exec_path);
    c->exec_path = NULL;
    int rc = look_path(op->label, argv[0], ARG_V(op, 1), &c->exec_path, e);
    if (rc < 0)
        return rc;
    c->exec_argv = argv;
    c->exec_envp = ARG_V(op, 1);
    return 0;
}

/* Past READY the container outlives the front (create returns), so stop dying with it. */
static void disarm_pdeathsig(struct ctx *c)
{
    prctl(PR_SET_PDEATHSIG, 0);
    c->pdeathsig_armed = 0;
}

int op_FIFO_WAIT(struct ctx *c, const struct op *op, struct error *e)
{
    if (c->fifo_fd < 0)
        return err_reason(e, op->label, -EBADF, "no exec fifo");
    disarm_pdeathsig(c);
    if (c->sync_fd >= 0 && sync_send(c->sync_fd, SYNC_READY, NULL, 0, -1) < 0)
        _exit(1); /* the front is gone: nobody will ever start us */
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", c->fifo_fd);
    int fd;
    do /* blocks until `start` opens the fifo for reading */
        fd = open(path, O_WRONLY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return err_errno(e, op->label, errno);
    int rc = write_all(fd, "0", 1);
    close(fd);
    close(c->fifo_fd);
    c->fifo_fd = -1;
    return rc < 0 ? err_errno(e, op->label, -rc) : 0;
}

int op_EXEC(struct ctx *c, const struct op *op, struct error *e)
{
    if (!c->exec_path)
        return err_reason(e, op->label, -EINVAL, "EXEC without PREPARE_EXEC");
    /* CVE-2024-21626: nothing but stdio and the preserved fds crosses into the container */
    if (syscall(SYS_close_range, 3U + (unsigned)c->preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
        return err_errno(e, op->label, errno);
    disarm_pdeathsig(c);
    execve(c->exec_path, c->exec_argv, c->exec_envp);
    int err = errno;
    char buf[256];
    err_reason(e, op->label, -err, "exec: \"%s\": %s", c->exec_path, errno_text(err, buf, sizeof buf));
    if (c->sync_fd >= 0)
        sync_send(c->sync_fd, SYNC_ERROR, e->msg, strlen(e->msg), -1);
    _exit(err == ENOENT ? 127 : 126);
}
