/* Stage-child ops: join and create namespaces before CLONE (which lives in spawn.c). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include "ctx.h"

int op_SETNS(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    int fd = open(ARG_S(op, 0), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_errno(e, op->label, errno);
    int rc = setns(fd, (int)ARG_U(op, 1));
    int err = errno;
    close(fd);
    return rc < 0 ? err_errno(e, op->label, err) : 0;
}

int op_UNSHARE(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    return unshare((int)ARG_U(op, 0)) < 0 ? err_errno(e, op->label, errno) : 0;
}

int op_UNSHARE_SELF(struct ctx *c, const struct op *op, struct error *e)
{
    return op_UNSHARE(c, op, e);
}
