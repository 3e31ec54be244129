package dev.jrunc.spec;

/**
 * One {@code process.rlimits[]} entry. {@code hard}/{@code soft} are uint64 held as the unsigned bit pattern
 * of a Long (18446744073709551615 = RLIM_INFINITY is -1L); compare with {@link Long#compareUnsigned}.
 */
public record Rlimit(String type, @Num.U64 Long hard, @Num.U64 Long soft) {}
