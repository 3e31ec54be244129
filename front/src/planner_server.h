/*
 * Warm mode: asking a running `jrunc server` for the plan over a unix socket, instead of starting a
 * JVM. Any failure before the whole answer is in (no server, refused, declined, slow, cut short) is
 * reported to the caller, which then plans cold: the server is only ever a shortcut.
 */
#ifndef JRUNC_PLANNER_SERVER_H
#define JRUNC_PLANNER_SERVER_H

#include <stddef.h>

#include "util.h"

/* Where the server listens unless JRUNC_PLANNER_SOCKET says otherwise ("" there: never ask). */
#define PLANNER_SOCKET_DEFAULT "/run/jrunc-planner/planner.sock"

/* The whole conversation (connect, request, answer) must fit in this, or the front plans cold. */
#define PLANNER_DEADLINE_MS 3000

/* The socket to ask, or NULL when warm mode is switched off. */
const char *planner_socket_path(void);

/* Encode the request: what a cold planner JVM would inherit (argv after argv[0], env with
 * JRUNC_HOME=home, cwd, our pid). Returns 0, or -errno when the cwd cannot be named. */
int planner_request(const char *home, char **argv, char **envp, struct strbuf *out);

/* Ask the server at path for the plan. Returns 0 with the complete answer in out, or -1 with why
 * (for --debug) in why. */
int plan_from_server(const char *path, const struct strbuf *request, struct strbuf *out, char *why,
                     size_t why_len);

#endif
