package dev.jrunc.runtime.cgroups;

import dev.jrunc.spec.Resources;
import dev.jrunc.spec.SpecException;
import dev.jrunc.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** Test helpers: Resources from JSON text (single quotes for readability), facts, and writes as text. */
final class Res {
  private Res() {}

  static Resources of(String json) {
    try {
      return SpecLoader.read(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8), "test", Resources.class);
    } catch (SpecException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  static CgroupFacts facts(long currentLimit, String... present) {
    Set<String> files = Set.of(present);
    return new CgroupFacts() {
      @Override public boolean has(String controller, String file) {
        return files.contains(file);
      }

      @Override public long currentMemoryLimit() {
        return currentLimit;
      }
    };
  }

  static List<String> text(List<ResourceWrite> writes) {
    return writes.stream().map(ResourceWrite::toString).toList();
  }
}
