package dev.jrunc.spec;

import java.util.List;

/** {@code linux.seccomp}. Names are validated against {@link SeccompNames}. */
public record Seccomp(
        String defaultAction,
        @Num.U32 Long defaultErrnoRet,
        List<String> architectures,
        List<String> flags,
        String listenerPath,
        String listenerMetadata,
        List<Syscall> syscalls) {

    public Seccomp {
        architectures = Copies.list(architectures);
        flags = Copies.list(flags);
        syscalls = Copies.list(syscalls);
    }

    /** One rule: syscall names, action, optional errno, argument conditions (ANDed). */
    public record Syscall(List<String> names, String action, @Num.U32 Long errnoRet, List<Arg> args) {
        public Syscall {
            names = Copies.list(names);
            args = Copies.list(args);
        }
    }

    /** An argument condition: index 0..5, value/valueTwo uint64 (unsigned bit pattern), op SCMP_CMP_*. */
    public record Arg(@Num.U32 Long index, @Num.U64 Long value, @Num.U64 Long valueTwo, String op) {}
}
