/*
 * Container-process filesystem ops: the rootfs, mounts, device nodes, symlinks, the root switch,
 * masked and read-only paths. Before PIVOT_ROOT, IN_ROOT paths go through paths.c so that nothing
 * in the image can redirect them to the host; mount(2) then acts on /proc/self/fd/N.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ctx.h"
#include "paths.h"

int op_ROOTFS(struct ctx *c, const struct op *op, struct error *e)
{
    const char *rootfs = ARG_S(op, 0);
    unsigned long prop = (unsigned long)ARG_U(op, 1);
    if (prop && mount(NULL, "/", NULL, prop, NULL) < 0)
        return err_errno(e, op->label, errno);
    /* a bind onto itself makes the rootfs a mount point, which pivot_root needs */
    if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
        return err_errno(e, op->label, errno);
    int fd = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return err_errno(e, op->label, errno);
    if (c->root_fd >= 0)
        close(c->root_fd);
    c->root_fd = fd;
    free(c->rootfs);
    c->rootfs = strdup(rootfs);
    return 0;
}

int op_MOUNT(struct ctx *c, const struct op *op, struct error *e)
{
    const char *src = ARG_S(op, 0), *target = ARG_S(op, 1), *fstype = ARG_S(op, 2);
    unsigned long mflags = (unsigned long)ARG_U(op, 3);
    const char *data = ARG_S(op, 4);
    uint64_t flags = ARG_U(op, 5);
    char src_path[64], target_path[64];
    int sfd = -1, tfd = -1, rc = 0;
    if (flags & F_SRC_IN_ROOT) {
        sfd = path_open(c, src, 1, 0);
        if (sfd < 0) {
            rc = sfd;
            goto out;
        }
        fd_path(sfd, src_path, sizeof src_path);
        src = src_path;
    }
    if (flags & F_IN_ROOT) {
        tfd = path_open(c, target, 1, 0);
        if (tfd < 0) {
            rc = tfd;
            goto out;
        }
        fd_path(tfd, target_path, sizeof target_path);
        target = target_path;
    }
    if (mount(*src ? src : NULL, target, *fstype ? fstype : NULL, mflags, *data ? data : NULL) < 0)
        rc = -errno;
out:
    if (sfd >= 0)
        close(sfd);
    if (tfd >= 0)
        close(tfd);
    if (rc == -ENOENT && (flags & F_IGNORE_ENOENT))
        return 0;
    return rc < 0 ? err_errno(e, op->label, -rc) : 0;
}

int op_MKNOD(struct ctx *c, const struct op *op, struct error *e)
{
    char *name, *buf;
    int dir = path_parent(c, ARG_S(op, 0), c->root_fd >= 0, &name, &buf);
    if (dir < 0)
        return err_errno(e, op->label, -dir);
    int rc = 0;
    dev_t dev = makedev((unsigned)ARG_U(op, 2), (unsigned)ARG_U(op, 3));
    if (mknodat(dir, name, (mode_t)ARG_U(op, 1), dev) < 0)
        rc = -errno;
    else if (fchownat(dir, name, (uid_t)ARG_U(op, 4), (gid_t)ARG_U(op, 5), AT_SYMLINK_NOFOLLOW) < 0)
        rc = -errno;
    /* mknod applies the umask; the plan's permission bits are exact */
    else if (fchmodat(dir, name, (mode_t)ARG_U(op, 1) & 07777, 0) < 0)
        rc = -errno;
    close(dir);
    free(buf);
    return rc < 0 ? err_errno(e, op->label, -rc) : 0;
}

