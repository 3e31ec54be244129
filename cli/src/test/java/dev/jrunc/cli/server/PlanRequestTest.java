package dev.jrunc.cli.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request the front sends the warm server: the bytes front/src/planner_server.c writes. */
class PlanRequestTest {
  private static PlanRequest read(byte[] b) throws IOException {
    return PlanRequest.read(new ByteArrayInputStream(b));
  }

  @Test
  void roundTrips() throws IOException {
    PlanRequest r = new PlanRequest(4242, Path.of("/srv/bundle"), List.of("--root", "r", "run", "é-id", ""),
        Map.of("PATH", "/bin", "EMPTY", "", "EQ", "a=b"));
    assertEquals(r, read(r.encode()));
  }

  @Test
  void layoutIsLittleEndianWithLengthPrefixedStrings() {
    byte[] b = new PlanRequest(7, Path.of("/"), List.of("list"), Map.of("A", "1")).encode();
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals("JRQ1", new String(b, 0, 4, StandardCharsets.US_ASCII));
    assertEquals(1, bb.getInt(4));
    assertEquals(7, bb.getInt(8));
    assertEquals(1, bb.getInt(12)); // argc
    assertEquals(1, bb.getInt(16)); // envc
    assertEquals(1, bb.getInt(20)); // cwd length
    assertEquals('/', b[24]);
    assertEquals(4, bb.getInt(25));
    assertEquals(4 + 4 + 4 + 4 + 4 + (4 + 1) + (4 + 4) + (4 + 3), b.length);
  }

  @Test
  void firstOfDuplicateEnvNamesWinsAsGetenv() throws IOException {
    ByteBuffer bb = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
    bb.putInt(PlanRequest.MAGIC).putInt(1).putInt(1).putInt(0).putInt(3);
    for (String s : List.of("/", "X=first", "X=second", "NOEQUALS")) {
      byte[] v = s.getBytes(StandardCharsets.UTF_8);
      bb.putInt(v.length).put(v);
    }
    PlanRequest r = read(Arrays.copyOf(bb.array(), bb.position()));
    assertEquals(Map.of("X", "first"), r.env());
  }

  @Test
  void rejectsWhatIsNotARequest() {
    byte[] good = new PlanRequest(1, Path.of("/"), List.of("list"), Map.of()).encode();
    byte[] magic = good.clone();
    magic[0] = 'X';
    assertTrue(assertThrows(PlanRequest.BadRequest.class, () -> read(magic)).getMessage().contains("bad magic"));
    byte[] version = good.clone();
    version[4] = 9;
    assertTrue(assertThrows(PlanRequest.BadRequest.class, () -> read(version)).getMessage().contains("version 9"));
    assertTrue(assertThrows(EOFException.class, () -> read(Arrays.copyOf(good, good.length - 1))).getMessage()
        .contains("argv[0]"));
    byte[] relative = new PlanRequest(1, Path.of("rel"), List.of(), Map.of()).encode();
    assertTrue(assertThrows(PlanRequest.BadRequest.class, () -> read(relative)).getMessage().contains("not absolute"));
    byte[] huge = good.clone();
    ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(12, -1); // argc
    assertTrue(assertThrows(PlanRequest.BadRequest.class, () -> read(huge)).getMessage().contains("argc out of range"));
    byte[] longString = good.clone();
    ByteBuffer.wrap(longString).order(ByteOrder.LITTLE_ENDIAN).putInt(20, PlanRequest.MAX_BYTES + 1); // cwd length
    assertTrue(assertThrows(PlanRequest.BadRequest.class, () -> read(longString)).getMessage().contains("cwd too long"));
  }
}
