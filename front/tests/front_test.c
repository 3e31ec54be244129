/*
 * Front tests: drive the built jrunc in executor mode (JRUNC_PLAN_FD) with small plans and check
 * what it did. Runs as root (spawn tests need namespaces). The harness is a child subreaper and
 * kills and reaps whatever is left after each test, and removes its temp dir, even on failure.
 *
 * usage: front_test <path to jrunc> <path to static probe binary>
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "planenc.h"

static const char *jrunc, *probe;
static char tmpdir[256];
static int failures, current_failed;
static const char *current;

#define CHECK(cond, ...)                                                                     \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "  FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);               \
            fprintf(stderr, __VA_ARGS__);                                                    \
            fputc('\n', stderr);                                                             \
            current_failed = 1;                                                              \
            return;                                                                          \
        }                                                                                    \
    } while (0)

struct result {
    int status; /* exit code, or 128+signal */
    char out[65536], err[65536];
};

static const char *const no_args[] = {NULL};

static char *tpath(const char *name)
{
    static char bufs[8][512];
    static int i;
    char *b = bufs[i++ % 8];
    snprintf(b, 512, "%s/%s", tmpdir, name);
    return b;
}

static int read_text(const char *path, char *buf, size_t len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, len - 1);
    close(fd);
    buf[n < 0 ? 0 : n] = '\0';
    return n < 0 ? -1 : (int)n;
}

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Run jrunc with the plan on fd 3 (JRUNC_PLAN_FD=3; p NULL: no plan fd, the planner is used);
 * capture stdout and stderr until jrunc exits (a container it leaves behind may keep the pipes
 * open). argv NULL: just "jrunc". env: extra NAME=VALUE settings. fd 7 is leaked on purpose (not
 * close-on-exec) to check that nothing passes it on. */
static void run_ex(struct penc *p, const char *exe, const char *const *argv, const char *const *env,
                   struct result *r)
{
    static struct penc empty;
    int plan[2], out[2], err[2];
    if (!p)
        p = &empty;
    memset(r, 0, sizeof *r);
    if (pipe2(plan, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
        abort();
    pid_t pid = fork();
    if (pid == 0) {
        if (plan[0] == 3)
            fcntl(3, F_SETFD, 0);
        else
            dup2(plan[0], 3);
        dup2(out[1], 1);
        dup2(err[1], 2);
        int null = open("/dev/null", O_RDONLY);
        dup2(null, 0);
        dup2(null, 7);
        if (p != &empty)
            setenv("JRUNC_PLAN_FD", "3", 1);
        setenv("JRUNC_PLANNER_SOCKET", "", 1); /* no warm server unless a test gives one */
        for (; env && *env; env++)
            putenv((char *)*env);
        static const char *const plain[] = {"jrunc", NULL};
        execv(exe, (char *const *)(argv ? argv : plain));
        _exit(99);
    }
    close(plan[0]);
    close(out[1]);
    close(err[1]);
    /* the plan may be bigger than a pipe buffer: write it while reading outputs */
    fcntl(plan[1], F_SETFL, O_NONBLOCK);
    fcntl(out[0], F_SETFL, O_NONBLOCK);
    fcntl(err[0], F_SETFL, O_NONBLOCK);
    size_t written = 0, olen = 0, elen = 0;
    int wfd = plan[1], ws = 0, done = 0;
    time_t deadline = time(NULL) + 30;
    while (!done) {
        struct pollfd pf[3] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {wfd, POLLOUT, 0}};
        poll(pf, 3, 20);
        if (wfd >= 0 && pf[2].revents) {
            ssize_t w = write(wfd, p->buf + written, p->len - written);
            if (w > 0)
                written += (size_t)w;
            if (written >= p->len || (w < 0 && errno != EAGAIN)) {
                close(wfd);
                wfd = -1;
            }
        }
        ssize_t n;
        while (olen < sizeof r->out - 1 && (n = read(out[0], r->out + olen, sizeof r->out - 1 - olen)) > 0)
            olen += (size_t)n;
        while (elen < sizeof r->err - 1 && (n = read(err[0], r->err + elen, sizeof r->err - 1 - elen)) > 0)
            elen += (size_t)n;
        if (done)
            break;
        if (waitpid(pid, &ws, WNOHANG) == pid)
            done = 1;
        else if (time(NULL) > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &ws, 0);
            done = 1;
        }
    }
    /* one last drain after exit */
    ssize_t n;
    while (olen < sizeof r->out - 1 && (n = read(out[0], r->out + olen, sizeof r->out - 1 - olen)) > 0)
        olen += (size_t)n;
    while (elen < sizeof r->err - 1 && (n = read(err[0], r->err + elen, sizeof r->err - 1 - elen)) > 0)
        elen += (size_t)n;
    if (wfd >= 0)
        close(wfd);
    close(out[0]);
    close(err[0]);
    r->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
    pe_free(p);
}

static void run(struct penc *p, struct result *r) { run_ex(p, jrunc, NULL, NULL, r); }

/* Kill and reap every child we have (we are a subreaper, so orphaned containers land here). */
static void kill_children(void)
{
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/self/task/%d/children", (int)getpid());
    for (int round = 0; round < 50; round++) {
        int n = read_text(path, buf, sizeof buf);
        int any = 0;
        for (char *s = buf; n > 0 && *s;) {
            char *end;
            long pid = strtol(s, &end, 10);
            if (end == s)
                break;
            kill((pid_t)pid, SIGKILL);
            any = 1;
            s = end;
        }
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
        if (!any)
            return;
        usleep(10000);
    }
}

static void rm_rf(const char *path)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf --one-file-system '%s'", path);
    if (system(cmd) != 0)
        fprintf(stderr, "warning: could not remove %s\n", path);
}

static void start_plan(struct penc *p) { pe_init(p); }

/* ---------------------------------------------------------------------------------------------- */

static void test_bad_magic(void)
{
    struct penc p;
    struct result r;
    pe_init_raw(&p);
    size_t at = pe_begin(&p, REC_HELLO);
    pe_u32(&p, 0xdeadbeef);
    pe_u32(&p, PLAN_PROTOCOL_VERSION);
    pe_finish(&p, at);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 1, "status %d", r.status);
    CHECK(strstr(r.err, "invalid plan: bad magic 0xdeadbeef"), "stderr: %s", r.err);
}

static void test_unknown_op(void)
{
    struct penc p;
    struct result r;
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, 99, "", "");
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 1, "status %d", r.status);
    CHECK(strstr(r.err, "invalid plan: unknown op type 99"), "stderr: %s", r.err);
}

static void test_signature_mismatch(void)
{
    struct penc p;
    struct result r;
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_STDOUT, "", "s", "not bytes");
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 1, "status %d", r.status);
    CHECK(strstr(r.err, "invalid plan: expected a bytes argument"), "stderr: %s", r.err);

    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_EXIT, "", "uu", (uint64_t)1, (uint64_t)2);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 1 && strstr(r.err, "more arguments than its signature"), "stderr: %s", r.err);
}

static void test_overrun(void)
{
    struct penc p;
    struct result r;
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_STDOUT, "", "b", "xyz", (size_t)3);
    pe_end(&p);
    /* make the STDOUT op claim more bytes than its section holds */
    size_t op_at = 16 + 16;
    p.buf[op_at + 4] = 0xff;
    run(&p, &r);
    CHECK(r.status == 1, "status %d", r.status);
    CHECK(strstr(r.err, "invalid plan: record overruns its parent"), "stderr: %s", r.err);

    start_plan(&p); /* truncated: no END */
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_EXIT, "", "u", (uint64_t)0);
    pe_finish(&p, p.section_at);
    run(&p, &r);
    CHECK(r.status == 1 && strstr(r.err, "invalid plan: missing END"), "stderr: %s", r.err);
}

