/*
 * jrunc: the native front. It seals itself, gets a plan (from the planner JVM, or from
 * JRUNC_PLAN_FD), validates it and executes it. All policy lives in the plan.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "log.h"
#include "planner_link.h"
#include "seal.h"
#include "spawn.h"

extern char **environ;

static __attribute__((noreturn)) void die(const char *msg, int code)
{
    log_error(msg);
    exit(code);
}

int main(int argc, char **argv)
{
    (void)argc;
    struct error e = {0};
    const char *what = "";
    int rc = seal_self(argv, environ, &what);
    if (rc < 0) {
        err_errno(&e, what, -rc);
        char msg[ERROR_MAX + 64];
        snprintf(msg, sizeof msg, "unable to seal the jrunc binary: %s", e.msg);
        die(msg, 1);
    }
    /* Sealed: /proc/self/exe is the memfd now, so the home came with us in the environment. */
    const char *home_env = getenv("_JRUNC_HOME");
    char *home = home_env ? strdup(home_env) : find_home();
    unsetenv("_JRUNC_HOME");
    if (!home)
        home = strdup(".");

    struct strbuf raw = SB_INIT;
    const char *plan_fd = getenv("JRUNC_PLAN_FD");
    int planner_status = 0, from_planner = !(plan_fd && *plan_fd);
    if (!from_planner) {
        char *end;
        long fd = strtol(plan_fd, &end, 10);
        if (*end || fd < 0 || fd > 0x7fffffff)
            die("invalid JRUNC_PLAN_FD", 1);
        rc = plan_from_fd((int)fd, &raw, &e);
    } else {
        rc = plan_from_planner(home, argv, environ, &raw, &planner_status, &e);
    }
    if (rc < 0)
        die(e.msg, 1);

    struct plan plan;
    rc = plan_decode((const uint8_t *)raw.buf, raw.len, &plan, &e);
    if (rc < 0) {
        if (from_planner && planner_status != 0)
            exit(planner_status); /* the planner already said why */
        die(from_planner && raw.len == 0 ? "planner failed" : e.msg, 1);
    }
    sb_free(&raw);
    const char *dump = getenv("JRUNC_DUMP_PLAN");
    if (dump && strcmp(dump, "1") == 0)
        plan_dump(&plan, stderr);

    struct ctx c;
    ctx_init(&c, &plan);
    return plan_execute(&c);
}
