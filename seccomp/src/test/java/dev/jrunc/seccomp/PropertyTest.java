package dev.jrunc.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.seccomp.bpf.BpfInterpreter;
import dev.jrunc.seccomp.bpf.Bpf;
import dev.jrunc.seccomp.bpf.Insn;
import dev.jrunc.seccomp.bpf.SeccompData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

/**
 * Random profiles and random seccomp_data (seeded, reproducible): the compiled filter must decide exactly
 * as {@link ReferenceEvaluator} reads the profile.
 */
class PropertyTest {
    private static final long SEED = 0x5ecc0de;
    private static final int PROFILES = 400;
    private static final int CALLS_PER_PROFILE = 25;

    private static final String[] ACTIONS = {"SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_KILL_PROCESS",
            "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY"};
    private static final String[] OPS = {"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE",
            "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"};
    /** A mix: low and high numbers, arch-specific names, multiplexed ones, names unknown to the table. */
    private static final String[] NAMES = {"read", "close", "openat", "mmap", "clone", "clone3", "socket", "connect",
            "bind", "personality", "ioctl", "futex", "futex_waitv", "mseal", "kexec_load", "rt_sigaction", "execve",
            "chown32", "socketcall", "ipc", "shmat", "semop", "arch_prctl", "getpid", "uretprobe", "no_such_call",
            "set_tls", "cacheflush", "riscv_hwprobe", "listxattrat", "exit_group", "write"};
    private static final SeccompArch[] ARCHES = {SeccompArch.X86_64, SeccompArch.X86, SeccompArch.X32,
            SeccompArch.AARCH64, SeccompArch.ARM, SeccompArch.S390X};
    private static final long[] CONSTANTS = {0, 1, 2, 3, 38, 0x7E020000L, 0xffffffffL, 0x100000000L, 0x100000001L,
            0xffffffff00000000L, -1L, -2L, 0x8000000000000000L, 0x7fffffffffffffffL, 21, 0x10015};

    @Test
    void compiledFiltersAgreeWithTheReferenceEvaluator() {
        Random rnd = new Random(SEED);
        int checked = 0;
        for (int p = 0; p < PROFILES; p++) {
            SeccompArch nativeArch = rnd.nextInt(5) == 0 ? SeccompArch.AARCH64 : SeccompArch.X86_64;
            SeccompProfile profile = randomProfile(rnd);
            CompiledFilter f = SeccompCompiler.compile(profile, nativeArch);
            assertTrue(f.instructionCount() <= Bpf.MAX_INSNS);
            List<Insn> program = f.instructions();
            BpfInterpreter vm = new BpfInterpreter(program);
            for (int c = 0; c < CALLS_PER_PROFILE; c++) {
                SeccompData d = randomData(rnd, profile, nativeArch);
                int expected = ReferenceEvaluator.decide(profile, nativeArch, d);
                int actual = vm.run(d).action();
                if (expected != actual) {
                    throw new AssertionError(String.format("profile #%d %s%nnative %s data %s: expected %s got %s",
                            p, profile, nativeArch, d, Bpf.describeReturn(expected), Bpf.describeReturn(actual)));
                }
                checked++;
            }
        }
        assertEquals(PROFILES * CALLS_PER_PROFILE, checked);
    }

    private static SeccompProfile randomProfile(Random rnd) {
        String def = ACTIONS[rnd.nextInt(ACTIONS.length - 1)]; // not NOTIFY
        Integer defErrno = pick(rnd, null, 1, 38, 13, 70000);
        List<String> arches = new ArrayList<>();
        for (SeccompArch a : ARCHES) {
            if (rnd.nextInt(3) == 0) {
                arches.add(a.scmpName());
            }
        }
        List<SyscallRule> rules = new ArrayList<>();
        int n = rnd.nextInt(9);
        for (int i = 0; i < n; i++) {
            List<String> names = new ArrayList<>();
            int k = 1 + rnd.nextInt(4);
            for (int j = 0; j < k; j++) {
                names.add(NAMES[rnd.nextInt(NAMES.length)]);
            }
            String action = ACTIONS[rnd.nextInt(ACTIONS.length)];
            if (action.equals("SCMP_ACT_NOTIFY")) {
                names.removeIf("write"::equals);
                names.add("read");
            }
            List<ArgCondition> args = new ArrayList<>();
            int a = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(4);
            for (int j = 0; j < a; j++) {
                args.add(new ArgCondition(rnd.nextInt(3), constant(rnd), constant(rnd), OPS[rnd.nextInt(OPS.length)]));
            }
            rules.add(new SyscallRule(names, action, pick(rnd, null, 1, 38, 5, 4095), args));
        }
        return new SeccompProfile(def, defErrno, arches, null, "/run/agent.sock", null, rules);
    }

    private static SeccompData randomData(Random rnd, SeccompProfile profile, SeccompArch nativeArch) {
        List<SeccompArch> arches = new ArrayList<>(List.of(nativeArch));
        for (String s : profile.architectures()) {
            arches.add(SeccompArch.fromScmpName(s).orElseThrow());
        }
        SeccompArch arch = arches.get(rnd.nextInt(arches.size()));
        int audit = rnd.nextInt(12) == 0 ? ARCHES[rnd.nextInt(ARCHES.length)].auditArch() : arch.auditArch();
        int nr;
        switch (rnd.nextInt(6)) {
            case 0: nr = rnd.nextInt(600); break;
            case 1: nr = 0x40000000 | rnd.nextInt(600); break;
            case 2: nr = pick(rnd, -1, 0x3fffffff, 0x40000000, 0x7fffffff, 0x80000000, 0xc0000000, rnd.nextInt()); break;
            default: {
                String name = NAMES[rnd.nextInt(NAMES.length)];
                OptionalInt num = SyscallTable.of(arch).number(name);
                nr = num.isPresent() ? num.getAsInt() + pick(rnd, 0, 0, 0, 1, -1) : rnd.nextInt(500);
            }
        }
        long[] args = new long[6];
        for (int i = 0; i < 6; i++) {
            args[i] = constant(rnd) + pick(rnd, 0L, 0L, 1L, -1L, 1L << 32, -(1L << 32));
        }
        return new SeccompData(nr, audit, rnd.nextLong(), args, arch.bigEndian());
    }

    private static long constant(Random rnd) {
        return rnd.nextInt(4) == 0 ? rnd.nextLong() : CONSTANTS[rnd.nextInt(CONSTANTS.length)];
    }

    @SafeVarargs
    private static <T> T pick(Random rnd, T... values) {
        return values[rnd.nextInt(values.length)];
    }
}
