/* Ops that load an eBPF program the planner generated and attach it to a cgroup v2 directory
 * (ALLOW_MULTI, so they stack with each other and with anyone else's). The program is the policy;
 * this file only loads it.
 *   CGROUP_DEVICES: a BPF_PROG_TYPE_CGROUP_DEVICE program from linux.resources.devices (cgroup v2 has
 *                   no devices.allow/deny files).
 *   CGROUP_BPF:     any program type and attach point the plan names (--net-deny's CGROUP_SKB egress
 *                   filter). */
#include "ctx.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long bpf(int cmd, union bpf_attr *attr)
{
    return syscall(SYS_bpf, cmd, attr, sizeof *attr);
}

/* args 0 and 1 of both ops: the cgroup directory, the program (8-byte instructions) */
static int load_and_attach(const struct op *op, uint32_t prog_type, uint32_t attach_type, struct error *e)
{
    size_t len = ARG_BLEN(op, 1);
    if (len == 0 || len % sizeof(struct bpf_insn))
        return err_reason(e, op->label, -EINVAL, "program is not a whole number of instructions");
    int dir = open(ARG_S(op, 0), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return err_errno(e, op->label, errno);
    static const char license[] = "Apache";
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.prog_type = prog_type;
    attr.insns = (uint64_t)(uintptr_t)ARG_B(op, 1);
    attr.insn_cnt = (uint32_t)(len / sizeof(struct bpf_insn));
    attr.license = (uint64_t)(uintptr_t)license;
    long prog = bpf(BPF_PROG_LOAD, &attr);
    if (prog < 0) {
        int err = errno;
        close(dir);
        return err_errno(e, op->label, err);
    }
    memset(&attr, 0, sizeof attr);
    attr.target_fd = (uint32_t)dir;
    attr.attach_bpf_fd = (uint32_t)prog;
    attr.attach_type = attach_type;
    attr.attach_flags = BPF_F_ALLOW_MULTI;
    long rc = bpf(BPF_PROG_ATTACH, &attr);
    int err = errno;
    close((int)prog); /* the attachment holds the program */
    close(dir);
    return rc < 0 ? err_errno(e, op->label, err) : 0;
}

int op_CGROUP_DEVICES(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    return load_and_attach(op, BPF_PROG_TYPE_CGROUP_DEVICE, BPF_CGROUP_DEVICE, e);
}

int op_CGROUP_BPF(struct ctx *c, const struct op *op, struct error *e)
{
    (void)c;
    return load_and_attach(op, (uint32_t)ARG_U(op, 2), (uint32_t)ARG_U(op, 3), e);
}
