package dev.jrunc.spec;

import java.util.List;

/** {@code process.scheduler} (sched_setattr(2)); runtime/deadline/period are uint64 nanoseconds. */
public record Scheduler(
        String policy,
        @Num.I32 Integer nice,
        @Num.I32 Integer priority,
        List<String> flags,
        @Num.U64 Long runtime,
        @Num.U64 Long deadline,
        @Num.U64 Long period) {

    public Scheduler {
        flags = Copies.list(flags);
    }
}
