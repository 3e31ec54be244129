package dev.jrunc.runtime.cgroups;

import java.util.List;
import java.util.Map;

/** The spec model keeps absent lists and maps as null; the mapping treats them as empty. */
final class Nulls {
  private Nulls() {}

  static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  static <K, V> Map<K, V> map(Map<K, V> m) {
    return m == null ? Map.of() : m;
  }
}
