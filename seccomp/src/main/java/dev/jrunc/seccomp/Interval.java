package dev.jrunc.seccomp;

/**
 * Syscall numbers [lo, hi] (unsigned 32-bit, inclusive) of one arch section sharing an outcome.
 *
 * @param weight how likely the range is hit, for the layout (see {@link Sections})
 */
record Interval(long lo, long hi, Outcome outcome, double weight) {
}
