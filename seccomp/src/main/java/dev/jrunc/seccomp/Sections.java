package dev.jrunc.seccomp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Cuts the 32-bit syscall-number space of each AUDIT_ARCH into maximal intervals of identical outcome.
 * x86_64 and x32 share AUDIT_ARCH_X86_64 and differ by bit 30 of nr, so their section has both ABIs'
 * numbers; an ABI that is not in the profile gets the bad-arch action (libseccomp's behaviour, and what
 * keeps x32 calls from bypassing an x86_64 deny list). As in the kernel and runc's stub, a number is x32
 * iff bit 30 is set, except nr 0xffffffff (-1, a tracer skipping the call), which counts as x86_64.
 *
 * <p>Weights model "every syscall of the arch equally likely": an interval weighs the number of real
 * syscalls in it, x32 ones 1/16 (a nearly unused ABI), empty ranges a token amount. The tree layout
 * then puts long runs of common outcome near the root.
 */
final class Sections {
    static final long MAX_NR = 0xffffffffL;
    private static final double EMPTY_WEIGHT = 1e-3;
    private static final double X32_WEIGHT = 1.0 / 16;

    private Sections() {
    }

    /** The sections in dispatch order (native first): AUDIT_ARCH value to its intervals. */
    static Map<Integer, List<Interval>> build(FilterModel model) {
        Map<Integer, List<Interval>> out = new LinkedHashMap<>();
        for (SeccompArch arch : model.order()) {
            out.computeIfAbsent(arch.auditArch(), audit -> merge(pieces(model, audit)));
        }
        return out;
    }

    private static List<Interval> pieces(FilterModel model, int audit) {
        List<Interval> out = new ArrayList<>();
        if (audit == SeccompArch.X86_64.auditArch()) {
            AbiPolicy x64 = model.abis().get(SeccompArch.X86_64);
            AbiPolicy x32 = model.abis().get(SeccompArch.X32);
            segment(out, x64, 0, 0x3fffffffL);
            segment(out, x32, 0x40000000L, 0x7fffffffL);
            segment(out, x64, 0x80000000L, 0xbfffffffL);
            segment(out, x32, 0xc0000000L, MAX_NR - 1);
            segment(out, x64, MAX_NR, MAX_NR);
        } else {
            for (AbiPolicy p : model.abis().values()) {
                if (p.arch().auditArch() == audit) {
                    segment(out, p, 0, MAX_NR);
                }
            }
        }
        return out;
    }

    private static void segment(List<Interval> out, AbiPolicy policy, long lo, long hi) {
        if (policy == null) {
            out.add(new Interval(lo, hi, new Outcome.Ret(FilterModel.BAD_ARCH_ACTION), EMPTY_WEIGHT));
            return;
        }
        SyscallTable table = SyscallTable.of(policy.arch());
        double abiWeight = policy.arch() == SeccompArch.X32 ? X32_WEIGHT : 1.0;
        long cur = lo;
        for (Map.Entry<Long, Outcome> e : policy.named().subMap(lo, true, hi, true).entrySet()) {
            long nr = e.getKey();
            if (cur < nr) {
                gap(out, policy, table, abiWeight, cur, nr - 1);
            }
            out.add(new Interval(nr, nr, e.getValue(), abiWeight + EMPTY_WEIGHT));
            cur = nr + 1;
        }
        if (cur <= hi) {
            gap(out, policy, table, abiWeight, cur, hi);
        }
    }

    /** Unnamed numbers: default, except runc's ENOSYS cut points (above the highest named; s390's 0). */
    private static void gap(List<Interval> out, AbiPolicy policy, SyscallTable table, double abiWeight,
                            long lo, long hi) {
        TreeSet<Long> cuts = new TreeSet<>();
        cuts.add(lo);
        if (policy.enosysZero() && lo == 0 && hi > 0) {
            cuts.add(1L);
        }
        long above = policy.enosysAbove() + 1;
        if (policy.enosysAbove() >= 0 && above > lo && above <= hi) {
            cuts.add(above);
        }
        List<Long> list = new ArrayList<>(cuts);
        for (int i = 0; i < list.size(); i++) {
            long a = list.get(i);
            long b = i + 1 < list.size() ? list.get(i + 1) - 1 : hi;
            double w = table.countInRange(a, b) * abiWeight + EMPTY_WEIGHT;
            out.add(new Interval(a, b, policy.outcome(a), w));
        }
    }

    private static List<Interval> merge(List<Interval> pieces) {
        List<Interval> out = new ArrayList<>();
        for (Interval p : pieces) {
            Interval last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.outcome().equals(p.outcome())) {
                out.set(out.size() - 1, new Interval(last.lo(), p.hi(), p.outcome(), last.weight() + p.weight()));
            } else {
                out.add(p);
            }
        }
        return out;
    }
}
