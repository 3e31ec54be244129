/* The op interpreter: dispatch by op code, section runs, UNDO, and placeholder substitution. */
#include "ctx.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const op_fn handlers[OP_MAX_] = {
#define OP(name, code, sig) [code] = op_##name,
#include "plan.def"
#undef OP
};

void ctx_init(struct ctx *c, struct plan *p)
{
    memset(c, 0, sizeof *c);
    c->plan = p;
    c->role = ROLE_FRONT;
    c->sync_fd = c->fifo_fd = c->console_sock = c->console_peer = c->seccomp_fd = c->root_fd = c->strace_fd = c->notify_fd = -1;
}

void ctx_close_inherited_fds(struct ctx *c)
{
    int keep[] = {c->sync_fd, c->fifo_fd, c->console_sock, c->root_fd, c->seccomp_fd};
    int fds[1024], n = 0;
    DIR *d = opendir("/proc/self/fd");
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)) && n < (int)(sizeof fds / sizeof fds[0])) {
            int fd = atoi(de->d_name);
            if (de->d_name[0] >= '0' && de->d_name[0] <= '9' && fd != dirfd(d))
                fds[n++] = fd;
        }
        closedir(d);
    }
    for (int i = 0; i < n; i++) {
        int fd = fds[i], kept = fd < 3 + c->preserve_fds;
        for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++)
            kept |= fd == keep[k];
        if (!kept)
            close(fd);
    }
    c->console_peer = -1;
}

int run_op(struct ctx *c, const struct op *op, struct error *e)
{
    return handlers[op->code](c, op, e);
}

int run_section(struct ctx *c, int section, struct error *e)
{
    const struct section *s = &c->plan->sections[section];
    for (size_t i = 0; i < s->count; i++) {
        int rc = run_op(c, &s->ops[i], e);
        if (rc < 0)
            return rc;
    }
    return 0;
}

void run_undo(struct ctx *c)
{
    const struct section *s = &c->plan->sections[SEC_UNDO];
    for (size_t i = 0; i < s->count; i++) {
        struct error ignored = {0};
        run_op(c, &s->ops[i], &ignored);
    }
}

int subst(struct ctx *c, const char *in, size_t len, struct strbuf *out, const struct op *op,
          struct error *e)
{
    static const char pid_key[] = "${pid}", start_key[] = "${start_time}";
    sb_add(out, "", 0);
    for (size_t i = 0; i < len;) {
        if (in[i] == '$' && len - i >= sizeof pid_key - 1 &&
            memcmp(in + i, pid_key, sizeof pid_key - 1) == 0) {
            if (c->pid <= 0)
                return err_reason(e, op->label, -ESRCH, "no process yet for ${pid}");
            sb_addf(out, "%d", (int)c->pid);
            i += sizeof pid_key - 1;
        } else if (in[i] == '$' && len - i >= sizeof start_key - 1 &&
                   memcmp(in + i, start_key, sizeof start_key - 1) == 0) {
            if (c->pid <= 0)
                return err_reason(e, op->label, -ESRCH, "no process yet for ${start_time}");
            sb_addf(out, "%llu", c->start_time);
            i += sizeof start_key - 1;
        } else {
            sb_addc(out, in[i++]);
        }
    }
    return 0;
}
