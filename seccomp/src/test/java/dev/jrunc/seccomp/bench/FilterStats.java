package dev.jrunc.seccomp.bench;

import dev.jrunc.seccomp.CompiledFilter;
import dev.jrunc.seccomp.SeccompArch;
import dev.jrunc.seccomp.SeccompCompiler;
import dev.jrunc.seccomp.SeccompProfile;
import dev.jrunc.seccomp.TestData;
import dev.jrunc.seccomp.bpf.BpfInterpreter;
import dev.jrunc.seccomp.bpf.Insn;
import dev.jrunc.seccomp.bpf.SeccompData;

import java.util.ArrayList;

import java.util.List;

/**
 * Prints program length and instructions executed per syscall (busybox workload: average and worst case)
 * for Docker's default profile, next to libseccomp's figures from notes/seccomp.md. Deterministic counts
 * from the interpreter, not timings. Run:
 * {@code java -cp seccomp/target/classes:seccomp/target/test-classes dev.jrunc.seccomp.bench.FilterStats}
 */
public final class FilterStats {
    /** Cost of one program on a workload. */
    public record Cost(int length, double average, int worst) {
    }

    private FilterStats() {
    }

    public static Cost measure(List<Insn> program, List<SeccompData> workload) {
        BpfInterpreter vm = new BpfInterpreter(program);
        long total = 0;
        int worst = 0;
        for (SeccompData d : workload) {
            int n = vm.run(d).executed();
            total += n;
            worst = Math.max(worst, n);
        }
        return new Cost(program.size(), (double) total / workload.size(), worst);
    }

    /** Every number of an ABI, each with several argument values (the rule constants of Docker's profile). */
    private static List<SeccompData> sweep(String name) {
        long[] values = {0, 2, 8, 38, 39, 40, 41, 0x20008, 0xffffffffL, 0x1200011, 0x10000000};
        int arch = name.startsWith("i386") ? TestData.AUDIT_I386 : TestData.AUDIT_X86_64;
        int base = name.startsWith("x32") ? 0x40000000 : 0;
        int last = name.startsWith("x32") ? 547 : name.startsWith("i386") ? 470 : 469;
        List<SeccompData> out = new ArrayList<>();
        for (int nr = 0; nr <= last; nr++) {
            for (long v : values) {
                out.add(SeccompData.of(nr | base, arch, v, v, v));
            }
        }
        return out;
    }

    public static void main(String[] args) {
        SeccompProfile docker = TestData.dockerDefault();
        long t0 = System.nanoTime();
        CompiledFilter f = SeccompCompiler.compile(docker, SeccompArch.X86_64);
        long t1 = System.nanoTime();
        List<SeccompData> workload = TestData.busyboxWorkload();
        Cost ours = measure(f.instructions(), workload);
        Cost runc = measure(TestData.runc12Program(), workload);
        System.out.printf("Docker default profile (OCI, amd64), busybox sh workload (%d syscalls)%n", workload.size());
        System.out.printf("%-34s %8s %10s %8s%n", "program", "insns", "avg/call", "worst");
        System.out.printf("%-34s %8d %10.2f %8d%n", "jrunc (with ENOSYS rule)", ours.length(), ours.average(),
                ours.worst());
        System.out.printf("%-34s %8d %10.2f %8d%n", "runc 1.2 (stub+libseccomp O2), here", runc.length(),
                runc.average(), runc.worst());
        System.out.printf("%-34s %8d %10.2f %8d%n", "libseccomp O1 (notes)", 1001, 103.2, 606);
        System.out.printf("%-34s %8d %10.2f %8d%n", "runc 1.1.5 stub+O1 (notes)", 1015, 110.2, 613);
        System.out.printf("%-34s %8d %10.2f %8d%n", "libseccomp O2 tree (notes)", 1246, 13.95, 21);
        System.out.printf("%-34s %8d %10.2f %8d%n", "runc 1.2 stub+O2 (notes)", 1260, 20.95, 28);
        System.out.printf("(issue's figures: runc 1.1.5 1001 insns / 103 avg / 613 worst; runc 1.2 tree 14 / 24,"
                + " with prefix 21 / 31)%n");
        System.out.printf("%nother workloads (ours vs runc 1.2 here): mean / worst%n");
        for (String name : new String[]{"x86_64 nr 0..469", "x32 nr 0..547", "i386 nr 0..470"}) {
            List<SeccompData> sweep = sweep(name);
            Cost o = measure(f.instructions(), sweep);
            Cost r = measure(TestData.runc12Program(), sweep);
            System.out.printf("%-34s %6.2f / %-4d   runc %6.2f / %d%n", name + " x args", o.average(), o.worst(),
                    r.average(), r.worst());
        }
        System.out.printf("compile time (cold, first call): %.1f ms%n", (t1 - t0) / 1e6);
    }
}
