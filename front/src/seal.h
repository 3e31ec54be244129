/*
 * CVE-2019-5736: a container must never be able to open and overwrite the binary that entered it.
 * The front therefore always runs from a sealed memfd copy of itself.
 */
#ifndef JRUNC_SEAL_H
#define JRUNC_SEAL_H

/* If /proc/self/exe is not a sealed memfd yet: copy it into one, seal it and fexecve it with the
 * same argv and env plus _JRUNC_HOME (kept if already set). Returns only when already sealed (0) or
 * on failure (-errno, with *what naming the step). */
int seal_self(char **argv, char **envp, const char **what);

/* The dist home: dirname(dirname(realpath(/proc/self/exe))), i.e. <home>/bin/jrunc. */
char *find_home(void);

#endif