int op_SYMLINK(struct ctx *c, const struct op *op, struct error *e)
{
    uint64_t flags = ARG_U(op, 2);
    char *name, *buf;
    int dir = path_parent(c, ARG_S(op, 1), (flags & F_IN_ROOT) != 0, &name, &buf);
    if (dir < 0)
        return err_errno(e, op->label, -dir);
    int rc = symlinkat(ARG_S(op, 0), dir, name) < 0 ? -errno : 0;
    close(dir);
    free(buf);
    if (rc == -EEXIST && (flags & F_IGNORE_EEXIST))
        return 0;
    return rc < 0 ? err_errno(e, op->label, -rc) : 0;
}

/* pivot_root refuses a new root whose parent mount is shared: make that one mount private. */
static void make_parent_private(const char *rootfs)
{
    char *copy = strdup(rootfs), best[4096] = "/";
    size_t best_len = 1;
    FILE *f = fopen("/proc/self/mountinfo", "re");
    if (!copy || !f) {
        free(copy);
        if (f)
            fclose(f);
        return;
    }
    /* the longest mount point that is a proper prefix of the rootfs */
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        char mnt[4096];
        if (sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1)
            continue;
        size_t n = strlen(mnt);
        if (n > best_len && strncmp(rootfs, mnt, n) == 0 && rootfs[n] == '/') {
            snprintf(best, sizeof best, "%s", mnt);
            best_len = n;
        }
    }
    fclose(f);
    free(copy);
    mount(NULL, best, NULL, MS_PRIVATE, NULL);
}

int op_PIVOT_ROOT(struct ctx *c, const struct op *op, struct error *e)
{
    if (!c->rootfs)
        return err_reason(e, op->label, -EINVAL, "no rootfs");
    if (chdir(c->rootfs) < 0)
        return err_errno(e, op->label, errno);
    if (ARG_U(op, 0) & F_NO_PIVOT) {
        if (mount(c->rootfs, "/", NULL, MS_MOVE, NULL) < 0 || chroot(".") < 0)
            return err_errno(e, op->label, errno);
    } else {
        int oldroot = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
        if (oldroot < 0)
            return err_errno(e, op->label, errno);
        if (syscall(SYS_pivot_root, ".", ".") < 0) {
            if (errno != EINVAL) {
                close(oldroot);
                return err_errno(e, op->label, errno);
            }
            make_parent_private(c->rootfs);
            if (syscall(SYS_pivot_root, ".", ".") < 0) {
                int err = errno;
                close(oldroot);
                return err_errno(e, op->label, err);
            }
        }
        /* the old root is stacked under the new one at "."; detach it without telling the host */
        int rc = 0;
        if (fchdir(oldroot) < 0 || mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0 ||
            umount2(".", MNT_DETACH) < 0)
            rc = -errno;
        close(oldroot);
        if (rc < 0)
            return err_errno(e, op->label, -rc);
    }
    if (chdir("/") < 0)
        return err_errno(e, op->label, errno);
    /* from now on IN_ROOT paths are plain container paths under the new "/" */
    int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (c->root_fd >= 0)
        close(c->root_fd);
    c->root_fd = fd;
    free(c->rootfs);
    c->rootfs = NULL;
    return 0;
}

int op_MASK(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    const char *path = ARG_S(op, 0);
    struct stat st;
    if (stat(path, &st) < 0)
        return errno == ENOENT ? 0 : err_errno(e, op->label, errno);
    int rc = S_ISDIR(st.st_mode) ? mount("tmpfs", path, "tmpfs", MS_RDONLY, NULL)
                                 : mount("/dev/null", path, NULL, MS_BIND, NULL);
    return rc < 0 ? err_errno(e, op->label, errno) : 0;
}

int op_READONLY(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    const char *path = ARG_S(op, 0);
    if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0)
        return errno == ENOENT ? 0 : err_errno(e, op->label, errno);
    struct statvfs sv;
    unsigned long keep = 0;
    if (statvfs(path, &sv) == 0)
        keep = sv.f_flag & (MS_NOSUID | MS_NODEV | MS_NOEXEC);
    if (mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC | keep, NULL) < 0)
        return err_errno(e, op->label, errno);
    return 0;
}
