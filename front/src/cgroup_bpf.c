/* CGROUP_BPF: load an eBPF program of the type the plan names and attach it to a cgroup v2 directory
 * (ALLOW_MULTI, so it stacks with the device filter and anyone else's). --net-deny uses it for a
 * CGROUP_SKB egress filter. The program is the policy; this file only loads it. */
#include "ctx.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int op_CGROUP_BPF(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    size_t len = ARG_BLEN(op, 1);
    if (len == 0 || len % sizeof(struct bpf_insn))
        return err_reason(e, op->label, -EINVAL, "program is not a whole number of instructions");
    int dir = open(ARG_S(op, 0), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return err_errno(e, op->label, errno);
    static const char license[] = "Apache";
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.prog_type = (uint32_t)ARG_U(op, 2);
    attr.insns = (uint64_t)(uintptr_t)ARG_B(op, 1);
    attr.insn_cnt = (uint32_t)(len / sizeof(struct bpf_insn));
    attr.license = (uint64_t)(uintptr_t)license;
    long prog = syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof attr);
    if (prog < 0) {
        int err = errno;
        close(dir);
        return err_errno(e, op->label, err);
    }
    memset(&attr, 0, sizeof attr);
    attr.target_fd = (uint32_t)dir;
    attr.attach_bpf_fd = (uint32_t)prog;
    attr.attach_type = (uint32_t)ARG_U(op, 3);
    attr.attach_flags = BPF_F_ALLOW_MULTI;
    long rc = syscall(SYS_bpf, BPF_PROG_ATTACH, &attr, sizeof attr);
    int err = errno;
    close((int)prog); /* the attachment holds the program */
    close(dir);
    return rc < 0 ? err_errno(e, op->label, err) : 0;
}
