/* runc (logrus) error lines: where they go and exactly how they are quoted. */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static struct {
    int fd;        /* log file, or -1 for stderr */
    int json;
    char *prefix;
    int failure_code;
} log_state = {-1, 0, NULL, 1};

int log_configure(const char *path, const char *format, const char *prefix, int failure_code,
                  struct error *e)
{
    if (path && *path) {
        int fd = open(path, O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0644);
        if (fd < 0)
            return err_errno(e, path, errno);
        if (log_state.fd >= 0)
            close(log_state.fd);
        log_state.fd = fd;
    }
    log_state.json = format && strcmp(format, "json") == 0;
    free(log_state.prefix);
    log_state.prefix = strdup(prefix ? prefix : "");
    log_state.failure_code = failure_code;
    return 0;
}

int log_failure_code(void) { return log_state.failure_code; }

/* logrus quotes a text value only when it holds anything outside [A-Za-z0-9-._/@^+]. */
static int needs_quoting(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++) {
        char ch = *s;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              strchr("-._/@^+", ch)))
            return 1;
    }
    return 0;
}

/* Go's %q for the msg of a text line: quote, backslash and control characters escaped. */
static void quote_text(struct strbuf *b, const char *s)
{
    if (!needs_quoting(s)) {
        sb_adds(b, s);
        return;
    }
    sb_addc(b, '"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        switch (ch) {
        case '"': sb_adds(b, "\\\""); break;
        case '\\': sb_adds(b, "\\\\"); break;
        case '\n': sb_adds(b, "\\n"); break;
        case '\t': sb_adds(b, "\\t"); break;
        case '\r': sb_adds(b, "\\r"); break;
        case '\a': sb_adds(b, "\\a"); break;
        case '\b': sb_adds(b, "\\b"); break;
        case '\f': sb_adds(b, "\\f"); break;
        case '\v': sb_adds(b, "\\v"); break;
        default:
            if (ch < 0x20 || ch == 0x7f)
                sb_addf(b, "\\x%02x", ch);
            else
                sb_addc(b, (char)ch);
        }
    }
    sb_addc(b, '"');
}

/* Go's encoding/json string, including its HTML-safe escapes of < > &. */
static void quote_json(struct strbuf *b, const char *s)
{
    sb_addc(b, '"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        switch (ch) {
        case '"': sb_adds(b, "\\\""); break;
        case '\\': sb_adds(b, "\\\\"); break;
        case '\n': sb_adds(b, "\\n"); break;
        case '\r': sb_adds(b, "\\r"); break;
        case '\t': sb_adds(b, "\\t"); break;
        case '<': case '>': case '&': sb_addf(b, "\\u%04x", ch); break;
        case 0xe2: /* U+2028 and U+2029, which Go escapes for JavaScript's sake */
            if ((unsigned char)s[1] == 0x80 && ((unsigned char)s[2] == 0xa8 || (unsigned char)s[2] == 0xa9)) {
                sb_addf(b, "\\u202%c", s[2] == (char)0xa8 ? '8' : '9');
                s += 2;
                break;
            }
            sb_addc(b, (char)ch);
            break;
        default:
            if (ch < 0x20)
                sb_addf(b, "\\u%04x", ch);
            else
                sb_addc(b, (char)ch);
        }
    }
    sb_addc(b, '"');
}

/* One logrus line at level; errors also go bare to stderr when a log file is set (as runc's). */
static void write_line(const char *level, const char *prefix, const char *msg, int echo_stderr)
{
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);

    struct strbuf full = SB_INIT, line = SB_INIT;
    sb_adds(&full, prefix);
    sb_adds(&full, msg);
    if (log_state.json) {
        sb_addf(&line, "{\"level\":\"%s\",\"msg\":", level);
        quote_json(&line, sb_str(&full));
        sb_addf(&line, ",\"time\":\"%s\"}\n", when);
    } else {
        sb_addf(&line, "time=\"%s\" level=%s msg=", when, level);
        quote_text(&line, sb_str(&full));
        sb_addc(&line, '\n');
    }
    if (log_state.fd >= 0) {
        write_all(log_state.fd, line.buf, line.len);
        if (echo_stderr) {
            sb_addc(&full, '\n');
            write_all(STDERR_FILENO, full.buf, full.len);
        }
    } else {
        write_all(STDERR_FILENO, line.buf, line.len);
    }
    sb_free(&full);
    sb_free(&line);
}

void log_error(const char *msg) { write_line("error", log_state.prefix ? log_state.prefix : "", msg, 1); }

void log_line(const char *level, const char *msg) { write_line(level, "", msg, 0); }

void log_debug(const char *msg) { log_line("debug", msg); }

int log_fd(void) { return log_state.fd; }
