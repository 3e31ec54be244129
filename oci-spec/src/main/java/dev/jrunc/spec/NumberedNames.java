package dev.jrunc.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/** A kernel name table where a name's index is its number (capability bits, rlimit resources). */
final class NumberedNames {
    private final String[] names;
    private final Map<String, Integer> byName;

    NumberedNames(String... names) {
        this.names = names.clone();
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) m.put(names[i], i);
        this.byName = Collections.unmodifiableMap(m);
    }

    /** Name to number, in number order. */
    Map<String, Integer> byName() {
        return byName;
    }

    /** The number of a name; case-sensitive, like runc. */
    OptionalInt number(String name) {
        Integer n = name == null ? null : byName.get(name);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    boolean isKnown(String name) {
        return name != null && byName.containsKey(name);
    }

    /** The name of a number, or null if out of range. */
    String name(int number) {
        return number >= 0 && number < names.length ? names[number] : null;
    }
}
