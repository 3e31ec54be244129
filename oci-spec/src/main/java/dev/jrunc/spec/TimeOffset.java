package dev.jrunc.spec;

/** A {@code linux.timeOffsets} value (keys "monotonic", "boottime"). */
public record TimeOffset(@Num.I64 Long secs, @Num.U32 Long nanosecs) {}