static void test_stdout_exit(void)
{
    struct penc p;
    struct result r;
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_STDOUT, "", "b", "hello\n", (size_t)6);
    pe_op(&p, OP_EXIT, "", "u", (uint64_t)7);
    pe_op(&p, OP_STDOUT, "", "b", "never", (size_t)5);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 7, "status %d", r.status);
    CHECK(strcmp(r.out, "hello\n") == 0, "stdout: %s", r.out);
    CHECK(r.err[0] == '\0', "stderr: %s", r.err);
}

static void test_write_atomic(void)
{
    struct penc p;
    struct result r;
    char buf[64];
    start_plan(&p);
    pe_section(&p, SEC_COMPLETE);
    pe_op(&p, OP_WRITE, "write pid file", "sbuu", tpath("init.pid"), "12345", (size_t)5,
          (uint64_t)0644, F_ATOMIC);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 0, "status %d: %s", r.status, r.err);
    CHECK(read_text(tpath("init.pid"), buf, sizeof buf) == 5 && strcmp(buf, "12345") == 0,
          "content \"%s\"", buf);
    CHECK(!exists(tpath(".init.pid")), "temp file left behind");

    /* a stale .<name> makes it fail (O_EXCL), as in runc */
    close(open(tpath(".init.pid"), O_CREAT | O_WRONLY, 0644));
    start_plan(&p);
    pe_section(&p, SEC_COMPLETE);
    pe_op(&p, OP_WRITE, "write pid file", "sbuu", tpath("init.pid"), "1", (size_t)1,
          (uint64_t)0644, F_ATOMIC);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 1 && strstr(r.err, "write pid file: file exists"), "stderr: %s", r.err);
}

static void test_log_text(void)
{
    struct penc p;
    struct result r;
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_LOG_CONFIG, "", "sssu", "", "text", "runc create failed: ", (uint64_t)1);
    pe_op(&p, OP_FAIL, "", "su", "bad \"quote\" \\ here", (uint64_t)3);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 3, "status %d", r.status);
    const char *want = " level=error msg=\"runc create failed: bad \\\"quote\\\" \\\\ here\"\n";
    CHECK(strncmp(r.err, "time=\"", 6) == 0 && strlen(r.err) == 6 + 20 + 1 + strlen(want) &&
              r.err[6 + 19] == 'Z' && strcmp(r.err + 6 + 21, want) == 0,
          "stderr: %s", r.err);

    /* logrus leaves a value bare when it needs no quoting */
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_FAIL, "", "su", "boom", (uint64_t)1);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 1 && strstr(r.err, "Z\" level=error msg=boom\n"), "stderr: %s", r.err);
}

static void test_log_json_file(void)
{
    struct penc p;
    struct result r;
    char buf[4096];
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_LOG_CONFIG, "", "sssu", tpath("log.json"), "json", "", (uint64_t)1);
    pe_op(&p, OP_FAIL, "", "su", "a<b>&c \"d\"", (uint64_t)1);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 1, "status %d", r.status);
    CHECK(strcmp(r.err, "a<b>&c \"d\"\n") == 0, "stderr: %s", r.err);
    CHECK(read_text(tpath("log.json"), buf, sizeof buf) > 0, "no log file");
    const char *head = "{\"level\":\"error\",\"msg\":\"a\\u003cb\\u003e\\u0026c \\\"d\\\"\",\"time\":\"";
    CHECK(strncmp(buf, head, strlen(head)) == 0 && strcmp(buf + strlen(head) + 20, "\"}\n") == 0,
          "log: %s", buf);

    /* json to stderr when there is no log file */
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_LOG_CONFIG, "", "sssu", "", "json", "exec failed: ", (uint64_t)255);
    pe_op(&p, OP_MKDIR, "mkdir /nonexistent/a", "suu", "/nonexistent/a", (uint64_t)0755, (uint64_t)0);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 255, "status %d", r.status);
    CHECK(strncmp(r.err,
                  "{\"level\":\"error\",\"msg\":\"exec failed: mkdir /nonexistent/a: no such file or "
                  "directory\",\"time\":\"",
                  90) == 0,
          "stderr: %s", r.err);
}

static void test_fail_runs_undo(void)
{
    struct penc p;
    struct result r;
    char buf[64];
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_LOG_CONFIG, "", "sssu", tpath("log"), "text", "", (uint64_t)5);
    pe_op(&p, OP_MKDIR, "create state dir", "suu", tpath("nope/deeper"), (uint64_t)0711, (uint64_t)0);
    pe_section(&p, SEC_UNDO);
    pe_op(&p, OP_KILL, "kill ${pid}", "suu", "${pid}", (uint64_t)9, (uint64_t)0); /* skipped: no pid */
    pe_op(&p, OP_WRITE, "", "sbuu", tpath("undone"), "yes", (size_t)3, (uint64_t)0644, (uint64_t)0);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 5, "status %d", r.status);
    CHECK(strcmp(r.err, "create state dir: no such file or directory\n") == 0, "stderr: %s", r.err);
    CHECK(read_text(tpath("undone"), buf, sizeof buf) == 3, "UNDO did not run");
}

/* NETLINK's own errors (no message reaches the kernel, so the host's network is never touched). */
static void test_netlink_errors(void)
{
    /* RTM_NEWLINK "lo" up, as Java builds it */
    static const unsigned char lo_up[] = {40, 0, 0, 0, 16, 0, 5, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                          1,  0, 0, 0, 1,  0, 0, 0, 7, 0, 3, 0, 'l', 'o', 0, 0};
    const char *none[] = {NULL};
    const char *bad_patch[] = {"ifindex:38:lo", NULL};
    struct penc p;
    struct result r;
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_NETLINK, "bring up lo in /nonexistent/ns", "sbvu", "/nonexistent/ns", lo_up, sizeof lo_up, none,
          (uint64_t)0);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 1, "status %d", r.status);
    CHECK(strstr(r.err, "msg=\"bring up lo in /nonexistent/ns: no such file or directory\"\n"), "stderr: %s", r.err);

    start_plan(&p); /* a missing namespace is fine for delete */
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_NETLINK, "delete", "sbvu", "/nonexistent/ns", lo_up, sizeof lo_up, none, F_IGNORE_ENODEV);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 0, "status %d: %s", r.status, r.err);

    start_plan(&p); /* a patch past the end of the message */
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_NETLINK, "patch", "sbvu", "", lo_up, sizeof lo_up, bad_patch, (uint64_t)0);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 1, "status %d", r.status);
    CHECK(strstr(r.err, "msg=\"patch: invalid netlink patch \\\"ifindex:38:lo\\\"\"\n"), "stderr: %s", r.err);
}

