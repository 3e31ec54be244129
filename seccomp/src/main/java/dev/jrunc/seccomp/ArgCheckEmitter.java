package dev.jrunc.seccomp;

import dev.jrunc.seccomp.bpf.Assembler;
import dev.jrunc.seccomp.bpf.Bpf;
import dev.jrunc.seccomp.bpf.Label;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Emits the argument checks of one syscall. cBPF compares 32-bit words, so each 64-bit comparison is done
 * on the high word first and the low word only when the high words are equal (libseccomp's scheme).
 * Only EQ, GT and MASKED_EQ are emitted: NE/LE are their negations (swap the targets), GE v is GT v-1 and
 * LT v is its negation (v = 0 was folded away by {@link Check#constant()}). Half-words that cannot
 * matter (mask high word 0, comparing against 0 or 0xffffffff) generate no code.
 */
final class ArgCheckEmitter {
    private final Assembler asm;
    private final boolean bigEndian;

    ArgCheckEmitter(Assembler asm, boolean bigEndian) {
        this.asm = asm;
        this.bigEndian = bigEndian;
    }

    /** Rules in order; each passing rule jumps to its action's ret, the last failure to the fallback. */
    void emit(Outcome.ArgChecks block, IntFunction<Label> retLabel) {
        List<ResolvedRule> rules = block.rules();
        for (int t = 0; t < rules.size(); t++) {
            int run = equalityRun(rules, t);
            boolean lastRule = t + run == rules.size();
            Label nextRule = lastRule ? retLabel.apply(block.fallback()) : asm.newLabel("rule");
            if (run > 1) {
                equalitySet(rules.subList(t, t + run), retLabel, nextRule);
                t += run - 1;
                if (!lastRule) {
                    asm.bind(nextRule);
                }
                continue;
            }
            ResolvedRule rule = rules.get(t);
            List<Check> checks = rule.checks();
            for (int q = 0; q < checks.size(); q++) {
                boolean lastCheck = q == checks.size() - 1;
                Label ok = lastCheck ? retLabel.apply(rule.action()) : asm.newLabel("and");
                check(checks.get(q), ok, nextRule);
                if (!lastCheck) {
                    asm.bind(ok);
                }
            }
            if (!lastRule) {
                asm.bind(nextRule);
            }
        }
    }

    /**
     * How many rules from {@code t} on are a single EQ on the same argument with the same high word
     * (Docker's personality list, socket families...): those share one high-word test and then become a
     * chain of {@code jeq} on the low word, in rule order so the first match still wins.
     */
    private static int equalityRun(List<ResolvedRule> rules, int t) {
        int n = 0;
        Check first = null;
        for (int i = t; i < rules.size(); i++) {
            List<Check> cs = rules.get(i).checks();
            if (cs.size() != 1 || cs.get(0).op() != CompareOp.EQ) {
                break;
            }
            Check c = cs.get(0);
            if (first == null) {
                first = c;
            } else if (c.index() != first.index() || hi(c.value()) != hi(first.value())) {
                break;
            }
            n++;
        }
        return Math.max(n, 1);
    }

    private void equalitySet(List<ResolvedRule> run, IntFunction<Label> retLabel, Label fail) {
        Check first = run.get(0).checks().get(0);
        Label low = asm.newLabel("lo");
        loadHigh(first.index());
        asm.jump(Bpf.JEQ, hi(first.value()), low, fail);
        asm.bind(low);
        loadLow(first.index());
        for (int i = 0; i < run.size(); i++) {
            ResolvedRule r = run.get(i);
            Label next = i == run.size() - 1 ? fail : asm.newLabel("eq");
            asm.jump(Bpf.JEQ, lo(r.checks().get(0).value()), retLabel.apply(r.action()), next);
            if (i < run.size() - 1) {
                asm.bind(next);
            }
        }
    }

    private void check(Check c, Label pass, Label fail) {
        int i = c.index();
        switch (c.op()) {
            case EQ: equal(i, c.value(), pass, fail); break;
            case NE: equal(i, c.value(), fail, pass); break;
            case GT: greater(i, c.value(), pass, fail); break;
            case LE: greater(i, c.value(), fail, pass); break;
            case GE: greater(i, c.value() - 1, pass, fail); break;
            case LT: greater(i, c.value() - 1, fail, pass); break;
            case MASKED_EQ: masked(i, c.value(), c.valueTwo(), pass, fail); break;
            default: throw new AssertionError(c.op());
        }
    }

    private void equal(int index, long v, Label pass, Label fail) {
        Label low = asm.newLabel("lo");
        loadHigh(index);
        asm.jump(Bpf.JEQ, hi(v), low, fail);
        asm.bind(low);
        loadLow(index);
        asm.jump(Bpf.JEQ, lo(v), pass, fail);
    }

    /** arg > v (unsigned 64-bit); v is never 2^64-1 here (folded to false). */
    private void greater(int index, long v, Label pass, Label fail) {
        int vh = hi(v);
        int vl = lo(v);
        loadHigh(index);
        if (vl == -1) {
            // the low word can never exceed 0xffffffff, so only a greater high word passes
            asm.jump(Bpf.JGT, vh, pass, fail);
            return;
        }
        Label low = asm.newLabel("lo");
        if (vh == 0) {
            asm.jump(Bpf.JGT, 0, pass, low);
        } else {
            // vh != 0xffffffff: v < 2^64-1 and vl != 0xffffffff
            Label same = asm.newLabel("hieq");
            asm.jump(Bpf.JGT, vh, pass, same);
            asm.bind(same);
            asm.jump(Bpf.JEQ, vh, low, fail);
        }
        asm.bind(low);
        loadLow(index);
        asm.jump(Bpf.JGT, vl, pass, fail);
    }

    /** (arg &amp; mask) == datum; datum has no bits outside mask and mask != 0 (else folded). */
    private void masked(int index, long mask, long datum, Label pass, Label fail) {
        int mh = hi(mask);
        int ml = lo(mask);
        if (mh != 0) {
            Label next = ml != 0 ? asm.newLabel("lo") : pass;
            loadHigh(index);
            if (mh != -1) {
                asm.stmt(Bpf.ALU | Bpf.AND | Bpf.K, mh);
            }
            asm.jump(Bpf.JEQ, hi(datum), next, fail);
            if (ml == 0) {
                return;
            }
            asm.bind(next);
        }
        loadLow(index);
        if (ml != -1) {
            asm.stmt(Bpf.ALU | Bpf.AND | Bpf.K, ml);
        }
        asm.jump(Bpf.JEQ, lo(datum), pass, fail);
    }

    private void loadHigh(int index) {
        asm.loadAbs(Bpf.OFF_ARGS + 8 * index + (bigEndian ? 0 : 4));
    }

    private void loadLow(int index) {
        asm.loadAbs(Bpf.OFF_ARGS + 8 * index + (bigEndian ? 4 : 0));
    }

    private static int hi(long v) {
        return (int) (v >>> 32);
    }

    private static int lo(long v) {
        return (int) v;
    }
}
