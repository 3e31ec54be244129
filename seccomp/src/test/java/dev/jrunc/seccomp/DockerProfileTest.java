package dev.jrunc.seccomp;

import static dev.jrunc.seccomp.Profiles.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.seccomp.bench.FilterStats;
import dev.jrunc.seccomp.bpf.Bpf;
import dev.jrunc.seccomp.bpf.BpfInterpreter;
import dev.jrunc.seccomp.bpf.Insn;
import dev.jrunc.seccomp.bpf.SeccompData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Docker's default profile: differential test against the program runc >= 1.2 loads (runc's ENOSYS stub +
 * libseccomp 2.5.4's tree), and the size/cost targets.
 *
 * <p>Intentional differences, all from our fresher syscall table (libseccomp v7.1.0-rc4 csv vs libseccomp
 * 2.5.4 in runc):
 * <ol>
 * <li>Syscalls of Docker's allow list that libseccomp 2.5.4 does not know (uretprobe 335, statmount 457,
 *     listmount 458, mseal 462, setxattrat 463, getxattrat 464, listxattrat 465, removexattrat 466, on x86_64
 *     and x32; plus map_shadow_stack 453 on x32, where 2.5.4's table lacks it): runc skips them (EPERM below
 *     its threshold, ENOSYS above); we ALLOW them as the profile says.</li>
 * <li>runc's ENOSYS threshold is the highest number libseccomp 2.5.4 resolves (456, futex_requeue); ours is
 *     the highest the profile names in the fresh table, so unnamed numbers between the two get the default
 *     EPERM from us and ENOSYS from runc (both are runc's rule, applied to different tables).</li>
 * <li>Not exercised here: on x32 libseccomp compares only the low 32 bits of arguments; we compare all 64
 *     (the kernel hands x32 filters full registers). So x32 arguments are probed with zero high words.</li>
 * </ol>
 */
class DockerProfileTest {
    private static final Set<Integer> UNKNOWN_TO_LIBSECCOMP_254 = Set.of(335, 457, 458, 462, 463, 464, 465, 466);
    private static final Set<Integer> X32_UNKNOWN_TO_LIBSECCOMP_254 = Set.of(335, 453, 457, 458, 462, 463, 464, 465,
            466);
    private static final int RUNC_ENOSYS_ABOVE = 456;
    private static final long[] ARG_VALUES = {0, 1, 2, 8, 10, 16, 38, 39, 40, 41, 0x20000, 0x20008, 0xffffffffL,
            0x1200011, 0x3d0f00, 0x10000000, 0x7E020000L, 0x100000000L, 0x1_0000_0027L, -1L};

    private final SeccompProfile docker = TestData.dockerDefault();
    private final CompiledFilter ours = compile(docker);
    private final BpfInterpreter oursVm = new BpfInterpreter(ours.instructions());
    private final BpfInterpreter runcVm = new BpfInterpreter(TestData.runc12Program());
    private final long ourEnosysAbove = highestNamed(SeccompArch.X86_64);

    private long highestNamed(SeccompArch arch) {
        long max = -1;
        for (SyscallRule r : docker.syscalls()) {
            for (String n : r.names()) {
                var nr = SyscallTable.of(arch).number(n);
                if (nr.isPresent()) {
                    max = Math.max(max, Integer.toUnsignedLong(nr.getAsInt()));
                }
            }
        }
        return max;
    }

    /** What we decide where we differ on purpose, or null where we must equal runc. */
    private Integer intentional(SeccompData d) {
        if (d.arch() != X86_64) {
            return null;
        }
        int nr = d.nr() & ~0x40000000;
        boolean x32 = (d.nr() & 0x40000000) != 0 && d.nr() != -1;
        if ((x32 ? X32_UNKNOWN_TO_LIBSECCOMP_254 : UNKNOWN_TO_LIBSECCOMP_254).contains(nr)) {
            return ALLOW;
        }
        if (!x32 && d.nr() > RUNC_ENOSYS_ABOVE && d.nr() <= ourEnosysAbove) {
            return EPERM;
        }
        return null;
    }

    private int compare(SeccompData d) {
        int mine = oursVm.run(d).action();
        Integer differs = intentional(d);
        int expected = differs != null ? differs : runcVm.run(d).action();
        assertEquals(Bpf.describeReturn(expected), Bpf.describeReturn(mine), d.toString());
        return differs == null ? 1 : 0;
    }

    @Test
    void busyboxWorkloadDecidesLikeRunc() {
        int same = 0;
        for (SeccompData d : TestData.busyboxWorkload()) {
            same += compare(d);
        }
        assertEquals(1042, same, "no busybox syscall is in the intentional-difference set");
    }

    @Test
    void sweepOfNumbersArgsAndAbisDecidesLikeRunc() {
        int same = 0;
        for (int nr = 0; nr <= 500; nr++) {
            for (long a : ARG_VALUES) {
                same += compare(SeccompData.of(nr, X86_64, a, a, a));
                long low = a & 0xffffffffL; // x32: see class comment, item 3
                same += compare(SeccompData.of(nr | 0x40000000, X86_64, low, low, low));
                same += compare(SeccompData.of(nr, AARCH64, a));
                same += compare(SeccompData.of(nr, 0x40000028, a)); // ARM
            }
        }
        for (int nr : new int[]{-1, 501, 547, 548, 1000, 0x3fffffff, 0x40000000 | 547, 0x40000000 | 548,
                0x7fffffff, 0x80000000, 0xbfffffff, 0xc0000000}) {
            same += compare(SeccompData.of(nr, X86_64));
        }
        assertTrue(same > 35000, "most cases compared with runc: " + same);
    }

    @Test
    void intentionalDifferencesAreWhatTheClassCommentSays() {
        assertEquals(466, ourEnosysAbove, "removexattrat is the newest syscall Docker's list names");
        assertEquals(ALLOW, x64(ours, 462), "mseal");
        assertEquals(0x00050001, runcVm.run(SeccompData.of(335, X86_64)).action(), "runc: uretprobe unknown, EPERM");
        assertEquals(ENOSYS, runcVm.run(SeccompData.of(459, X86_64)).action());
        assertEquals(EPERM, x64(ours, 459), "lsm_get_self_attr: not named, below our threshold");
        assertEquals(ENOSYS, x64(ours, 467));
    }

    @Test
    void sizeAndCostTargets() {
        List<Insn> program = ours.instructions();
        FilterStats.Cost cost = FilterStats.measure(program, TestData.busyboxWorkload());
        FilterStats.Cost runc = FilterStats.measure(TestData.runc12Program(), TestData.busyboxWorkload());
        assertTrue(program.size() <= Bpf.MAX_INSNS);
        assertTrue(program.size() < 500, "program length " + program.size());
        assertTrue(cost.average() <= 10.0, "average " + cost.average());
        assertTrue(cost.worst() <= 20, "worst " + cost.worst());
        assertEquals(20.95, runc.average(), 0.01, "the interpreter reproduces the notes' runc 1.2 figure");
        assertEquals(28, runc.worst());
    }

    @Test
    void worstCaseOverAllX86_64NumbersAndArgs() {
        int worst = 0;
        List<String> slowest = new ArrayList<>();
        for (int nr = 0; nr <= 500; nr++) {
            for (long a : ARG_VALUES) {
                int n = oursVm.run(SeccompData.of(nr, X86_64, a)).executed();
                if (n > worst) {
                    worst = n;
                    slowest.add(nr + ":" + n);
                }
            }
        }
        assertTrue(worst <= 24, "worst over any x86_64 syscall " + worst + " " + slowest);
    }
}
