package dev.jrunc.seccomp;

/**
 * One {@code args[]} entry: compare syscall argument {@code index} (0..5) as an unsigned 64-bit value.
 * For SCMP_CMP_MASKED_EQ, {@code value} is the mask and {@code valueTwo} the expected masked value.
 *
 * @param value    u64 carried in a long (bit pattern)
 * @param valueTwo u64 carried in a long (bit pattern)
 */
public record ArgCondition(int index, long value, long valueTwo, String op) {
}
