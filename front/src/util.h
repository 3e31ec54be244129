/* Small shared helpers: a growable string, whole reads and writes, facts about a pid from /proc. */
#ifndef JRUNC_UTIL_H
#define JRUNC_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct strbuf {
    char *buf;
    size_t len, cap;
};
#define SB_INIT {NULL, 0, 0}

void sb_add(struct strbuf *b, const void *p, size_t n);
void sb_addc(struct strbuf *b, char c);
void sb_adds(struct strbuf *b, const char *s);
void sb_addf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *sb_str(struct strbuf *b); /* never NULL */
void sb_free(struct strbuf *b);

/* Write everything, retrying on EINTR and short writes. Returns 0 or -errno. */
int write_all(int fd, const void *p, size_t n);

/* Read until EOF into b. Returns 0 or -errno. */
int read_all(int fd, struct strbuf *b);

/* Read a whole (small) file. Returns 0 or -errno. */
int read_file(const char *path, struct strbuf *b);

/* Process facts from /proc/<pid>/stat: state letter and start time (field 22).
 * Returns 0 or -errno (-ENOENT / -ESRCH when the process is gone). */
int proc_stat(pid_t pid, char *state, unsigned long long *start_time);

/* Alive = exists, not a zombie (or dead), and (if want_start != 0) has that start time. */
int proc_alive(pid_t pid, unsigned long long want_start);

/* Parse a decimal pid; returns -EINVAL when it is not one. */
int parse_pid(const char *s, pid_t *pid);

void sleep_ms(long ms);
long long now_ms(void);

#endif
