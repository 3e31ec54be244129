package dev.jrunc.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Unmodifiable copies that keep null (absent) as null and allow null elements (JSON may contain them). */
final class Copies {
    private Copies() {}

    static <T> List<T> list(List<T> l) {
        return l == null ? null : Collections.unmodifiableList(new ArrayList<>(l));
    }

    static <K, V> Map<K, V> map(Map<K, V> m) {
        return m == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
