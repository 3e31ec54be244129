/*
 * Messages between the front and the processes it spawns, over a SOCK_SEQPACKET socketpair (one
 * message per send, fds attached with SCM_RIGHTS). The fd is close-on-exec, so a successful EXEC in
 * the container process shows up at the front as EOF.
 */
#ifndef JRUNC_SYNC_H
#define JRUNC_SYNC_H

#include <stddef.h>
#include <stdint.h>

enum sync_kind {
    SYNC_PID = 1,        /* u32 pid: stage child -> front */
    SYNC_GO = 2,         /* front -> container process: ATTACH is done */
    SYNC_HOOKS = 3,      /* container -> front: run HOST_HOOKS now */
    SYNC_HOOKS_DONE = 4, /* front -> container */
    SYNC_READY = 5,      /* container -> front: waiting on exec.fifo */
    SYNC_ERROR = 6,      /* either way: message text; the sender then exits */
    SYNC_SECCOMP_FD = 7, /* container -> front: u32 number of a seccomp listener fd, sent with write(2);
                          * the front takes it with pidfd_getfd (as runc: no sendmsg under the filter) */
    SYNC_SECCOMP_DONE = 8, /* front -> container: the agent has the fd; the container closes its copy */
    SYNC_STRACE_FD = 9,  /* container -> front: u32 number the --strace listener fd WILL have, sent before the
                          * filter is loaded (after it, every syscall waits for the supervisor); no reply */
};

#define SYNC_MAX_PAYLOAD 8192

struct sync_msg {
    uint32_t kind;
    size_t len;
    char payload[SYNC_MAX_PAYLOAD + 1]; /* NUL-terminated for text */
    int fd;                             /* attached fd, or -1 */
};

/* Send kind + payload (+ fd if >= 0). Returns 0 or -errno (never raises SIGPIPE). */
int sync_send(int sock, uint32_t kind, const void *payload, size_t len, int fd);

/* Receive one message. Returns 1, 0 on EOF, or -errno. */
int sync_recv(int sock, struct sync_msg *m);

/* Send one fd with a payload over any unix socket (console master, seccomp state). */
int send_fd(int sock, const void *payload, size_t len, int fd);

/* Connect a SOCK_STREAM | SOCK_CLOEXEC socket to an AF_UNIX path. Returns fd or -errno. */
int connect_unix(const char *path);

#endif