static void test_host_files(void)
{
    struct penc p;
    struct result r;
    struct stat st;
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_LOCK, "lock", "s", tpath("lock"));
    pe_op(&p, OP_MKDIR, "", "suu", tpath("a/b/c"), (uint64_t)0711, F_PARENTS);
    pe_op(&p, OP_MKDIR, "", "suu", tpath("a/b/c"), (uint64_t)0711, F_IGNORE_EEXIST);
    pe_op(&p, OP_MKFIFO, "", "su", tpath("a/exec.fifo"), (uint64_t)0622);
    pe_op(&p, OP_WRITE, "", "sbuu", tpath("a/b/c/f"), "x", (size_t)1, (uint64_t)0600, (uint64_t)0);
    pe_op(&p, OP_WRITE, "", "sbuu", tpath("a/b/c/f"), "y", (size_t)1, (uint64_t)0, F_APPEND);
    pe_op(&p, OP_WRITE, "", "sbuu", tpath("a/missing/f"), "y", (size_t)1, (uint64_t)0, F_IGNORE_ENOENT);
    pe_op(&p, OP_REMOVE, "", "su", tpath("gone"), F_IGNORE_ENOENT);
    pe_section(&p, SEC_COMPLETE);
    pe_op(&p, OP_REMOVE, "", "su", tpath("a/b"), F_RECURSIVE);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 0, "status %d: %s", r.status, r.err);
    CHECK(stat(tpath("a/exec.fifo"), &st) == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 07777) == 0622,
          "fifo mode %o", st.st_mode);
    CHECK(!exists(tpath("a/b")) && exists(tpath("a")), "recursive remove");
}

static void test_hook_argv0_env_stdin(void)
{
    struct penc p;
    struct result r;
    char buf[4096], script[1024];
    snprintf(script, sizeof script,
             "{ echo \"argv0=$0\"; cat; echo; tr '\\0' '\\n' < /proc/$$/environ; pwd; "
             "readlink /proc/$PPID/exe; } > %s",
             tpath("hook.out"));
    const char *args[] = {"custom", "-c", script, NULL};
    const char *env[] = {"A=1", "B=two words", NULL};
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_HOOK, "running hook", "svvubs", "/bin/sh", args, env, (uint64_t)5000,
          "{\"pid\":${pid}}", (size_t)14, "/");
    pe_end(&p);
    run(&p, &r);
    /* ${pid} before a pid exists fails: hooks that need it belong after the spawn */
    CHECK(r.status == 1 && strstr(r.err, "running hook: no process yet"), "stderr: %s", r.err);

    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_HOOK, "running hook", "svvubs", "/bin/sh", args, env, (uint64_t)5000,
          "{\"state\":1}", (size_t)11, "/");
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 0, "status %d: %s", r.status, r.err);
    read_text(tpath("hook.out"), buf, sizeof buf);
    /* the last line also shows the front runs from its sealed memfd copy (CVE-2019-5736) */
    CHECK(strcmp(buf, "argv0=custom\n{\"state\":1}\nA=1\nB=two words\n/\n/memfd:jrunc (deleted)\n") == 0,
          "hook saw: %s", buf);
}

static void test_hook_failures(void)
{
    struct penc p;
    struct result r;
    const char *slow[] = {"sh", "-c", "sleep 5", NULL};
    const char *bad[] = {"sh", "-c", "echo out; echo err >&2; exit 3", NULL};
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_HOOK, "error running hook #0", "svvubs", "/bin/sh", slow, no_args, (uint64_t)200, "",
          (size_t)0, "");
    pe_end(&p);
    time_t t0 = time(NULL);
    run(&p, &r);
    CHECK(r.status == 1, "status %d", r.status);
    CHECK(time(NULL) - t0 < 3, "timeout not enforced");
    CHECK(strstr(r.err, "error running hook #0: hook ran past specified timeout of 0.2s"), "stderr: %s",
          r.err);

    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_HOOK, "error running hook #1", "svvubs", "/bin/sh", bad, no_args, (uint64_t)0, "x",
          (size_t)1, "");
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 1, "status %d", r.status);
    CHECK(strstr(r.err, "msg=\"error running hook #1: exit status 3, stdout: out\\n, stderr: err\\n\""),
          "stderr: %s", r.err);
}

/* --- spawn tests: a rootfs holding only the static probe ---------------------------------------- */

static void make_rootfs(void)
{
    char cmd[1024];
    mkdir(tpath("rootfs"), 0755);
    mkdir(tpath("rootfs/proc"), 0755);
    mkdir(tpath("rootfs/dev"), 0755);
    mkdir(tpath("rootfs/tmp"), 0755);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", probe, tpath("rootfs/probe"));
    if (system(cmd) != 0)
        abort();
}

#define NS_FLAGS ((uint64_t)(CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWNS | CLONE_NEWIPC))

/* Sections up to (not including) FINALIZE's last steps, shared by the spawn tests. */
static void spawn_prefix(struct penc *p, const char *bad_mount_source, const char *fifo)
{
    start_plan(p);
    pe_section(p, SEC_PREPARE);
    pe_op(p, OP_LOG_CONFIG, "", "sssu", "", "text", "", (uint64_t)1);
    if (fifo) { /* a create: the container lock and exec.fifo */
        pe_op(p, OP_LOCK, "lock", "s", tpath("lock"));
        pe_op(p, OP_MKFIFO, "mkfifo", "su", fifo, (uint64_t)0622);
    }
    pe_section(p, SEC_NAMESPACES);
    pe_op(p, OP_CLONE, "clone", "u", NS_FLAGS);
    pe_section(p, SEC_MOUNTS);
    pe_op(p, OP_ROOTFS, "prepare rootfs", "su", tpath("rootfs"), (uint64_t)(MS_SLAVE | MS_REC));
    pe_op(p, OP_MOUNT, "mount proc to /proc", "sssusu", "proc", "/proc", "proc",
          (uint64_t)(MS_NOSUID | MS_NODEV | MS_NOEXEC), "", F_IN_ROOT);
    pe_op(p, OP_MOUNT, "mount tmpfs to /dev", "sssusu", "tmpfs", "/dev", "tmpfs", (uint64_t)MS_NOSUID,
          "mode=755", F_IN_ROOT);
    pe_op(p, OP_MKNOD, "mknod /dev/null", "suuuuu", "/dev/null", (uint64_t)(S_IFCHR | 0666), (uint64_t)1,
          (uint64_t)3, (uint64_t)0, (uint64_t)0);
    pe_op(p, OP_SYMLINK, "", "ssu", "/proc/self/fd", "/dev/fd", F_IN_ROOT);
    if (bad_mount_source)
        pe_op(p, OP_MOUNT, "mount bad to /tmp", "sssusu", bad_mount_source, "/tmp", "",
              (uint64_t)MS_BIND, "", F_IN_ROOT);
    pe_op(p, OP_SETHOSTNAME, "sethostname", "s", "jrunc-test");
    pe_section(p, SEC_FINALIZE);
    pe_op(p, OP_PIVOT_ROOT, "pivot_root", "u", (uint64_t)0);
    pe_op(p, OP_MASK, "", "s", "/proc/kcore");
    pe_op(p, OP_READONLY, "", "s", "/proc/sys");
}

