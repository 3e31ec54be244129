/* --strace: the front's half of the listener hand-over (the ops live in strace.c). */
#ifndef JRUNC_STRACE_H
#define JRUNC_STRACE_H

#include "ctx.h"
#include "sync.h"

/* SYNC_STRACE_FD: copy the announced listener fd out of the container process into c->strace_fd. */
int strace_take_listener(struct ctx *c, const struct sync_msg *m, struct error *e);

#endif
