/*
 * Path resolution for ops that may act inside the container's rootfs. IN_ROOT paths are resolved
 * with openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS) under the ROOTFS fd, so a symlink in an
 * untrusted image cannot point a mount or a device node at the host. Callers then act through the
 * returned fd (`/proc/self/fd/N` for mount(2), *at() syscalls for the rest).
 */
#ifndef JRUNC_PATHS_H
#define JRUNC_PATHS_H

#include <sys/types.h>

#include "ctx.h"

/* Open path with these open(2) flags and mode (O_CLOEXEC is always added), inside the rootfs when
 * in_root. Returns fd or -errno. */
int path_open_flags(struct ctx *c, const char *path, int in_root, int flags, mode_t mode);

/* path_open_flags with O_PATH | extra. */
int path_open(struct ctx *c, const char *path, int in_root, int extra);

/* Open the directory holding path and return it; *name points at the last component (in *buf,
 * which the caller frees). Returns fd or -errno. */
int path_parent(struct ctx *c, const char *path, int in_root, char **name, char **buf);

/* mkdir -p (each missing component created with mkdirat under its resolved parent). */
int path_mkdir_all(struct ctx *c, const char *path, int in_root, mode_t mode);

/* "/proc/self/fd/N" for fd. */
void fd_path(int fd, char *buf, size_t len);

#endif