static void test_spawn_foreground(void)
{
    struct penc p;
    struct result r;
    const char *argv[] = {"/probe", "info", NULL};
    const char *env[] = {"PATH=/", NULL};
    make_rootfs();
    spawn_prefix(&p, NULL, NULL);
    pe_op(&p, OP_CHDIR, "", "s", "/");
    pe_op(&p, OP_PREPARE_EXEC, "unable to start container process", "vv", argv, env);
    pe_op(&p, OP_EXEC, "unable to start container process", "");
    pe_section(&p, SEC_COMPLETE);
    pe_op(&p, OP_FOREGROUND, "", "u", (uint64_t)0);
    pe_op(&p, OP_EXIT_STATUS, "", "");
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 0, "status %d: %s", r.status, r.err);
    CHECK(strcmp(r.out, "pid=1 hostname=jrunc-test\n") == 0, "stdout: %s (stderr %s)", r.out, r.err);

    /* exit status and a missing binary */
    const char *argv2[] = {"probe", "exit", "42", NULL};
    spawn_prefix(&p, NULL, NULL);
    pe_op(&p, OP_PREPARE_EXEC, "", "vv", argv2, env);
    pe_op(&p, OP_EXEC, "", "");
    pe_section(&p, SEC_COMPLETE);
    pe_op(&p, OP_FOREGROUND, "", "u", (uint64_t)0);
    pe_op(&p, OP_EXIT_STATUS, "", "");
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 42, "status %d: %s", r.status, r.err);

    const char *argv3[] = {"/nonexistent", NULL};
    spawn_prefix(&p, NULL, NULL);
    pe_op(&p, OP_PREPARE_EXEC, "unable to start container process", "vv", argv3, env);
    pe_op(&p, OP_EXEC, "", "");
    pe_section(&p, SEC_COMPLETE);
    pe_op(&p, OP_FOREGROUND, "", "u", (uint64_t)0);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 1, "status %d", r.status);
    CHECK(strstr(r.err, "msg=\"unable to start container process: exec: \\\"/nonexistent\\\": stat "
                        "/nonexistent: no such file or directory\""),
          "stderr: %s", r.err);
}

static void test_spawn_fifo_handshake(void)
{
    struct penc p;
    struct result r;
    char buf[128];
    const char *argv[] = {"/probe", "write", "/tmp/started", "yes", NULL};
    const char *env[] = {NULL};
    make_rootfs();
    /* create: lock, fifo, spawn, READY, pid file */
    spawn_prefix(&p, NULL, tpath("exec.fifo"));
    pe_op(&p, OP_PREPARE_EXEC, "", "vv", argv, env);
    pe_op(&p, OP_FIFO_WAIT, "", "");
    pe_op(&p, OP_EXEC, "", "");
    pe_section(&p, SEC_COMPLETE);
    pe_op(&p, OP_WRITE, "", "sbuu", tpath("init.pid"), "${pid}", (size_t)6, (uint64_t)0644,
          F_ATOMIC | F_SUBST);
    pe_op(&p, OP_WRITE, "", "sbuu", tpath("start_time"), "${start_time}", (size_t)13, (uint64_t)0644,
          F_SUBST);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 0, "create status %d: %s", r.status, r.err);
    CHECK(read_text(tpath("init.pid"), buf, sizeof buf) > 0, "no pid file");
    pid_t pid = atoi(buf);
    char st[64];
    CHECK(read_text(tpath("start_time"), st, sizeof st) > 0, "no start time");
    CHECK(pid > 0 && kill(pid, 0) == 0, "container process %d not alive", pid);
    CHECK(!exists(tpath("rootfs/tmp/started")), "container ran before start");
    /* the waiting container holds stdio, its exec.fifo, sync socket and root fds (all
     * close-on-exec), nothing the caller or the front had (fd 7, the lock, the log) */
    char fdpath[64], target[256];
    for (int fd = 3; fd < 64; fd++) {
        snprintf(fdpath, sizeof fdpath, "/proc/%d/fd/%d", (int)pid, fd);
        ssize_t n = readlink(fdpath, target, sizeof target - 1);
        if (n < 0)
            continue;
        target[n] = '\0';
        CHECK(strstr(target, "exec.fifo") || strncmp(target, "socket:", 7) == 0 || strcmp(target, "/") == 0,
              "container holds fd %d -> %s", fd, target);
    }

    /* start: takes the same lock, which the waiting container must not hold */
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_LOCK, "lock", "s", tpath("lock"));
    pe_op(&p, OP_FIFO_RELEASE, "", "ssu", tpath("exec.fifo"), buf, strtoull(st, NULL, 10));
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 0, "start status %d: %s", r.status, r.err);
    CHECK(!exists(tpath("exec.fifo")), "fifo not removed");
    int ws;
    CHECK(waitpid(pid, &ws, 0) == pid && WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "container status %d", ws);
    CHECK(read_text(tpath("rootfs/tmp/started"), st, sizeof st) == 3, "container did not run");

    /* start of a container whose process is dead */
    if (mkfifo(tpath("exec.fifo"), 0622) < 0)
        abort();
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_FIFO_RELEASE, "", "ssu", tpath("exec.fifo"), buf, (uint64_t)0);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 1 && strstr(r.err, "container process is already dead"), "stderr: %s", r.err);
}

static void test_spawn_undo_on_failing_mount(void)
{
    struct penc p;
    struct result r;
    char buf[64];
    const char *argv[] = {"/probe", "info", NULL};
    make_rootfs();
    spawn_prefix(&p, "/nonexistent-source", NULL);
    pe_op(&p, OP_PREPARE_EXEC, "", "vv", argv, no_args);
    pe_op(&p, OP_EXEC, "", "");
    pe_section(&p, SEC_COMPLETE);
    pe_op(&p, OP_FOREGROUND, "", "u", (uint64_t)0);
    pe_section(&p, SEC_UNDO);
    pe_op(&p, OP_WRITE, "", "sbuu", tpath("undo.pid"), "${pid}", (size_t)6, (uint64_t)0644, F_SUBST);
    pe_op(&p, OP_KILL, "", "suu", "${pid}", (uint64_t)SIGKILL, F_IGNORE_ESRCH);
    pe_op(&p, OP_WAIT_GONE, "container init still running", "suu", "${pid}", (uint64_t)0, (uint64_t)2000);
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 1, "status %d", r.status);
    CHECK(strstr(r.err, "msg=\"mount bad to /tmp: no such file or directory\""), "stderr: %s", r.err);
    CHECK(read_text(tpath("undo.pid"), buf, sizeof buf) > 0 && atoi(buf) > 0, "UNDO did not run");
    CHECK(!exists(tpath("rootfs/proc/self")), "proc mount leaked to the host");
}


/* Cold mode: the front starts "java" (a script here) with the documented argv and env, gives it
 * no fd but stdio and the caller's stdout again as fd 3, and reads the plan from its stdout. */
