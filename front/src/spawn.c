/*
 * The spawn sequence (docs/plan-protocol.md):
 *
 *   front: PREPARE -> fork stage child ----------------------------------------------------+
 *   stage child: NAMESPACES (setns, unshare, ...) -> CLONE(flags | CLONE_PARENT)          |
 *        sends PID, exits                  container process: waits for GO              |
 *   front: reaps the stage child, ATTACH (id maps, cgroup), sends GO                       |
 *                                          MOUNTS -> HOOKS? -> FINALIZE (FIFO_WAIT / EXEC) |
 *   front: HOST_HOOKS on request; waits for READY or EOF (the sync fd is close-on-exec)    |
 *   front: COMPLETE                                                                        |
 *
 * The stage child exists because setns(CLONE_NEWPID) and unshare(CLONE_NEWUSER) only take effect for
 * children (or not at all in a multi-process front); CLONE_PARENT makes its clone the front's child,
 * so the front can wait for it and callers' subreapers see a descendant.
 */
#include "spawn.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "strace.h"
#include "sync.h"

void fail_and_exit(struct ctx *c, struct error *e)
{
    if (!e->set)
        err_text(e, "internal error", -EIO);
    if (c->role != ROLE_FRONT) {
        /* One process owns the log: the front reports what we send. */
        if (c->sync_fd >= 0)
            sync_send(c->sync_fd, SYNC_ERROR, e->msg, strlen(e->msg), -1);
        _exit(1);
    }
    log_error(e->msg);
    run_undo(c);
    exit(e->exit_code > 0 ? e->exit_code : log_failure_code());
}

static __attribute__((noreturn)) void container_main(struct ctx *c)
{
    struct error e = {0};
    struct sync_msg m;
    c->role = ROLE_CONTAINER;
    /* Die with the front until READY: a half-made container must not outlive its creator. The
     * parent is the front (CLONE_PARENT); in a new pid namespace getppid() says 0, so a front that
     * died before the prctl is detected by EOF on the sync socket instead. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    c->pdeathsig_armed = 1;
    /* ${pid} inside the container is the pid it sees itself as (1 for an init), as runc gives
     * createContainer and startContainer hooks. */
    c->pid = getpid();
    proc_stat(c->pid, NULL, &c->start_time);

    if (sync_recv(c->sync_fd, &m) <= 0 || m.kind != SYNC_GO)
        _exit(1);
    if (run_section(c, SEC_MOUNTS, &e) < 0)
        fail_and_exit(c, &e);
    if (c->plan->sections[SEC_HOST_HOOKS].count > 0) {
        if (sync_send(c->sync_fd, SYNC_HOOKS, NULL, 0, -1) < 0)
            _exit(1);
        if (sync_recv(c->sync_fd, &m) <= 0 || m.kind != SYNC_HOOKS_DONE)
            _exit(1);
    }
    if (run_section(c, SEC_FINALIZE, &e) < 0)
        fail_and_exit(c, &e);
    _exit(0); /* a plan without EXEC: the process is done */
}

int op_CLONE(struct ctx *c, const struct op *op, struct error *e)
{
    if (c->role != ROLE_STAGE)
        return err_reason(e, op->label, -EINVAL, "CLONE outside the stage child");
    uint64_t flags = ARG_U(op, 0) | CLONE_PARENT | SIGCHLD;
    long pid = syscall(SYS_clone, (unsigned long)flags, NULL, NULL, NULL, NULL);
    if (pid < 0)
        return err_errno(e, op->label, errno);
    if (pid == 0)
        container_main(c);
    uint32_t p = (uint32_t)pid;
    if (sync_send(c->sync_fd, SYNC_PID, &p, sizeof p, -1) < 0)
        kill((pid_t)pid, SIGKILL);
    _exit(0);
}

static __attribute__((noreturn)) void stage_main(struct ctx *c, pid_t front)
{
    struct error e = {0};
    c->role = ROLE_STAGE;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != front)
        _exit(1);
    ctx_close_inherited_fds(c);
    run_section(c, SEC_NAMESPACES, &e); /* returns only on failure: CLONE exits */
    fail_and_exit(c, &e);
}

