#include "paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

void fd_path(int fd, char *buf, size_t len) { snprintf(buf, len, "/proc/self/fd/%d", fd); }

int path_open(struct ctx *c, const char *path, int in_root, int extra)
{
    return path_open_flags(c, path, in_root, O_PATH | extra, 0);
}

int path_open_flags(struct ctx *c, const char *path, int in_root, int flags, mode_t mode)
{
    flags |= O_CLOEXEC;
    if (!in_root) {
        int fd = open(*path ? path : ".", flags, mode);
        return fd < 0 ? -errno : fd;
    }
    if (c->root_fd < 0)
        return -EBADF; /* IN_ROOT before ROOTFS: a plan bug */
    struct open_how how = {
        .flags = (uint64_t)flags,
        .mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0,
        .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
    };
    long fd;
    do
        fd = syscall(SYS_openat2, c->root_fd, *path ? path : "/", &how, sizeof how);
    while (fd < 0 && errno == EAGAIN); /* openat2 asks to retry when a rename raced it */
    return fd < 0 ? -errno : (int)fd;
}

int path_parent(struct ctx *c, const char *path, int in_root, char **name, char **buf)
{
    char *p = strdup(path);
    if (!p)
        return -ENOMEM;
    size_t len = strlen(p);
    while (len > 1 && p[len - 1] == '/')
        p[--len] = '\0';
    char *slash = strrchr(p, '/');
    const char *dir;
    if (!slash) {
        *name = p;
        dir = in_root ? "/" : ".";
    } else {
        *slash = '\0';
        *name = slash + 1;
        dir = slash == p ? "/" : p;
    }
    if (!**name || strcmp(*name, ".") == 0 || strcmp(*name, "..") == 0) {
        free(p);
        return -EINVAL;
    }
    int fd = path_open(c, dir, in_root, O_DIRECTORY);
    if (fd < 0) {
        free(p);
        return fd;
    }
    *buf = p;
    return fd;
}

int path_mkdir_all(struct ctx *c, const char *path, int in_root, mode_t mode)
{
    char *p = strdup(path);
    if (!p)
        return -ENOMEM;
    /* parent starts at the root (absolute / IN_ROOT) or the cwd (relative host path) */
    int parent = path_open(c, (in_root || p[0] == '/') ? "/" : ".", in_root, O_DIRECTORY);
    int rc = parent;
    for (char *comp = p; rc >= 0;) {
        while (*comp == '/')
            comp++;
        if (!*comp)
            break;
        char *end = strchr(comp, '/');
        char saved = end ? *end : '\0';
        if (end)
            *end = '\0';
        /* resolve the whole prefix again, so symlinks are followed inside the root */
        int fd = path_open(c, p, in_root, O_DIRECTORY);
        if (fd == -ENOENT) {
            if (mkdirat(parent, comp, mode) < 0 && errno != EEXIST)
                fd = -errno;
            else
                fd = path_open(c, p, in_root, O_DIRECTORY);
        }
        close(parent);
        parent = rc = fd;
        if (!end)
            break;
        *end = saved;
        comp = end + 1;
    }
    if (parent >= 0)
        close(parent);
    free(p);
    return rc < 0 ? rc : 0;
}
