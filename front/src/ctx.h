/*
 * The execution context: what the ops of one plan share while it runs. The front, the stage child
 * and the container process each hold their own copy (fork copies it), so fields are only ever
 * meaningful in the role that sets them.
 */
#ifndef JRUNC_CTX_H
#define JRUNC_CTX_H

#include <stdint.h>
#include <sys/types.h>

#include "errors.h"
#include "plan.h"
#include "util.h"

enum role { ROLE_FRONT, ROLE_STAGE, ROLE_CONTAINER };

struct ctx {
    struct plan *plan;
    enum role role;

    pid_t pid;                       /* ${pid}: the container process (host pid in the front) */
    unsigned long long start_time;   /* ${start_time} */

    int sync_fd;                     /* front <-> container process (SOCK_SEQPACKET), or -1 */
    int fifo_fd;                     /* MKFIFO's O_PATH fd, for FIFO_WAIT */
    int console_sock;                /* where CONSOLE sends the pty master */
    int console_peer;                /* the front's end of the internal console pair */
    int seccomp_fd;                  /* listener fd the container process sent (STATE_SOCKET) */
    int strace_fd;                   /* --strace's listener, taken from the container process (STRACE_SUPERVISOR) */
    int notify_fd;                   /* NOTIFY_BIND's datagram socket, for NOTIFY_FORWARD */
    int preserve_fds;                /* PRESERVE_FDS count: fds 3..3+n-1 survive EXEC */

    char *rootfs;                    /* ROOTFS host path, until PIVOT_ROOT */
    int root_fd;                     /* O_PATH dir fd for IN_ROOT resolution, or -1 */

    char *exec_path;                 /* PREPARE_EXEC's resolved binary */
    char **exec_argv, **exec_envp;

    int pdeathsig_armed;             /* re-arm PR_SET_PDEATHSIG after credential changes */

    int fg_status;                   /* FOREGROUND's remembered exit status */
    int fg_done;
};

void ctx_init(struct ctx *c, struct plan *p);

/* In the stage child, before anything else: close every fd but stdio, the preserved fds and the
 * ones the spawn needs (sync, exec fifo, console socket). Like runc's init, a container waiting on
 * exec.fifo must not hold the front's flock (`start` would block on it), its log, or whatever
 * the caller leaked into the front (the shim's pipes). */
void ctx_close_inherited_fds(struct ctx *c);

typedef int (*op_fn)(struct ctx *c, const struct op *op, struct error *e);

/* Run one op / every op of a section. Returns 0 or a negative errno with e filled. */
int run_op(struct ctx *c, const struct op *op, struct error *e);
int run_section(struct ctx *c, int section, struct error *e);
/* UNDO: every op runs, errors are ignored. */
void run_undo(struct ctx *c);

/* Replace ${pid} and ${start_time}; fails with -ESRCH when ${pid} is used before a pid exists. */
int subst(struct ctx *c, const char *in, size_t len, struct strbuf *out, const struct op *op,
          struct error *e);

/* Every op handler, named op_<NAME>, from plan.def. */
#define OP(name, code, sig) int op_##name(struct ctx *c, const struct op *op, struct error *e);
#include "plan.def"
#undef OP

/* Argument accessors (the decoder already checked kinds against the signature). */
#define ARG_S(op, i) ((op)->args[i].str)
#define ARG_U(op, i) ((op)->args[i].u)
#define ARG_B(op, i) ((op)->args[i].str)
#define ARG_BLEN(op, i) ((op)->args[i].len)
#define ARG_V(op, i) ((op)->args[i].strv)

#endif
