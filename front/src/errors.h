/*
 * One error struct per run: the first failure fills it and every caller just returns the negative
 * errno upwards. The message is already the final text the user sees (`<label>: <reason>`), so the
 * process that logs it never has to know which op failed or where it ran.
 */
#ifndef JRUNC_ERRORS_H
#define JRUNC_ERRORS_H

#include <stddef.h>

#define ERROR_MAX 4096

struct error {
    int set;          /* a message has been written */
    int exit_code;    /* > 0: exit with this instead of the configured failure code (FAIL) */
    char msg[ERROR_MAX];
};

/* Go's lower-case errno text: "no such file or directory". */
const char *errno_text(int errnum, char *buf, size_t len);

/* `<label>: <errno text>` (or the errno text alone when label is empty). Returns -errnum. */
int err_errno(struct error *e, const char *label, int errnum);

/* `<label>: <formatted reason>` (or the reason alone when label is empty). Returns -EIO unless the
 * caller passes its own errno in rc (negative). */
int err_reason(struct error *e, const char *label, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The message exactly as given (FAIL, or an error forwarded from the container process). */
int err_text(struct error *e, const char *text, int rc);

#endif
