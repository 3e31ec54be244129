package dev.jrunc.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RuntimeOptionsRootlessTest {
  private static RuntimeOptions rootless(String value) {
    return new RuntimeOptions(null, null, null, false, false, value);
  }

  @Test
  void explicitValuesAndAuto() {
    assertTrue(rootless("true").isRootless());
    assertFalse(rootless("false").isRootless());
    assertEquals(!CallerIds.current().isRoot(), rootless("auto").isRootless());
    JruncException e = assertThrows(JruncException.class, () -> rootless("maybe").isRootless());
    assertEquals("invalid --rootless value: \"maybe\" (want true, false or auto)", e.getMessage());
  }

  @Test
  void defaultRootFollowsRunc() {
    assertEquals(Path.of("/run/jrunc"), RuntimeOptions.defaultRoot(new CallerIds(0, 0), "/run/user/0"));
    assertEquals(Path.of("/run/user/1000/jrunc"), RuntimeOptions.defaultRoot(new CallerIds(1000, 1000), "/run/user/1000"));
    assertEquals(Path.of("/run/jrunc"), RuntimeOptions.defaultRoot(new CallerIds(1000, 1000), null));
  }
}
