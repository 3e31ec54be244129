package dev.jrunc.runtime.plan;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes a plan in the front's TLV framing (docs/plan-protocol.md): u32 type, u32 length, payload, pad to 8. */
public final class PlanEncoder {
  public static final int MAGIC = 0x434e524a; // "JRNC" little-endian
  public static final int VERSION = 1;

  static final int HELLO = 1;
  static final int SECTION = 2;
  static final int END = 3;
  static final int ARG_STR = 16;
  static final int ARG_U64 = 17;
  static final int ARG_BYTES = 18;
  static final int ARG_STRV = 19;

  private PlanEncoder() {}

  public static byte[] encode(Plan plan) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    record(out, HELLO, le(8).putInt(MAGIC).putInt(VERSION).array());
    for (Section s : Section.values()) {
      List<Op> ops = plan.ops(s);
      if (ops.isEmpty()) continue;
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(le(8).putInt(s.code()).putInt(0).array());
      for (Op op : ops) record(body, op.code().code(), args(op));
      record(out, SECTION, body.toByteArray());
    }
    record(out, END, new byte[0]);
    return out.toByteArray();
  }

  private static byte[] args(Op op) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    string(out, op.label());
    String sig = op.code().signature();
    for (int i = 0; i < sig.length(); i++) {
      Object a = op.args().get(i);
      switch (sig.charAt(i)) {
        case 's' -> string(out, (String) a);
        case 'u' -> record(out, ARG_U64, le(8).putLong((Long) a).array());
        case 'b' -> record(out, ARG_BYTES, (byte[]) a);
        case 'v' -> {
          ByteArrayOutputStream list = new ByteArrayOutputStream();
          for (Object s : (List<?>) a) string(list, (String) s);
          record(out, ARG_STRV, list.toByteArray());
        }
        default -> throw new IllegalStateException("bad signature " + sig);
      }
    }
    return out.toByteArray();
  }

  private static void string(ByteArrayOutputStream out, String s) {
    record(out, ARG_STR, s.getBytes(StandardCharsets.UTF_8));
  }

  private static void record(ByteArrayOutputStream out, int type, byte[] payload) {
    out.writeBytes(le(8).putInt(type).putInt(payload.length).array());
    out.writeBytes(payload);
    int pad = (8 - (payload.length % 8)) % 8;
    out.write(new byte[pad], 0, pad);
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }
}
