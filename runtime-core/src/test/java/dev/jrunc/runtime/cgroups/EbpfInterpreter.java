package dev.jrunc.runtime.cgroups;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Runs a device filter on one request, for tests: only the instructions DeviceFilter emits. */
final class EbpfInterpreter {
  private EbpfInterpreter() {}

  /** 1 = allow, 0 = deny. type: 1 block, 2 char; access: bits of mknod 1, read 2, write 4. */
  static long run(byte[] prog, int type, int access, int major, int minor) {
    ByteBuffer b = ByteBuffer.wrap(prog).order(ByteOrder.LITTLE_ENDIAN);
    int[] ctx = {(access << 16) | type, major, minor};
    long[] r = new long[11];
    int pc = 0;
    for (int steps = 0; steps < 10000; steps++) {
      int base = pc * 8;
      int op = b.get(base) & 0xff;
      int regs = b.get(base + 1) & 0xff;
      int dst = regs & 0xf, src = regs >> 4;
      short off = b.getShort(base + 2);
      int imm = b.getInt(base + 4);
      pc++;
      switch (op) {
        case DeviceFilter.LDX_W_MEM -> {
          if (src != 1) throw new IllegalStateException("load from r" + src);
          r[dst] = ctx[off / 4] & 0xffffffffL;
        }
        case DeviceFilter.ALU32_AND_K -> r[dst] = (r[dst] & imm) & 0xffffffffL;
        case DeviceFilter.ALU32_RSH_K -> r[dst] = ((r[dst] & 0xffffffffL) >>> imm);
        case DeviceFilter.ALU32_MOV_X -> r[dst] = r[src] & 0xffffffffL;
        case DeviceFilter.ALU64_MOV_K -> r[dst] = imm;
        case DeviceFilter.JNE_K -> {
          if (r[dst] != (imm & 0xffffffffL)) pc += off;
        }
        case DeviceFilter.JNE_X -> {
          if (r[dst] != r[src]) pc += off;
        }
        case DeviceFilter.EXIT -> {
          return r[0];
        }
        default -> throw new IllegalStateException("opcode " + Integer.toHexString(op));
      }
    }
    throw new IllegalStateException("no exit");
  }
}
