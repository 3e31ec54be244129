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
#include "planner_server.h"
#include "seal.h"
#include "spawn.h"

extern char **environ;

static char **main_argv;

/* Is a (one or two dashes stripped, n chars) this runc global flag? */
static int flag_is(const char *a, size_t n, const char *name)
{
    return n == strlen(name) && strncmp(a, name, n) == 0;
}

/*
 * Failures before there is a plan (the planner JVM missing or dead) still go where the caller asked,
 * as runc's do: containerd's shim reads only the --log file. Reads runc's global flags, nothing more.
 */
static void early_log(char **argv)
{
    const char *path = NULL, *format = NULL;
    for (int i = 1; argv && argv[i] && argv[i][0] == '-'; i++) {
        const char *a = argv[i] + (argv[i][1] == '-' ? 2 : 1);
        const char *eq = strchr(a, '=');
        size_t n = eq ? (size_t)(eq - a) : strlen(a);
        int is_log = flag_is(a, n, "log"), is_format = flag_is(a, n, "log-format");
        if (!is_log && !is_format && !flag_is(a, n, "root") && !flag_is(a, n, "criu") && !flag_is(a, n, "rootless"))
            continue; /* --debug, --systemd-cgroup take no separate value */
        const char *val = eq ? eq + 1 : argv[i + 1];
        if (!val)
            break;
        if (!eq)
            i++;
        if (is_log)
            path = val;
        else if (is_format)
            format = val;
    }
    struct error e = {0};
    if (path || format)
        log_configure(path, format, "", 1, &e); /* cannot open it: stderr it is */
}

/* runc's global --debug (before the command), which makes the front say how it got the plan. */
static int debug_requested(char **argv)
{
    for (int i = 1; argv[i] && argv[i][0] == '-'; i++) {
        const char *a = argv[i] + (argv[i][1] == '-' ? 2 : 1);
        if (strcmp(a, "debug") == 0 || strcmp(a, "debug=true") == 0 || strcmp(a, "debug=1") == 0)
            return 1;
        if (!strchr(a, '=') && (strcmp(a, "log") == 0 || strcmp(a, "log-format") == 0 || strcmp(a, "root") == 0 ||
                                strcmp(a, "criu") == 0 || strcmp(a, "rootless") == 0))
            i++; /* its value */
    }
    return 0;
}

static void debug_line(int debug, const char *fmt, const char *a, const char *b)
{
    if (!debug)
        return;
    char msg[ERROR_MAX + 256];
    snprintf(msg, sizeof msg, fmt, a, b);
    early_log(main_argv);
    log_debug(msg);
}

/*
 * Warm mode: the plan from a running `jrunc server`. Returns 1 with a validated plan; 0 when there is
 * none (no server, declined, slow, not a valid plan): the caller plans cold, with no trace but --debug's.
 */
static int plan_warm(const char *home, char **argv, struct strbuf *raw, struct plan *plan, int debug)
{
    const char *sock = planner_socket_path();
    if (!sock)
        return 0;
    struct strbuf request = SB_INIT;
    char why[ERROR_MAX] = "";
    int rc = planner_request(home, argv, environ, &request);
    if (rc < 0) {
        snprintf(why, sizeof why, "cwd: %s", strerror(-rc));
    } else if (plan_from_server(sock, &request, raw, why, sizeof why) == 0) {
        struct error e = {0};
        if (plan_decode((const uint8_t *)raw->buf, raw->len, plan, &e) == 0) {
            sb_free(&request);
            debug_line(debug, "planned by the planner server at %s%s", sock, "");
            return 1;
        }
        snprintf(why, sizeof why, "%s", e.msg);
    }
    sb_free(&request);
    sb_free(raw);
    debug_line(debug, "planner server at %s unavailable (%s): planning cold", sock, why);
    return 0;
}

static __attribute__((noreturn)) void die(const char *msg, int code)
{
    early_log(main_argv);
    log_error(msg);
    exit(code);
}

int main(int argc, char **argv)
{
    (void)argc;
    main_argv = argv;
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
    struct plan plan;
    const char *plan_fd = getenv("JRUNC_PLAN_FD");
    int planner_status = 0, from_planner = !(plan_fd && *plan_fd);
    if (from_planner && plan_warm(home, argv, &raw, &plan, debug_requested(argv)))
        goto execute;
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

    rc = plan_decode((const uint8_t *)raw.buf, raw.len, &plan, &e);
    if (rc < 0) {
        if (from_planner && planner_status != 0) {
            /* the JVM said why on stderr; the log file still needs its error line */
            char msg[64];
            snprintf(msg, sizeof msg, "planner failed: exit status %d", planner_status);
            die(msg, planner_status);
        }
        die(from_planner && raw.len == 0 ? "planner failed" : e.msg, 1);
    }
execute:
    sb_free(&raw);
    const char *dump = getenv("JRUNC_DUMP_PLAN");
    if (dump && strcmp(dump, "1") == 0)
        plan_dump(&plan, stderr);

    struct ctx c;
    ctx_init(&c, &plan);
    return plan_execute(&c);
}
