#include "planner_link.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/close_range.h>

int plan_from_fd(int fd, struct strbuf *out, struct error *e)
{
    int rc = read_all(fd, out);
    close(fd);
    return rc < 0 ? err_errno(e, "read plan", -rc) : 0;
}

struct argvec {
    char **v;
    size_t n, cap;
};

static void av_push(struct argvec *a, char *s)
{
    if (a->n + 2 > a->cap) {
        a->cap = a->cap ? 2 * a->cap : 32;
        a->v = realloc(a->v, a->cap * sizeof *a->v);
        if (!a->v)
            abort();
    }
    a->v[a->n++] = s;
    a->v[a->n] = NULL;
}

static char *str_printf(const char *fmt, const char *a, const char *b)
{
    char *s;
    if (asprintf(&s, fmt, a, b) < 0)
        abort();
    return s;
}

static int executable(const char *p) { return access(p, X_OK) == 0; }

/* JRUNC_JAVA_HOME, the bundled runtime, lib/java-home, JAVA_HOME, then PATH. */
static char *find_java(const char *home)
{
    const char *jh = getenv("JRUNC_JAVA_HOME");
    if (jh && *jh)
        return str_printf("%s/bin/java", jh, "");
    char *p = str_printf("%s/runtime/bin/java", home, "");
    if (executable(p))
        return p;
    free(p);
    char *file = str_printf("%s/lib/java-home", home, "");
    struct strbuf b = SB_INIT;
    int rc = read_file(file, &b);
    free(file);
    if (rc == 0) {
        while (b.len && (b.buf[b.len - 1] == '\n' || b.buf[b.len - 1] == ' ' ||
                         b.buf[b.len - 1] == '\r'))
            b.buf[--b.len] = '\0';
        if (b.len) {
            p = str_printf("%s/bin/java", b.buf, "");
            sb_free(&b);
            return p;
        }
    }
    sb_free(&b);
    jh = getenv("JAVA_HOME");
    if (jh && *jh)
        return str_printf("%s/bin/java", jh, "");
    return strdup("java"); /* execvpe searches PATH */
}

/* <home>/lib/jvm.options: one option per non-empty line, @HOME@ replaced by the dist home. */
static void add_jvm_options(struct argvec *a, const char *home)
{
    char *file = str_printf("%s/lib/jvm.options", home, "");
    struct strbuf b = SB_INIT;
    int rc = read_file(file, &b);
    free(file);
    if (rc < 0)
        return;
    char *save = NULL;
    for (char *line = strtok_r((char *)sb_str(&b), "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        size_t len = strlen(line);
        while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
            line[--len] = '\0';
        if (!len || line[0] == '#')
            continue;
        struct strbuf opt = SB_INIT;
        for (const char *s = line; *s;) {
            if (strncmp(s, "@HOME@", 6) == 0) {
                sb_adds(&opt, home);
                s += 6;
            } else {
                sb_addc(&opt, *s++);
            }
        }
        av_push(a, opt.buf);
    }
}

static void add_words(struct argvec *a, const char *s)
{
    if (!s)
        return;
    char *copy = strdup(s), *save = NULL;
    for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save))
        av_push(a, w);
}

int plan_from_planner(const char *home, char **argv, char **envp, struct strbuf *out, int *status,
                      struct error *e)
{
    struct argvec a = {0}, env = {0};
    char *java = find_java(home);
    av_push(&a, java);
    av_push(&a, "-XX:+UseSerialGC");
    av_push(&a, "-XX:TieredStopAtLevel=1");
    av_push(&a, "-XX:-UsePerfData");
    add_jvm_options(&a, home);
    add_words(&a, getenv("JRUNC_JAVA_OPTS"));
    av_push(&a, "-cp");
    av_push(&a, str_printf("%s/lib/*", home, ""));
    av_push(&a, "dev.jrunc.cli.Main");
    for (int i = 1; argv[i]; i++)
        av_push(&a, argv[i]);
    for (char **p = envp; *p; p++)
        if (strncmp(*p, "JRUNC_HOME=", 11) != 0)
            av_push(&env, *p);
    av_push(&env, str_printf("JRUNC_HOME=%s", home, ""));

    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) < 0)
        return err_errno(e, "start planner: pipe", errno);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0)
        return err_errno(e, "start planner: fork", errno);
    if (pid == 0) {
        /* The JVM dies with the front and inherits nothing but stdio, and the caller's stdout again as
         * fd 3: its own stdout is the plan pipe, and a read-only command that streams for as long as
         * it runs (`events`) cannot be one plan, so it writes its lines there itself. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(1);
        if (pipefd[1] != 3) /* pipefd[1] > pipefd[0]: never 3 unless stdio was closed */
            (void)dup2(STDOUT_FILENO, 3); /* fails only if the caller closed stdout: then no fd 3 */
        if (dup2(pipefd[1], STDOUT_FILENO) < 0)
            _exit(1);
        syscall(SYS_close_range, 4U, ~0U, CLOSE_RANGE_CLOEXEC);
        execvpe(java, a.v, env.v);
        char buf[128];
        dprintf(STDERR_FILENO, "jrunc: start planner %s: %s\n", java,
                errno_text(errno, buf, sizeof buf));
        _exit(127);
    }
    close(pipefd[1]);
    int rc = read_all(pipefd[0], out);
    close(pipefd[0]);
    int ws;
    while (waitpid(pid, &ws, 0) < 0)
        if (errno != EINTR)
            return err_errno(e, "wait for planner", errno);
    *status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
    return rc < 0 ? err_errno(e, "read plan", -rc) : 0;
}
