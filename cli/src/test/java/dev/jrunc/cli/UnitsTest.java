package dev.jrunc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The value syntaxes update and events take, as runc's Go libraries parse them. */
class UnitsTest {
  @Test
  void ramSizesAreBinary() {
    assertEquals(100L << 20, RamSize.parse("100m"));
    assertEquals(100L << 20, RamSize.parse("100M"));
    assertEquals(64L << 20, RamSize.parse("64MiB"));
    assertEquals(1536L << 20, RamSize.parse("1.5g"));
    assertEquals(512, RamSize.parse("512"));
    assertEquals(2048, RamSize.parse("2 kb"));
    assertEquals("invalid size: 'abc'", assertThrows(IllegalArgumentException.class, () -> RamSize.parse("abc")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> RamSize.parse("-5m"));
  }

  @Test
  void goDurations() {
    assertEquals(Duration.ofSeconds(5), GoDuration.parse("5s"));
    assertEquals(Duration.ofMillis(500), GoDuration.parse("500ms"));
    assertEquals(Duration.ofSeconds(90), GoDuration.parse("1m30s"));
    assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
    assertEquals(Duration.ofNanos(100_000), GoDuration.parse("100us"));
    assertEquals(Duration.ZERO, GoDuration.parse("0"));
    assertEquals(Duration.ofSeconds(-1), GoDuration.parse("-1s"));
    assertEquals("time: missing unit in duration \"5\"", assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("5")).getMessage());
    assertEquals("time: invalid duration \"x\"", assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("x")).getMessage());
  }
}
