package dev.jrunc.seccomp;

import java.util.List;

/** One alternative for a syscall: if all checks hold (AND), return {@code action}. */
record ResolvedRule(int action, List<Check> checks) {
    ResolvedRule {
        checks = List.copyOf(checks);
    }

    boolean unconditional() {
        return checks.isEmpty();
    }
}