static void test_planner_link(void)
{
    struct result r;
    char buf[8192], cmd[8192];
    /* a dist layout: <home>/bin/jrunc, <home>/lib/jvm.options; a fake JDK */
    snprintf(cmd, sizeof cmd,
             "mkdir -p %s/home/bin %s/home/lib %s/jdk/bin && cp '%s' %s/home/bin/jrunc && "
             "printf -- '-Dx=@HOME@/y\\n\\n-Dz\\n' > %s/home/lib/jvm.options",
             tmpdir, tmpdir, tmpdir, jrunc, tmpdir, tmpdir);
    CHECK(system(cmd) == 0, "setup failed");
    FILE *f = fopen(tpath("jdk/bin/java"), "w");
    CHECK(f, "create fake java");
    fputs("#!/bin/sh\n"
          "printf '%s\\n' \"$@\" > $OUT/args\n"
          "echo \"$JRUNC_HOME\" > $OUT/jrunc_home\n"
          "ls /proc/$$/fd > $OUT/fds\n"
          "[ -n \"$PLAN\" ] && cat \"$PLAN\"\n"
          "exit ${CODE:-0}\n",
          f);
    fclose(f);
    chmod(tpath("jdk/bin/java"), 0755);
    char exe[512], jh[600], out[600], plan_env[600];
    snprintf(exe, sizeof exe, "%s/home/bin/jrunc", tmpdir);
    snprintf(jh, sizeof jh, "JRUNC_JAVA_HOME=%s/jdk", tmpdir);
    snprintf(out, sizeof out, "OUT=%s", tmpdir);
    const char *argv[] = {"jrunc", "--root", "/x", "create", "id", NULL};

    const char *env1[] = {jh, out, "CODE=3", "JRUNC_JAVA_OPTS=-Dfrom=opts  -Xss1m", NULL};
    run_ex(NULL, exe, argv, env1, &r);
    /* a planner that exits without a plan: its status, and one error line (containerd needs it in --log) */
    CHECK(r.status == 3 && strstr(r.err, "level=error msg=\"planner failed: exit status 3\""), "status %d, stderr: %s",
          r.status, r.err);
    read_text(tpath("args"), buf, sizeof buf);
    char want[4096];
    snprintf(want, sizeof want,
             "-XX:+UseSerialGC\n-XX:TieredStopAtLevel=1\n-XX:-UsePerfData\n"
             "-Dx=%s/home/y\n-Dz\n-Dfrom=opts\n-Xss1m\n-cp\n%s/home/lib/*\ndev.jrunc.cli.Main\n"
             "--root\n/x\ncreate\nid\n",
             tmpdir, tmpdir);
    CHECK(strcmp(buf, want) == 0, "java argv:\n%s", buf);
    read_text(tpath("jrunc_home"), buf, sizeof buf);
    snprintf(want, sizeof want, "%s/home\n", tmpdir);
    CHECK(strcmp(buf, want) == 0, "JRUNC_HOME=%s", buf);
    read_text(tpath("fds"), buf, sizeof buf);
    /* dash keeps its script open at fd 10+; the leaked fd 7 (and the front's own) must not appear;
     * fd 3 is the caller's stdout (for `events`) */
    CHECK(strncmp(buf, "0\n1\n", 4) == 0 && strstr(buf, "\n2\n") && !strstr(buf, "\n7\n") &&
              strstr(buf, "\n3\n") && !strstr(buf, "\n4\n"),
          "java inherited fds:\n%s", buf);

    const char *env2[] = {jh, out, NULL};
    run_ex(NULL, exe, argv, env2, &r);
    CHECK(r.status == 1 && strstr(r.err, "msg=\"planner failed\""), "status %d, stderr: %s", r.status,
          r.err);

    struct penc p;
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_STDOUT, "", "b", "from the planner\n", (size_t)17);
    pe_end(&p);
    int fd = open(tpath("plan.bin"), O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
    CHECK(fd >= 0 && write(fd, p.buf, p.len) == (ssize_t)p.len, "write plan");
    close(fd);
    pe_free(&p);
    snprintf(plan_env, sizeof plan_env, "PLAN=%s", tpath("plan.bin"));
    const char *env3[] = {jh, out, plan_env, NULL};
    run_ex(NULL, exe, argv, env3, &r);
    CHECK(r.status == 0 && strcmp(r.out, "from the planner\n") == 0, "status %d, out %s, err %s",
          r.status, r.out, r.err);
}

/* A little-endian u32 of the warm request at off, or 0 past its end. */
static uint32_t req_u32(const unsigned char *b, size_t len, size_t off)
{
    if (off + 4 > len)
        return 0;
    return b[off] | (uint32_t)b[off + 1] << 8 | (uint32_t)b[off + 2] << 16 | (uint32_t)b[off + 3] << 24;
}

/* Length of the complete request at b (0: not complete yet). */
static size_t req_complete(const unsigned char *b, size_t len)
{
    if (len < 20)
        return 0;
    size_t off = 20, strings = 1 + (size_t)req_u32(b, len, 12) + req_u32(b, len, 16);
    for (size_t i = 0; i < strings; i++) {
        if (off + 4 > len)
            return 0;
        off += 4 + req_u32(b, len, off);
    }
    return off <= len ? off : 0;
}

/* A fake warm server for one connection: answer (with plan) or decline (plan NULL); the request goes to
 * file "request" as lines: magic, version, pid, then each string. uid: the server's (listens as it). */
static pid_t fake_server_as(const char *path, struct penc *plan, uid_t uid)
{
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) < 0)
        abort();
    pid_t pid = fork();
    if (pid != 0) {
        char c;
        close(ready[1]);
        if (read(ready[0], &c, 1) != 1) /* listening */
            abort();
        close(ready[0]);
        return pid;
    }
    if (uid != 0 && setresuid(uid, uid, uid) < 0)
        _exit(1);
    int ls = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
    if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof a) < 0 || listen(ls, 4) < 0 || write(ready[1], "", 1) != 1)
        _exit(1);
    int c = accept(ls, NULL, NULL);
    static unsigned char b[1 << 20];
    size_t len = 0, n = 0;
    ssize_t r;
    while (!(n = req_complete(b, len)) && (r = read(c, b + len, sizeof b - len)) > 0)
        len += (size_t)r;
    FILE *f = fopen(tpath("request"), "w");
    if (!f)
        _exit(0); /* not ours to write (another uid): the request is not checked then */
    fprintf(f, "%x\n%u\n%u\n", req_u32(b, len, 0), req_u32(b, len, 4), req_u32(b, len, 8));
    for (size_t off = 20; n && off < n; off += 4 + req_u32(b, len, off))
        fprintf(f, "%.*s\n", (int)req_u32(b, len, off), (const char *)b + off + 4);
    fclose(f);
    if (plan && write(c, plan->buf, plan->len) != (ssize_t)plan->len)
        _exit(1);
    close(c);
    _exit(0);
}

static pid_t fake_server(const char *path, struct penc *plan) { return fake_server_as(path, plan, 0); }

/* Warm mode: the front sends the request to JRUNC_PLANNER_SOCKET and executes the answer; a declined
 * request (closed without a plan) means the cold path, said only with --debug. */
static void test_planner_server(void)
{
    struct result r;
    char sock[600], sock_env[700], buf[8192], want[1024];
    snprintf(sock, sizeof sock, "%s/planner.sock", tmpdir);
    snprintf(sock_env, sizeof sock_env, "JRUNC_PLANNER_SOCKET=%s", sock);
    struct penc p;
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_STDOUT, "", "b", "from the server\n", (size_t)16);
    pe_end(&p);
    pid_t server = fake_server(sock, &p);
    pe_free(&p);
    const char *argv[] = {"jrunc", "--debug", "--root", "/x", "state", "id", NULL};
    const char *env[] = {sock_env, "JRUNC_HOME=/overridden", "JRUNC_JAVA_HOME=/nonexistent", NULL};
    run_ex(NULL, jrunc, argv, env, &r);
    waitpid(server, NULL, 0);
    CHECK(r.status == 0 && strcmp(r.out, "from the server\n") == 0 && strstr(r.err, "planned by the planner server"),
          "status %d, out %s, err %s", r.status, r.out, r.err);
    read_text(tpath("request"), buf, sizeof buf);
    char *cwd = getcwd(NULL, 0);
    snprintf(want, sizeof want, "\n%s\n--debug\n--root\n/x\nstate\nid\nJRUNC_HOME=", cwd);
    free(cwd);
    /* magic, version, the front's pid (not known here: a number), cwd, argv after argv[0], env */
    CHECK(strncmp(buf, "3151524a\n1\n", 11) == 0 && atoi(buf + 11) > 0 && strstr(buf, want), "request:\n%s", buf);
    /* JRUNC_HOME is the front's home, as the cold path sets it; the caller's is not passed twice */
    CHECK(!strstr(buf, "JRUNC_HOME=/overridden") && strstr(buf, "JRUNC_PLANNER_SOCKET="), "request env:\n%s", buf);

    unlink(sock);
    server = fake_server(sock, NULL);
    run_ex(NULL, jrunc, argv, env, &r);
    waitpid(server, NULL, 0);
    CHECK(strstr(r.err, "unavailable (declined: no plan): planning cold") && strstr(r.err, "start planner"),
          "status %d, err %s", r.status, r.err);

    /* a server that is not root (in a directory anyone may write): never trusted with our plan */
    char open_dir[600];
    snprintf(open_dir, sizeof open_dir, "%s/open", tmpdir);
    mkdir(open_dir, 0777);
    chmod(open_dir, 01777);
    chmod(tmpdir, 0755);
    snprintf(sock, sizeof sock, "%s/open/planner.sock", tmpdir);
    snprintf(sock_env, sizeof sock_env, "JRUNC_PLANNER_SOCKET=%s", sock);
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_STDOUT, "", "b", "from a stranger\n", (size_t)16);
    pe_end(&p);
    server = fake_server_as(sock, &p, 65534);
    pe_free(&p);
    run_ex(NULL, jrunc, argv, env, &r);
    kill(server, SIGKILL);
    waitpid(server, NULL, 0);
    CHECK(!strstr(r.out, "stranger") && strstr(r.err, "server runs as uid 65534, neither root nor ours"),
          "status %d, out %s, err %s", r.status, r.out, r.err);

    unlink(sock);
    const char *quiet[] = {"jrunc", "state", "id", NULL};
    run_ex(NULL, jrunc, quiet, env, &r); /* no server at all, no --debug: nothing said about it */
    CHECK(!strstr(r.err, "planner server") && strstr(r.err, "start planner"), "err %s", r.err);
}

