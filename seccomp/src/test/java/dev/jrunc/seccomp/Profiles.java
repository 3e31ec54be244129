package dev.jrunc.seccomp;

import dev.jrunc.seccomp.bpf.BpfInterpreter;
import dev.jrunc.seccomp.bpf.SeccompData;

import java.util.List;

/** Small builders and runners shared by the tests. */
final class Profiles {
    static final int ALLOW = 0x7fff0000;
    static final int EPERM = 0x00050001;
    static final int ENOSYS = 0x00050026;
    static final int KILL_THREAD = 0;
    static final int X86_64 = TestData.AUDIT_X86_64;
    static final int I386 = TestData.AUDIT_I386;
    static final int AARCH64 = TestData.AUDIT_AARCH64;

    private Profiles() {
    }

    static SeccompProfile profile(String defaultAction, List<String> arches, SyscallRule... rules) {
        return new SeccompProfile(defaultAction, null, arches, null, null, null, List.of(rules));
    }

    static SeccompProfile deny(SyscallRule... rules) {
        return profile("SCMP_ACT_ERRNO", List.of("SCMP_ARCH_X86_64"), rules);
    }

    static SyscallRule rule(String action, List<String> names, ArgCondition... args) {
        return new SyscallRule(names, action, null, List.of(args));
    }

    static SyscallRule allow(String name, ArgCondition... args) {
        return rule("SCMP_ACT_ALLOW", List.of(name), args);
    }

    static ArgCondition arg(int index, String op, long value) {
        return new ArgCondition(index, value, 0, "SCMP_CMP_" + op);
    }

    static ArgCondition masked(int index, long mask, long datum) {
        return new ArgCondition(index, mask, datum, "SCMP_CMP_MASKED_EQ");
    }

    static CompiledFilter compile(SeccompProfile p) {
        return SeccompCompiler.compile(p, SeccompArch.X86_64);
    }

    static BpfInterpreter.Result run(CompiledFilter f, SeccompData d) {
        return BpfInterpreter.run(f.instructions(), d);
    }

    static int decide(CompiledFilter f, int arch, int nr, long... args) {
        return run(f, SeccompData.of(nr, arch, args)).action();
    }

    static int x64(CompiledFilter f, int nr, long... args) {
        return decide(f, X86_64, nr, args);
    }
}
