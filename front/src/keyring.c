/* Container-process op KEYRING: a session keyring of the container's own, as runc's init gives it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/keyctl.h>

#include "ctx.h"

/*
 * Join (creating it if needed) the named session keyring, so that the container does not share the
 * caller's session keyring (and the keys in it) with the host. Then add "search" for the keyring's group,
 * as runc does (ModKeyringPerm(ring, 0xffffffff, 0x080000)), so processes of other uids in the container
 * can still find keys linked under it. A kernel without keyrings (ENOSYS) is not an error, as in runc.
 */
int op_KEYRING(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    long ring = syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, ARG_S(op, 0));
    if (ring < 0)
        return errno == ENOSYS ? 0 : err_errno(e, op->label, errno);
    char desc[512]; /* "type;uid;gid;perm;description" */
    long n = syscall(SYS_keyctl, KEYCTL_DESCRIBE, ring, desc, sizeof desc);
    if (n < 0)
        return err_errno(e, op->label, errno);
    desc[sizeof desc - 1] = '\0';
    const char *field = desc;
    for (int i = 0; i < 3 && field; i++) {
        field = strchr(field, ';');
        if (field)
            field++;
    }
    if (!field)
        return err_reason(e, op->label, -EINVAL, "unexpected keyring description");
    unsigned long perm = strtoul(field, NULL, 16) | 0x080000UL; /* KEY_GRP_SEARCH */
    if (syscall(SYS_keyctl, KEYCTL_SETPERM, ring, perm) < 0)
        return err_errno(e, op->label, errno);
    return 0;
}
