package dev.jrunc.seccomp;

import dev.jrunc.seccomp.bpf.Bpf;
import dev.jrunc.seccomp.bpf.Insn;

import java.nio.ByteOrder;
import java.util.List;

/**
 * Compiles an OCI seccomp profile to a classic-BPF program, in pure Java (no libseccomp). The decisions are
 * runc's (see {@link ProfileResolver} for the rules and the deliberate differences); the layout is an
 * arch dispatch followed by a weighted binary search over syscall-number intervals (see
 * {@link ProgramEmitter}).
 */
public final class SeccompCompiler {
    private SeccompCompiler() {
    }

    /** Compiles for this machine: the native arch (SCMP_ARCH_NATIVE, always included) is the JVM's. */
    public static CompiledFilter compile(SeccompProfile profile) {
        return compile(profile, SeccompArch.nativeArch());
    }

    /** Compiles with an explicit native arch (tests, or compiling for another host). */
    public static CompiledFilter compile(SeccompProfile profile, SeccompArch nativeArch) {
        if (profile == null) {
            throw new SeccompException("seccomp", "null profile");
        }
        FilterModel model = ProfileResolver.resolve(profile, nativeArch);
        List<Insn> program = ProgramEmitter.emit(model);
        if (program.size() > Bpf.MAX_INSNS) {
            throw new SeccompException("syscalls", "the compiled program has " + program.size()
                    + " instructions, more than the kernel accepts (BPF_MAXINSNS = " + Bpf.MAX_INSNS + ")");
        }
        byte[] bytes = Insn.encode(program, ByteOrder.LITTLE_ENDIAN);
        return new CompiledFilter(bytes, program.size(), model.flags(), model.needsListener());
    }
}
