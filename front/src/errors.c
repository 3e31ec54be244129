/* Error text in the shape runc (Go) prints, so callers that match on substrings keep working. */
#include "errors.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *errno_text(int errnum, char *buf, size_t len)
{
    /* Go's syscall table is glibc's text with a lower-case first letter for every errno we meet;
     * the GNU strerror_r returns a pointer that may not be buf. */
    const char *s = strerror_r(errnum, buf, len);
    if (s != buf)
        snprintf(buf, len, "%s", s);
    if (buf[0] && isupper((unsigned char)buf[0]) && !(buf[1] && isupper((unsigned char)buf[1])))
        buf[0] = (char)tolower((unsigned char)buf[0]);
    return buf;
}

static void set_msg(struct error *e, const char *label, const char *reason)
{
    if (e->set)
        return; /* keep the first (root) cause */
    e->set = 1;
    if (label && *label && reason && *reason)
        snprintf(e->msg, sizeof e->msg, "%s: %s", label, reason);
    else
        snprintf(e->msg, sizeof e->msg, "%s", (label && *label) ? label : (reason ? reason : ""));
}

int err_errno(struct error *e, const char *label, int errnum)
{
    char buf[256];
    if (errnum <= 0)
        errnum = EIO;
    set_msg(e, label, errno_text(errnum, buf, sizeof buf));
    return -errnum;
}

int err_reason(struct error *e, const char *label, int rc, const char *fmt, ...)
{
    char reason[ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    set_msg(e, label, reason);
    return rc < 0 ? rc : -EIO;
}

int err_text(struct error *e, const char *text, int rc)
{
    set_msg(e, "", text);
    return rc < 0 ? rc : -EIO;
}