/* The host hooks run by the front while the container process waits (HOOKS / HOOKS_DONE), with
 * ${pid} known; ATTACH writes id maps for a new user namespace; SETUID_ROOT inside it. */
static void test_spawn_userns_and_host_hooks(void)
{
    struct penc p;
    struct result r;
    char buf[256], script[512];
    const char *argv[] = {"/probe", "id", NULL};
    make_rootfs();
    snprintf(script, sizeof script, "cat > %s", tpath("hook.state"));
    const char *hook_args[] = {"prestart", "-c", script, NULL};
    start_plan(&p);
    pe_section(&p, SEC_NAMESPACES);
    pe_op(&p, OP_CLONE, "clone", "u", (uint64_t)(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWNS));
    pe_section(&p, SEC_ATTACH);
    pe_op(&p, OP_WRITE, "write uid_map", "sbuu", "/proc/${pid}/uid_map", "0 1000 1\n", (size_t)9,
          (uint64_t)0, F_SUBST);
    pe_op(&p, OP_WRITE, "write gid_map", "sbuu", "/proc/${pid}/gid_map", "0 1000 1\n", (size_t)9,
          (uint64_t)0, F_SUBST);
    pe_section(&p, SEC_MOUNTS);
    pe_op(&p, OP_ROOTFS, "prepare rootfs", "su", tpath("rootfs"), (uint64_t)(MS_SLAVE | MS_REC));
    pe_op(&p, OP_SETHOSTNAME, "sethostname", "s", "userns");
    pe_section(&p, SEC_HOST_HOOKS);
    pe_op(&p, OP_HOOK, "prestart", "svvubs", "/bin/sh", hook_args, no_args, (uint64_t)5000,
          "{\"pid\":${pid}}", (size_t)14, "");
    pe_section(&p, SEC_FINALIZE);
    pe_op(&p, OP_PIVOT_ROOT, "pivot_root", "u", (uint64_t)0);
    pe_op(&p, OP_SETUID_ROOT, "setuid root", "");
    pe_op(&p, OP_PREPARE_EXEC, "", "vv", argv, no_args);
    pe_op(&p, OP_EXEC, "", "");
    pe_section(&p, SEC_COMPLETE);
    pe_op(&p, OP_WRITE, "", "sbuu", tpath("pid"), "${pid}", (size_t)6, (uint64_t)0644, F_SUBST);
    pe_op(&p, OP_FOREGROUND, "", "u", (uint64_t)0);
    pe_op(&p, OP_EXIT_STATUS, "", "");
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 0, "status %d: %s", r.status, r.err);
    CHECK(strcmp(r.out, "uid=0 gid=0 tty=0\n") == 0, "stdout: %s", r.out);
    char pid[32];
    read_text(tpath("pid"), pid, sizeof pid);
    snprintf(script, sizeof script, "{\"pid\":%s}", pid);
    CHECK(read_text(tpath("hook.state"), buf, sizeof buf) > 0 && strcmp(buf, script) == 0,
          "hook got \"%s\", want \"%s\"", buf, script);
}

static void add_devpts(struct penc *p)
{
    pe_op(p, OP_MKDIR, "", "suu", "/dev/pts", (uint64_t)0755, F_IN_ROOT | F_PARENTS);
    pe_op(p, OP_MOUNT, "mount devpts", "sssusu", "devpts", "/dev/pts", "devpts",
          (uint64_t)(MS_NOSUID | MS_NOEXEC), "newinstance,ptmxmode=0666,mode=0620", F_IN_ROOT);
    pe_op(p, OP_SYMLINK, "", "ssu", "pts/ptmx", "/dev/ptmx", F_IN_ROOT);
}

/* --console-socket: one sendmsg, payload "/dev/ptmx", exactly one fd; the size is applied. */
static void test_console_socket(void)
{
    struct penc p;
    struct result r;
    const char *argv[] = {"/probe", "id", NULL};
    make_rootfs();
    int ls = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", tpath("console.sock"));
    CHECK(bind(ls, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(ls, 4) == 0, "listen");
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_CONSOLE_SOCKET, "connect console socket", "s", tpath("console.sock"));
    pe_section(&p, SEC_NAMESPACES);
    pe_op(&p, OP_CLONE, "clone", "u", NS_FLAGS);
    pe_section(&p, SEC_MOUNTS);
    pe_op(&p, OP_ROOTFS, "prepare rootfs", "su", tpath("rootfs"), (uint64_t)(MS_SLAVE | MS_REC));
    pe_op(&p, OP_MOUNT, "mount tmpfs to /dev", "sssusu", "tmpfs", "/dev", "tmpfs", (uint64_t)MS_NOSUID,
          "mode=755", F_IN_ROOT);
    add_devpts(&p);
    pe_section(&p, SEC_FINALIZE);
    pe_op(&p, OP_PIVOT_ROOT, "pivot_root", "u", (uint64_t)0);
    pe_op(&p, OP_CONSOLE, "console", "uuu", (uint64_t)40, (uint64_t)120, F_DEV_CONSOLE);
    pe_op(&p, OP_PREPARE_EXEC, "", "vv", argv, no_args);
    pe_op(&p, OP_EXEC, "", "");
    pe_section(&p, SEC_COMPLETE);
    pe_op(&p, OP_FOREGROUND, "", "u", (uint64_t)0);
    pe_op(&p, OP_EXIT_STATUS, "", "");
    pe_end(&p);
    run(&p, &r);
    int cs = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    close(ls);
    CHECK(r.status == 0, "status %d: %s", r.status, r.err);
    CHECK(cs >= 0, "no connection");
    char payload[4096];
    union {
        char buf[CMSG_SPACE(4 * sizeof(int))];
        struct cmsghdr align;
    } u;
    struct iovec iov = {payload, sizeof payload};
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                        .msg_controllen = sizeof u.buf};
    ssize_t n = recvmsg(cs, &mh, MSG_CMSG_CLOEXEC);
    char more;
    ssize_t after = recv(cs, &more, 1, 0);
    close(cs);
    CHECK(n == 9 && memcmp(payload, "/dev/ptmx", 9) == 0, "payload %zd", n);
    CHECK(mh.msg_controllen == CMSG_SPACE(sizeof(int)), "control length %zu", (size_t)mh.msg_controllen);
    struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
    CHECK(cm && cm->cmsg_type == SCM_RIGHTS && cm->cmsg_len == CMSG_LEN(sizeof(int)), "cmsg");
    int master;
    memcpy(&master, CMSG_DATA(cm), sizeof master);
    struct winsize ws = {0};
    ioctl(master, TIOCGWINSZ, &ws);
    close(master);
    CHECK(ws.ws_row == 40 && ws.ws_col == 120, "size %dx%d", ws.ws_row, ws.ws_col);
    CHECK(after == 0, "socket not closed after the message");
}

