/*
 * Error reporting in runc's shapes (logrus text or JSON lines). The front is the only process that
 * writes the log: failures in the stage child and the container process travel to it over the sync
 * socket first.
 */
#ifndef JRUNC_LOG_H
#define JRUNC_LOG_H

#include "errors.h"

/* LOG_CONFIG: path ("" = stderr), "text" or "json", message prefix, exit code on failure. */
int log_configure(const char *path, const char *format, const char *prefix, int failure_code,
                  struct error *e);

/* Write one error line for msg (prefix added) to the configured destination(s). */
void log_error(const char *msg);

/* One line at this level (debug, info...) to the log file, or stderr when there is none; no prefix. */
void log_line(const char *level, const char *msg);

/* The log file's fd, or -1 when the log is stderr. */
int log_fd(void);

/* Write one debug line (for --debug) to the configured destination, without the error prefix. */
void log_debug(const char *msg);

/* The exit code a failure should give (LOG_CONFIG's, default 1). */
int log_failure_code(void);

#endif
