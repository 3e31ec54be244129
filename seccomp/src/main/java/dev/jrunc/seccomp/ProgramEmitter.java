package dev.jrunc.seccomp;

import dev.jrunc.seccomp.bpf.Assembler;
import dev.jrunc.seccomp.bpf.Bpf;
import dev.jrunc.seccomp.bpf.Insn;
import dev.jrunc.seccomp.bpf.Label;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out the program:
 * <pre>
 *   ld [arch]; jeq NATIVE ? fall through : next arch          (native costs 2 instructions)
 *     ld [nr]; tree of jgt over the section's intervals  (only ld [0], ld [4], jgt, jeq, ret on the way:
 *                                                         the kernel's action cache can prove ALLOW)
 *     argument checks of the syscalls that have them     (loaded only once the number is known)
 *     one ret per distinct action of the section         (shared tails)
 *   next arch: jeq ... ; ...
 *   ret KILL_THREAD                                     (foreign arch: libseccomp's bad-arch action)
 * </pre>
 * Jumps longer than 255 are fixed by the {@link Assembler} with islands.
 */
final class ProgramEmitter {
    private final Assembler asm = new Assembler();

    static List<Insn> emit(FilterModel model) {
        return new ProgramEmitter().program(model);
    }

    private List<Insn> program(FilterModel model) {
        Map<Integer, List<Interval>> sections = Sections.build(model);
        asm.loadAbs(Bpf.OFF_ARCH);
        for (Map.Entry<Integer, List<Interval>> s : sections.entrySet()) {
            Label body = asm.newLabel("arch");
            Label next = asm.newLabel("nextarch");
            asm.jump(Bpf.JEQ, s.getKey(), body, next);
            asm.bind(body);
            section(s.getValue(), bigEndian(model, s.getKey()));
            asm.bind(next);
        }
        asm.ret(FilterModel.BAD_ARCH_ACTION);
        return asm.link();
    }

    private static boolean bigEndian(FilterModel model, int audit) {
        for (SeccompArch a : model.order()) {
            if (a.auditArch() == audit) {
                return a.bigEndian();
            }
        }
        throw new AssertionError();
    }

    private void section(List<Interval> intervals, boolean bigEndian) {
        Map<Integer, Label> rets = new LinkedHashMap<>();
        Map<Outcome.ArgChecks, Label> checks = new LinkedHashMap<>();
        if (intervals.size() > 1) {
            asm.loadAbs(Bpf.OFF_NR);
            double[] weights = new double[intervals.size()];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = intervals.get(i).weight();
            }
            tree(SplitTree.build(weights), intervals, rets, checks);
        } else {
            target(intervals.get(0).outcome(), rets, checks);
        }
        ArgCheckEmitter emitter = new ArgCheckEmitter(asm, bigEndian);
        for (Map.Entry<Outcome.ArgChecks, Label> e : checks.entrySet()) {
            asm.bind(e.getValue());
            emitter.emit(e.getKey(), value -> rets.computeIfAbsent(value, v -> asm.newLabel("ret")));
        }
        for (Map.Entry<Integer, Label> e : rets.entrySet()) {
            asm.bind(e.getValue());
            asm.ret(e.getKey());
        }
    }

    /** Preorder: the node's jgt, its left (not greater) subtree falling through, then the right one. */
    private void tree(SplitTree.Node node, List<Interval> intervals, Map<Integer, Label> rets,
                      Map<Outcome.ArgChecks, Label> checks) {
        Label left = node.left().leaf() ? target(intervals.get(node.left().first()).outcome(), rets, checks)
                : asm.newLabel("le");
        Label right = node.right().leaf() ? target(intervals.get(node.right().first()).outcome(), rets, checks)
                : asm.newLabel("gt");
        asm.jump(Bpf.JGT, (int) intervals.get(node.split()).hi(), right, left);
        if (!node.left().leaf()) {
            asm.bind(left);
            tree(node.left(), intervals, rets, checks);
        }
        if (!node.right().leaf()) {
            asm.bind(right);
            tree(node.right(), intervals, rets, checks);
        }
    }

    private Label target(Outcome outcome, Map<Integer, Label> rets, Map<Outcome.ArgChecks, Label> checks) {
        if (outcome instanceof Outcome.Ret r) {
            return rets.computeIfAbsent(r.value(), v -> asm.newLabel("ret"));
        }
        return checks.computeIfAbsent((Outcome.ArgChecks) outcome, c -> asm.newLabel("args"));
    }
}
