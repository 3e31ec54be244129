/*
 * Running a plan: host-only plans, and the spawn sequence (front -> stage child -> container
 * process, with CLONE_PARENT so the container process is the front's own child).
 */
#ifndef JRUNC_SPAWN_H
#define JRUNC_SPAWN_H

#include "ctx.h"

/* Run the whole plan; returns only on success (the process exit code: 0). On failure it reports,
 * runs UNDO and exits. */
int plan_execute(struct ctx *c);

/* Report e (the front logs it; elsewhere it is sent to the front), run UNDO in the front, exit. */
__attribute__((noreturn)) void fail_and_exit(struct ctx *c, struct error *e);

#endif