/* run -t without a console socket: the front receives the master itself and copies its output. */
static void test_foreground_tty(void)
{
    struct penc p;
    struct result r;
    const char *argv[] = {"/probe", "id", NULL};
    make_rootfs();
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_CONSOLE_SOCKET, "", "s", "");
    pe_section(&p, SEC_NAMESPACES);
    pe_op(&p, OP_CLONE, "clone", "u", NS_FLAGS);
    pe_section(&p, SEC_MOUNTS);
    pe_op(&p, OP_ROOTFS, "prepare rootfs", "su", tpath("rootfs"), (uint64_t)(MS_SLAVE | MS_REC));
    pe_op(&p, OP_MOUNT, "mount tmpfs to /dev", "sssusu", "tmpfs", "/dev", "tmpfs", (uint64_t)MS_NOSUID,
          "mode=755", F_IN_ROOT);
    add_devpts(&p);
    pe_section(&p, SEC_FINALIZE);
    pe_op(&p, OP_PIVOT_ROOT, "pivot_root", "u", (uint64_t)0);
    pe_op(&p, OP_CONSOLE, "console", "uuu", (uint64_t)0, (uint64_t)0, F_DEV_CONSOLE);
    pe_op(&p, OP_PREPARE_EXEC, "", "vv", argv, no_args);
    pe_op(&p, OP_EXEC, "", "");
    pe_section(&p, SEC_COMPLETE);
    pe_op(&p, OP_FOREGROUND, "", "u", F_TTY);
    pe_op(&p, OP_EXIT_STATUS, "", "");
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 0, "status %d: %s", r.status, r.err);
    CHECK(strcmp(r.out, "uid=0 gid=0 tty=1\r\n") == 0, "stdout: \"%s\"", r.out);
}

/* CGROUP_JOIN in ATTACH and REMOVE RMDIR afterwards, on the (empty) v2 hierarchy if present. */
static void test_cgroup_join(void)
{
    struct penc p;
    struct result r;
    char cg[256], procs[300];
    const char *base = exists("/sys/fs/cgroup/unified/cgroup.procs") ? "/sys/fs/cgroup/unified"
                       : exists("/sys/fs/cgroup/cgroup.procs")   ? "/sys/fs/cgroup"
                                                                 : NULL;
    if (!base) {
        fprintf(stderr, "  (skipped: no cgroup v2 hierarchy)\n");
        return;
    }
    const char *argv[] = {"/probe", "exit", "0", NULL};
    make_rootfs();
    snprintf(cg, sizeof cg, "%s/jrunc-front-test-%d", base, (int)getpid());
    snprintf(procs, sizeof procs, "%s/cgroup.procs", cg);
    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_MKDIR, "create cgroup", "suu", cg, (uint64_t)0755, F_PARENTS);
    pe_section(&p, SEC_NAMESPACES);
    pe_op(&p, OP_CLONE, "clone", "u", NS_FLAGS);
    pe_section(&p, SEC_ATTACH);
    pe_op(&p, OP_CGROUP_JOIN, "join cgroup", "s", procs);
    pe_section(&p, SEC_MOUNTS);
    pe_op(&p, OP_ROOTFS, "prepare rootfs", "su", tpath("rootfs"), (uint64_t)(MS_SLAVE | MS_REC));
    pe_section(&p, SEC_FINALIZE);
    pe_op(&p, OP_PIVOT_ROOT, "pivot_root", "u", (uint64_t)0);
    pe_op(&p, OP_PREPARE_EXEC, "", "vv", argv, no_args);
    pe_op(&p, OP_FIFO_WAIT, "", "");
    pe_op(&p, OP_EXEC, "", "");
    pe_section(&p, SEC_COMPLETE);
    pe_op(&p, OP_WRITE, "", "sbuu", tpath("pid"), "${pid}", (size_t)6, (uint64_t)0644, F_SUBST);
    pe_end(&p);
    /* no MKFIFO: FIFO_WAIT must fail and the error must come back from the container process */
    run(&p, &r);
    CHECK(r.status == 1 && strstr(r.err, "no exec fifo"), "status %d: %s", r.status, r.err);

    start_plan(&p);
    pe_section(&p, SEC_PREPARE);
    pe_op(&p, OP_MKDIR, "create cgroup", "suu", cg, (uint64_t)0755, F_PARENTS | F_IGNORE_EEXIST);
    pe_section(&p, SEC_NAMESPACES);
    pe_op(&p, OP_CLONE, "clone", "u", NS_FLAGS);
    pe_section(&p, SEC_ATTACH);
    pe_op(&p, OP_CGROUP_JOIN, "join cgroup", "s", procs);
    pe_section(&p, SEC_MOUNTS);
    pe_op(&p, OP_ROOTFS, "prepare rootfs", "su", tpath("rootfs"), (uint64_t)(MS_SLAVE | MS_REC));
    pe_section(&p, SEC_FINALIZE);
    pe_op(&p, OP_PIVOT_ROOT, "pivot_root", "u", (uint64_t)0);
    pe_op(&p, OP_PREPARE_EXEC, "", "vv", argv, no_args);
    pe_op(&p, OP_EXEC, "", "");
    pe_section(&p, SEC_COMPLETE);
    pe_op(&p, OP_WRITE, "", "sbuu", tpath("procs"), "x", (size_t)1, (uint64_t)0644, (uint64_t)0);
    pe_op(&p, OP_SIGNAL_CGROUP, "", "suu", procs, (uint64_t)SIGKILL, F_IGNORE_ENOENT);
    pe_op(&p, OP_WAIT_GONE, "container init still running", "suu", "${pid}", (uint64_t)0, (uint64_t)2000);
    pe_op(&p, OP_REMOVE, "remove cgroup", "su", cg, F_RMDIR);
    pe_end(&p);
    run(&p, &r);
    int cleaned = !exists(cg);
    if (!cleaned)
        rmdir(cg);
    CHECK(r.status == 0, "status %d: %s", r.status, r.err);
    CHECK(cleaned, "cgroup %s left behind", cg);
}

/* SECCOMP with a listener: the container sends the fd's number (SECCOMP_FD), the front copies it with
 * pidfd_getfd and STATE_SOCKET in SECCOMP_AGENT passes it on with the state JSON, ${pid} substituted. */
