#include "planner_server.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "errors.h"

#define REQUEST_MAGIC 0x3151524aU /* "JRQ1" */
#define REQUEST_VERSION 1U
#define ANSWER_MAX (64u << 20) /* far beyond any plan: a bound on what a confused server can make us hold */

const char *planner_socket_path(void)
{
    const char *p = getenv("JRUNC_PLANNER_SOCKET");
    if (!p)
        return PLANNER_SOCKET_DEFAULT;
    return *p ? p : NULL;
}

/* Whether process pid (as our pid namespace sees it; 0 = not visible) is in our namespace of this type. */
static int same_namespace(pid_t pid, const char *type)
{
    if (pid <= 0)
        return 0;
    char theirs[64];
    snprintf(theirs, sizeof theirs, "/proc/%d/ns/%s", (int)pid, type);
    char ours[64];
    snprintf(ours, sizeof ours, "/proc/self/ns/%s", type);
    struct stat a, b;
    return stat(theirs, &a) == 0 && stat(ours, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static void put_u32(struct strbuf *b, uint32_t v)
{
    uint8_t le[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24};
    sb_add(b, le, 4);
}

static void put_str(struct strbuf *b, const char *s, size_t n)
{
    put_u32(b, (uint32_t)n);
    sb_add(b, s, n);
}

int planner_request(const char *home, char **argv, char **envp, struct strbuf *out)
{
    char *cwd = getcwd(NULL, 0);
    if (!cwd)
        return -errno;
    uint32_t argc = 0, envc = 1; /* JRUNC_HOME, as the cold path sets it */
    while (argv[1 + argc])
        argc++;
    for (char **p = envp; *p; p++)
        if (strncmp(*p, "JRUNC_HOME=", 11) != 0)
            envc++;
    put_u32(out, REQUEST_MAGIC);
    put_u32(out, REQUEST_VERSION);
    put_u32(out, (uint32_t)getpid());
    put_u32(out, argc);
    put_u32(out, envc);
    put_str(out, cwd, strlen(cwd));
    free(cwd);
    for (uint32_t i = 0; i < argc; i++)
        put_str(out, argv[1 + i], strlen(argv[1 + i]));
    struct strbuf home_env = SB_INIT;
    sb_addf(&home_env, "JRUNC_HOME=%s", home);
    put_str(out, home_env.buf, home_env.len);
    sb_free(&home_env);
    for (char **p = envp; *p; p++)
        if (strncmp(*p, "JRUNC_HOME=", 11) != 0)
            put_str(out, *p, strlen(*p));
    return 0;
}

/* Wait until fd is ready for events or the deadline passes. Returns 0 or -ETIMEDOUT / -errno. */
static int wait_ready(int fd, short events, long long deadline)
{
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0)
            return -ETIMEDOUT;
        struct pollfd p = {.fd = fd, .events = events};
        int n = poll(&p, 1, (int)left);
        if (n > 0)
            return 0;
        if (n < 0 && errno != EINTR)
            return -errno;
    }
}

static int fail(char *why, size_t why_len, const char *what, int err)
{
    char buf[128];
    snprintf(why, why_len, "%s: %s", what, err ? errno_text(err, buf, sizeof buf) : "no plan");
    return -1;
}

int plan_from_server(const char *path, const struct strbuf *request, struct strbuf *out, char *why,
                     size_t why_len)
{
    long long deadline = now_ms() + PLANNER_DEADLINE_MS;
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof addr.sun_path)
        return fail(why, why_len, "socket path too long", 0);
    strcpy(addr.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return fail(why, why_len, "socket", errno);
    /* A unix connect either completes at once or fails: EAGAIN (a full backlog) means busy. */
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        int err = errno;
        close(fd);
        return fail(why, why_len, "connect", err);
    }
    /* We execute what it answers: only a server run by root or by our own user may plan for us (the
     * socket's path alone proves nothing when it lies in a directory others can write). */
    struct ucred cred;
    socklen_t cred_len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cred_len) < 0 ||
        (cred.uid != 0 && cred.uid != geteuid())) {
        close(fd);
        snprintf(why, why_len, "server runs as uid %u, neither root nor ours", (unsigned)cred.uid);
        return -1;
    }
    /* The planner reads the bundle, the state and /proc by path: its answer is only ours if it sees the
     * files we see, i.e. it shares our mount and pid namespaces (a front in `unshare -m`, or in a
     * container, plans cold). A server in another pid namespace shows up as pid 0. */
    if (!same_namespace(cred.pid, "mnt") || !same_namespace(cred.pid, "pid")) {
        close(fd);
        snprintf(why, why_len, "server (pid %d) is in another mount or pid namespace", (int)cred.pid);
        return -1;
    }
    for (size_t off = 0; off < request->len;) {
        ssize_t n = send(fd, request->buf + off, request->len - off, MSG_NOSIGNAL);
        if (n > 0) {
            off += (size_t)n;
            continue;
        }
        int err = n < 0 ? errno : EPIPE;
        if (err == EINTR)
            continue;
        if (err == EAGAIN && (err = -wait_ready(fd, POLLOUT, deadline)) == 0)
            continue;
        close(fd);
        return fail(why, why_len, "send request", err);
    }
    for (;;) {
        char buf[65536];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n > 0) {
            sb_add(out, buf, (size_t)n);
            if (out->len > ANSWER_MAX) {
                close(fd);
                return fail(why, why_len, "read plan", EFBIG);
            }
            continue;
        }
        if (n == 0)
            break;
        int err = errno;
        if (err == EINTR)
            continue;
        if (err == EAGAIN && (err = -wait_ready(fd, POLLIN, deadline)) == 0)
            continue;
        close(fd);
        return fail(why, why_len, "read plan", err);
    }
    close(fd);
    /* EOF without a byte: the server declined (or is shutting down). */
    return out->len ? 0 : fail(why, why_len, "declined", 0);
}
