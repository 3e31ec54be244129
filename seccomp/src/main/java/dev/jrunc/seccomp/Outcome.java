package dev.jrunc.seccomp;

import java.util.ArrayList;
import java.util.List;

/** What the filter does once it knows arch and syscall number. Records, so equal outcomes share code. */
sealed interface Outcome permits Outcome.Ret, Outcome.ArgChecks {

    /** Return a constant: no argument is looked at, so the kernel's action cache can prove ALLOW. */
    record Ret(int value) implements Outcome {
    }

    /** Try the rules in order (OR); the first whose checks all hold decides; else {@code fallback}. */
    record ArgChecks(List<ResolvedRule> rules, int fallback) implements Outcome {
        public ArgChecks {
            rules = List.copyOf(rules);
        }
    }

    /**
     * Builds the outcome of one syscall from its rules in profile order: rules after the first
     * unconditional one can never decide, and without conditional rules left it is a plain return.
     */
    static Outcome of(List<ResolvedRule> rules, int fallback) {
        List<ResolvedRule> live = new ArrayList<>();
        int otherwise = fallback;
        for (ResolvedRule r : rules) {
            if (r.unconditional()) {
                otherwise = r.action();
                break;
            }
            live.add(r);
        }
        // trailing rules that return what happens anyway cannot change the result
        while (!live.isEmpty() && live.get(live.size() - 1).action() == otherwise) {
            live.remove(live.size() - 1);
        }
        return live.isEmpty() ? new Ret(otherwise) : new ArgChecks(live, otherwise);
    }
}
