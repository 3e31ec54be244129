/*
 * Getting the plan: from the planner JVM the front starts (cold mode), or from an fd an embedder
 * gives in JRUNC_PLAN_FD (executor mode).
 */
#ifndef JRUNC_PLANNER_LINK_H
#define JRUNC_PLANNER_LINK_H

#include "errors.h"
#include "util.h"

/* Read the plan from fd. Returns 0 or -errno. */
int plan_from_fd(int fd, struct strbuf *out, struct error *e);

/* Start the planner JVM with the caller's argv and read its stdout into out. *status gets the
 * JVM's exit status as an exit code (128+signal if killed). Returns 0 or -errno (start failed). */
int plan_from_planner(const char *home, char **argv, char **envp, struct strbuf *out, int *status,
                      struct error *e);

#endif
