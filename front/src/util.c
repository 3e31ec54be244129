#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void sb_grow(struct strbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *n = realloc(b->buf, cap);
    if (!n)
        abort(); /* the front's allocations are tiny; running out is not recoverable */
    b->buf = n;
    b->cap = cap;
}

void sb_add(struct strbuf *b, const void *p, size_t n)
{
    sb_grow(b, n);
    memcpy(b->buf + b->len, p, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

void sb_addc(struct strbuf *b, char c) { sb_add(b, &c, 1); }
void sb_adds(struct strbuf *b, const char *s) { sb_add(b, s, strlen(s)); }

void sb_addf(struct strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    sb_grow(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *sb_str(struct strbuf *b)
{
    if (!b->buf)
        sb_grow(b, 0), b->buf[0] = '\0';
    return b->buf;
}

void sb_free(struct strbuf *b)
{
    free(b->buf);
    b->buf = NULL;
    b->len = b->cap = 0;
}

int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

int read_all(int fd, struct strbuf *b)
{
    char buf[65536];
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        if (r == 0)
            return 0;
        sb_add(b, buf, (size_t)r);
    }
}

int read_file(const char *path, struct strbuf *b)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    int rc = read_all(fd, b);
    close(fd);
    return rc;
}

int proc_stat(pid_t pid, char *state, unsigned long long *start_time)
{
    char path[64];
    struct strbuf b = SB_INIT;
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int rc = read_file(path, &b);
    if (rc < 0) {
        sb_free(&b);
        return rc == -ENOENT ? -ESRCH : rc;
    }
    /* comm may hold spaces and parentheses: fields start after the last ')'. */
    const char *p = strrchr(sb_str(&b), ')');
    if (!p || p[1] != ' ') {
        sb_free(&b);
        return -EINVAL;
    }
    p += 2; /* field 3: state */
    if (state)
        *state = *p;
    for (int field = 3; field < 22 && p; field++) {
        p = strchr(p, ' ');
        if (p)
            p++;
    }
    if (!p) {
        sb_free(&b);
        return -EINVAL;
    }
    if (start_time)
        *start_time = strtoull(p, NULL, 10);
    sb_free(&b);
    return 0;
}

int proc_alive(pid_t pid, unsigned long long want_start)
{
    char state;
    unsigned long long start;
    if (pid <= 0 || proc_stat(pid, &state, &start) < 0)
        return 0;
    if (state == 'Z' || state == 'X' || state == 'x')
        return 0;
    return want_start == 0 || start == want_start;
}

int parse_pid(const char *s, pid_t *pid)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v <= 0 || v > 0x7fffffff)
        return -EINVAL;
    *pid = (pid_t)v;
    return 0;
}

void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
