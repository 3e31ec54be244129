package dev.jrunc.runtime.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanEncoderTest {
  @Test
  void framesRecordsWithEightByteAlignment() {
    Plan plan = new Plan().add(Section.PREPARE, OpCode.EXIT, "bye", 3L);
    ByteBuffer b = ByteBuffer.wrap(PlanEncoder.encode(plan)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(PlanEncoder.HELLO, b.getInt());
    assertEquals(8, b.getInt());
    assertEquals(PlanEncoder.MAGIC, b.getInt());
    assertEquals(PlanEncoder.VERSION, b.getInt());
    assertEquals(PlanEncoder.SECTION, b.getInt());
    int sectionLen = b.getInt();
    assertEquals(Section.PREPARE.code(), b.getInt());
    assertEquals(0, b.getInt());
    assertEquals(OpCode.EXIT.code(), b.getInt());
    int opLen = b.getInt();
    assertEquals(sectionLen, 8 + 8 + opLen);
    assertEquals(PlanEncoder.ARG_STR, b.getInt());
    assertEquals(3, b.getInt());
    byte[] label = new byte[3];
    b.get(label);
    assertEquals("bye", new String(label));
    b.position(b.position() + 5); // padding to 8
    assertEquals(PlanEncoder.ARG_U64, b.getInt());
    assertEquals(8, b.getInt());
    assertEquals(3L, b.getLong());
    assertEquals(PlanEncoder.END, b.getInt());
    assertEquals(0, b.getInt());
    assertEquals(b.limit(), b.position());
  }

  @Test
  void rejectsArgumentsThatDoNotMatchTheSignature() {
    assertThrows(IllegalArgumentException.class, () -> Op.of(OpCode.EXIT, "x", "not a number"));
    assertThrows(IllegalArgumentException.class, () -> Op.of(OpCode.HOOK, "x", "/bin/true", List.of(1), List.of(), 0L, new byte[0], ""));
    assertThrows(IllegalArgumentException.class, () -> Op.of(OpCode.MKDIR, "x", "/a", 0755L));
  }
}