/* Copy the container process's seccomp listener fd (its number is the payload) with pidfd_getfd. */
static int take_listener(struct ctx *c, const struct sync_msg *m, struct error *e)
{
    uint32_t num;
    if (m->fd >= 0)
        close(m->fd);
    if (m->len != sizeof num)
        return err_reason(e, "sync", -EPROTO, "bad seccomp fd message");
    memcpy(&num, m->payload, sizeof num);
    int pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0);
    if (pidfd < 0)
        return err_errno(e, "pidfd_open of the container process", errno);
    int fd = (int)syscall(SYS_pidfd_getfd, pidfd, (int)num, 0);
    int err = errno;
    close(pidfd);
    if (fd < 0)
        return err_errno(e, "get the seccomp listener fd of the container process", err);
    if (c->seccomp_fd >= 0)
        close(c->seccomp_fd);
    c->seccomp_fd = fd;
    return 0;
}

/* Front side of the conversation after GO: host hooks, the seccomp fd, READY or EOF. */
static int await_ready(struct ctx *c, struct error *e)
{
    struct sync_msg m;
    for (;;) {
        int n = sync_recv(c->sync_fd, &m);
        if (n < 0)
            return err_errno(e, "read from container process", -n);
        if (n == 0)
            return 0; /* the close-on-exec sync fd went away: EXEC succeeded */
        switch (m.kind) {
        case SYNC_HOOKS: {
            int rc = run_section(c, SEC_HOST_HOOKS, e);
            if (rc < 0)
                return rc;
            if ((rc = sync_send(c->sync_fd, SYNC_HOOKS_DONE, NULL, 0, -1)) < 0)
                return err_errno(e, "signal container process", -rc);
            break;
        }
        case SYNC_SECCOMP_FD: {
            int rc = take_listener(c, &m, e);
            if (rc < 0)
                return rc;
            if ((rc = run_section(c, SEC_SECCOMP_AGENT, e)) < 0)
                return rc;
            if ((rc = sync_send(c->sync_fd, SYNC_SECCOMP_DONE, NULL, 0, -1)) < 0)
                return err_errno(e, "signal container process", -rc);
            break;
        }
        case SYNC_STRACE_FD: {
            int rc = strace_take_listener(c, &m, e);
            if (rc < 0 || (rc = run_section(c, SEC_STRACE, e)) < 0)
                return rc;
            break;
        }
        case SYNC_READY:
            return 0;
        case SYNC_ERROR:
            return err_text(e, m.payload, -EIO);
        default:
            if (m.fd >= 0)
                close(m.fd);
            return err_reason(e, "sync", -EPROTO, "unexpected message %u", m.kind);
        }
    }
}

/* Fork the stage child and learn the container process's pid. */
static int spawn(struct ctx *c, struct error *e)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
        return err_errno(e, "sync socketpair", errno);
    pid_t front = getpid();
    pid_t stage = fork();
    if (stage < 0)
        return err_errno(e, "fork stage child", errno);
    if (stage == 0) {
        close(sv[0]);
        c->sync_fd = sv[1];
        stage_main(c, front);
    }
    close(sv[1]);
    c->sync_fd = sv[0];
    if (c->console_sock >= 0) { /* only the container process sends on it */
        close(c->console_sock);
        c->console_sock = -1;
    }

    struct sync_msg m;
    int n = sync_recv(c->sync_fd, &m);
    int ws;
    while (waitpid(stage, &ws, 0) < 0 && errno == EINTR)
        ;
    if (n < 0)
        return err_errno(e, "read from stage child", -n);
    if (n == 0)
        return err_reason(e, "stage child", -EIO, "exited without a pid (status %d)", ws);
    if (m.kind == SYNC_ERROR)
        return err_text(e, m.payload, -EIO);
    if (m.kind != SYNC_PID || m.len != sizeof(uint32_t))
        return err_reason(e, "stage child", -EPROTO, "unexpected message %u", m.kind);
    uint32_t pid;
    memcpy(&pid, m.payload, sizeof pid);
    c->pid = (pid_t)pid;
    proc_stat(c->pid, NULL, &c->start_time);
    return 0;
}

int plan_execute(struct ctx *c)
{
    struct error e = {0};
    if (run_section(c, SEC_PREPARE, &e) < 0)
        fail_and_exit(c, &e);
    if (c->plan->sections[SEC_NAMESPACES].present) {
        if (spawn(c, &e) < 0 || run_section(c, SEC_ATTACH, &e) < 0)
            fail_and_exit(c, &e);
        int rc = sync_send(c->sync_fd, SYNC_GO, NULL, 0, -1);
        if (rc < 0) {
            err_errno(&e, "signal container process", -rc);
            fail_and_exit(c, &e);
        }
        if (await_ready(c, &e) < 0)
            fail_and_exit(c, &e);
        close(c->sync_fd);
        c->sync_fd = -1;
    }
    if (run_section(c, SEC_COMPLETE, &e) < 0)
        fail_and_exit(c, &e);
    return 0;
}
