package dev.jrunc.spec;

import java.util.Map;
import java.util.OptionalInt;

/**
 * POSIX rlimit names as used in the spec ("RLIMIT_NOFILE") and their Linux resource numbers
 * (asm-generic values: x86, arm, arm64, riscv, s390, ppc; mips/sparc/alpha differ and are not supported).
 */
public final class Rlimits {
    private Rlimits() {}

    /** RLIM_INFINITY as the uint64 bit pattern used by {@link Rlimit}. */
    public static final long INFINITY = -1L;

    private static final String[] NAMES = {
        "RLIMIT_CPU",        // 0
        "RLIMIT_FSIZE",      // 1
        "RLIMIT_DATA",       // 2
        "RLIMIT_STACK",      // 3
        "RLIMIT_CORE",       // 4
        "RLIMIT_RSS",        // 5
        "RLIMIT_NPROC",      // 6
        "RLIMIT_NOFILE",     // 7
        "RLIMIT_MEMLOCK",    // 8
        "RLIMIT_AS",         // 9
        "RLIMIT_LOCKS",      // 10
        "RLIMIT_SIGPENDING", // 11
        "RLIMIT_MSGQUEUE",   // 12
        "RLIMIT_NICE",       // 13
        "RLIMIT_RTPRIO",     // 14
        "RLIMIT_RTTIME",     // 15
    };

    private static final NumberedNames TABLE = new NumberedNames(NAMES);

    /** Name to number, in number order. */
    public static Map<String, Integer> byName() {
        return TABLE.byName();
    }

    /** The number of a name; case-sensitive, like runc. */
    public static OptionalInt number(String name) {
        return TABLE.number(name);
    }

    public static boolean isKnown(String name) {
        return TABLE.isKnown(name);
    }

    /** The name of a number, or null if out of range. */
    public static String name(int number) {
        return TABLE.name(number);
    }
}
