package dev.jrunc.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
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

    private static final Map<String, Integer> BY_NAME;

    static {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) m.put(NAMES[i], i);
        BY_NAME = Collections.unmodifiableMap(m);
    }

    /** Name to Linux resource number, in number order. */
    public static Map<String, Integer> byName() {
        return BY_NAME;
    }

    public static OptionalInt number(String name) {
        Integer n = name == null ? null : BY_NAME.get(name);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    public static boolean isKnown(String name) {
        return name != null && BY_NAME.containsKey(name);
    }

    /** The name of a resource number, or null. */
    public static String name(int number) {
        return number >= 0 && number < NAMES.length ? NAMES[number] : null;
    }
}