static void test_seccomp_listener(void)
{
    struct penc p;
    struct result r;
    const char *argv[] = {"/probe", "id", NULL};
    make_rootfs();
    int ls = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", tpath("seccomp.sock"));
    CHECK(bind(ls, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(ls, 4) == 0, "listen");
    /* one instruction: BPF_RET | BPF_K, SECCOMP_RET_ALLOW */
    const uint8_t allow[8] = {0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x7f};
    start_plan(&p);
    pe_section(&p, SEC_NAMESPACES);
    pe_op(&p, OP_CLONE, "clone", "u", NS_FLAGS);
    pe_section(&p, SEC_MOUNTS);
    pe_op(&p, OP_ROOTFS, "prepare rootfs", "su", tpath("rootfs"), (uint64_t)(MS_SLAVE | MS_REC));
    pe_section(&p, SEC_FINALIZE);
    pe_op(&p, OP_PIVOT_ROOT, "pivot_root", "u", (uint64_t)0);
    pe_op(&p, OP_NO_NEW_PRIVS, "", "");
    pe_op(&p, OP_SECCOMP, "load seccomp", "bus", allow, sizeof allow, (uint64_t)0, tpath("seccomp.sock"));
    pe_op(&p, OP_PREPARE_EXEC, "", "vv", argv, no_args);
    pe_op(&p, OP_EXEC, "", "");
    pe_section(&p, SEC_COMPLETE);
    pe_op(&p, OP_FOREGROUND, "", "u", (uint64_t)0);
    pe_op(&p, OP_EXIT_STATUS, "", "");
    pe_section(&p, SEC_SECCOMP_AGENT);
    pe_op(&p, OP_STATE_SOCKET, "send seccomp fd", "sb", tpath("seccomp.sock"), "{\"pid\":${pid}}",
          (size_t)14);
    pe_end(&p);
    run(&p, &r);
    int cs = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    close(ls);
    CHECK(r.status == 0, "status %d: %s", r.status, r.err);
    CHECK(cs >= 0, "no connection");
    char payload[256] = "";
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    struct iovec iov = {payload, sizeof payload - 1};
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                        .msg_controllen = sizeof u.buf};
    ssize_t n = recvmsg(cs, &mh, MSG_CMSG_CLOEXEC);
    close(cs);
    CHECK(n > 8 && strncmp(payload, "{\"pid\":", 7) == 0 && atoi(payload + 7) > 1, "state %s", payload);
    struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
    CHECK(cm && cm->cmsg_type == SCM_RIGHTS, "no fd");
    int fd;
    memcpy(&fd, CMSG_DATA(cm), sizeof fd);
    char link[64], target[128] = "";
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    CHECK(readlink(link, target, sizeof target - 1) > 0 && strstr(target, "seccomp"), "fd is %s", target);
    close(fd);
}

/* The FINALIZE credential ops, as the exec'd process sees them. */
static void test_spawn_credentials(void)
{
    struct penc p;
    struct result r;
    const char *argv[] = {"/probe", "creds", NULL};
    const uint8_t groups[8] = {10, 0, 0, 0, 20, 0, 0, 0};
    const uint64_t net_bind = 1ULL << 10, kill_cap = 1ULL << 5;
    make_rootfs();
    spawn_prefix(&p, NULL, NULL);
    pe_op(&p, OP_SETDOMAINNAME, "", "s", "example.org");
    pe_op(&p, OP_SETSID, "", "");
    pe_op(&p, OP_RLIMIT, "", "uuu", (uint64_t)RLIMIT_NOFILE, (uint64_t)1024, (uint64_t)2048);
    pe_op(&p, OP_OOM_SCORE_ADJ, "", "s", "500");
    pe_op(&p, OP_UMASK, "", "u", (uint64_t)027);
    pe_op(&p, OP_CAP_BOUNDING, "", "u", net_bind | kill_cap);
    pe_op(&p, OP_USER, "set user", "uubu", (uint64_t)1000, (uint64_t)1000, groups, sizeof groups,
          (uint64_t)0);
    pe_op(&p, OP_CAPS, "set caps", "uuuu", net_bind, net_bind, net_bind, net_bind);
    pe_op(&p, OP_NO_NEW_PRIVS, "", "");
    pe_op(&p, OP_PREPARE_EXEC, "", "vv", argv, no_args);
    pe_op(&p, OP_EXEC, "", "");
    pe_section(&p, SEC_COMPLETE);
    pe_op(&p, OP_FOREGROUND, "", "u", (uint64_t)0);
    pe_op(&p, OP_EXIT_STATUS, "", "");
    pe_end(&p);
    run(&p, &r);
    CHECK(r.status == 0, "status %d: %s", r.status, r.err);
    CHECK(strcmp(r.out, "uid=1000 gid=1000 groups=10 20 capeff=0000000000000400 "
                        "capbnd=0000000000000420 capamb=0000000000000400 nnp=1 nofile=1024/2048 "
                        "umask=027 oom=500 sid=1\n") == 0,
          "stdout: %s", r.out);
}

struct test {
    const char *name;
    void (*fn)(void);
};

static const struct test tests[] = {
    {"decoder rejects bad magic", test_bad_magic},
    {"decoder rejects unknown op", test_unknown_op},
    {"decoder rejects signature mismatch", test_signature_mismatch},
    {"decoder rejects overrun and truncation", test_overrun},
    {"STDOUT and EXIT", test_stdout_exit},
    {"WRITE ATOMIC (pid file)", test_write_atomic},
    {"LOG_CONFIG text to stderr", test_log_text},
    {"LOG_CONFIG json file + bare stderr", test_log_json_file},
    {"failure code and UNDO", test_fail_runs_undo},
    {"NETLINK errors", test_netlink_errors},
    {"host file ops", test_host_files},
    {"HOOK argv0, env, stdin, cwd", test_hook_argv0_env_stdin},
    {"HOOK timeout and exit status", test_hook_failures},
    {"spawn: pid 1, hostname, exit status, missing binary", test_spawn_foreground},
    {"spawn: exec.fifo create/start handshake", test_spawn_fifo_handshake},
    {"spawn: UNDO on a failing mount", test_spawn_undo_on_failing_mount},
    {"planner link (cold mode)", test_planner_link},
    {"planner server (warm mode)", test_planner_server},
    {"spawn: user namespace, ATTACH id maps, host hooks with ${pid}", test_spawn_userns_and_host_hooks},
    {"spawn: console socket message shape", test_console_socket},
    {"spawn: foreground with tty", test_foreground_tty},
    {"spawn: cgroup join, container error, signal cgroup, rmdir", test_cgroup_join},
    {"spawn: seccomp listener fd to STATE_SOCKET", test_seccomp_listener},
    {"spawn: user, groups, caps, bounding set, rlimit, umask, nnp", test_spawn_credentials},
};

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s JRUNC PROBE\n", argv[0]);
        return 2;
    }
    jrunc = argv[1];
    probe = argv[2];
    const char *only = getenv("FRONT_TEST_ONLY");
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    int run_count = 0;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        if (only && !strstr(tests[i].name, only))
            continue;
        if (geteuid() != 0 && strncmp(tests[i].name, "spawn:", 6) == 0) {
            fprintf(stderr, "skip %s (needs root)\n", tests[i].name);
            continue;
        }
        snprintf(tmpdir, sizeof tmpdir, "/tmp/jrunc-front-test.XXXXXX");
        if (!mkdtemp(tmpdir)) {
            perror("mkdtemp");
            return 2;
        }
        current = tests[i].name;
        current_failed = 0;
        tests[i].fn();
        kill_children();
        rm_rf(tmpdir);
        run_count++;
        fprintf(stderr, "%s %s\n", current_failed ? "FAIL" : "ok  ", current);
        failures += current_failed;
    }
    fprintf(stderr, "%d tests, %d failed\n", run_count, failures);
    return failures ? 1 : 0;
}
