package dev.jrunc.seccomp;

import dev.jrunc.seccomp.bpf.Bpf;

import java.util.Optional;

/** The OCI SCMP_ACT_* names and the seccomp return value each compiles to. */
enum Action {
    /** runc maps SCMP_ACT_KILL to KILL_THREAD, as libseccomp's SCMP_ACT_KILL is. */
    KILL("SCMP_ACT_KILL", Bpf.RET_KILL_THREAD, false),
    KILL_THREAD("SCMP_ACT_KILL_THREAD", Bpf.RET_KILL_THREAD, false),
    KILL_PROCESS("SCMP_ACT_KILL_PROCESS", Bpf.RET_KILL_PROCESS, false),
    TRAP("SCMP_ACT_TRAP", Bpf.RET_TRAP, false),
    ERRNO("SCMP_ACT_ERRNO", Bpf.RET_ERRNO, true),
    /** The data is the tracer's PTRACE_GETEVENTMSG value; runc fills it from errnoRet like ERRNO. */
    TRACE("SCMP_ACT_TRACE", Bpf.RET_TRACE, true),
    ALLOW("SCMP_ACT_ALLOW", Bpf.RET_ALLOW, false),
    LOG("SCMP_ACT_LOG", Bpf.RET_LOG, false),
    NOTIFY("SCMP_ACT_NOTIFY", Bpf.RET_USER_NOTIF, false);

    static final int EPERM = 1;
    static final int ENOSYS = 38;
    static final int RET_ENOSYS = Bpf.RET_ERRNO | ENOSYS;

    private final String ociName;
    private final int base;
    private final boolean takesData;

    Action(String ociName, int base, boolean takesData) {
        this.ociName = ociName;
        this.base = base;
        this.takesData = takesData;
    }

    String ociName() {
        return ociName;
    }

    static Optional<Action> fromOciName(String name) {
        for (Action a : values()) {
            if (a.ociName.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * The seccomp return value. Like runc, errnoRet is ignored for actions without data (the runtime-spec
     * says MUST error, runc does not, and a drop-in must accept what runc accepts), absent means EPERM,
     * and only the low 16 bits are kept (runc casts through int16; the kernel caps errno at 4095).
     */
    int returnValue(Integer errnoRet) {
        if (!takesData) {
            return base;
        }
        int data = errnoRet == null ? EPERM : errnoRet & Bpf.RET_DATA;
        return base | data;
    }

    /** runc adds no ENOSYS stub under a permissive default: a tracer or the log handles new syscalls. */
    boolean permissive() {
        return this == ALLOW || this == LOG || this == TRACE;
    }
}
