package dev.jrunc.runtime.cgroups;

import dev.jrunc.spec.Resources.DeviceRule;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The eBPF program (BPF_PROG_TYPE_CGROUP_DEVICE) that enforces device rules on cgroup v2, as runc's
 * libcontainer/cgroups/devices/devicefilter.go builds it. The program gets struct bpf_cgroup_dev_ctx
 * {u32 access_type (access << 16 | type); u32 major; u32 minor} in r1 and returns 1 (allow) or 0.
 * Rules are applied like the v1 files: the last matching rule wins, so blocks are emitted from the last
 * rule back, each returning on a match; a rule for every device ("a *:* rwm") sets the default instead,
 * and the rules before it cannot matter. Without one, the default is deny (v1's "deny a" first).
 */
public final class DeviceFilter {
  // eBPF opcodes (linux/bpf.h): class | size/op | source.
  static final int LDX_W_MEM = 0x61, ALU32_AND_K = 0x54, ALU32_RSH_K = 0x74, ALU32_MOV_X = 0xbc, ALU64_MOV_K = 0xb7,
      JNE_K = 0x55, JNE_X = 0x5d, EXIT = 0x95;
  static final int DEV_BLOCK = 1, DEV_CHAR = 2;
  static final int ACC_MKNOD = 1, ACC_READ = 2, ACC_WRITE = 4;

  private record Insn(int op, int dst, int src, int off, int imm) {}

  private DeviceFilter() {}

  /** The program's instructions, 8 little-endian bytes each. */
  public static byte[] program(List<DeviceRule> rules) {
    List<Insn> p = new ArrayList<>();
    p.add(new Insn(LDX_W_MEM, 2, 1, 0, 0)); // r2 = type
    p.add(new Insn(ALU32_AND_K, 2, 0, 0, 0xffff));
    p.add(new Insn(LDX_W_MEM, 3, 1, 0, 0)); // r3 = access
    p.add(new Insn(ALU32_RSH_K, 3, 0, 0, 16));
    p.add(new Insn(LDX_W_MEM, 4, 1, 4, 0)); // r4 = major
    p.add(new Insn(LDX_W_MEM, 5, 1, 8, 0)); // r5 = minor
    boolean defaultAllow = false;
    for (int i = rules.size() - 1; i >= 0; i--) {
      DeviceRule r = rules.get(i);
      boolean allow = Boolean.TRUE.equals(r.allow());
      if (matchesEverything(r)) {
        defaultAllow = allow;
        break;
      }
      p.addAll(block(r, allow));
    }
    p.add(new Insn(ALU64_MOV_K, 0, 0, 0, defaultAllow ? 1 : 0));
    p.add(new Insn(EXIT, 0, 0, 0, 0));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Insn in : p) {
      out.write(in.op());
      out.write((in.src() << 4) | in.dst());
      out.write(in.off() & 0xff);
      out.write((in.off() >> 8) & 0xff);
      for (int b = 0; b < 4; b++) out.write((in.imm() >> (8 * b)) & 0xff);
    }
    return out.toByteArray();
  }

  /** The checks of one rule, each jumping past the block on a mismatch, then "return allow". */
  private static List<Insn> block(DeviceRule r, boolean allow) {
    List<Insn> checks = new ArrayList<>();
    String type = r.type() == null || r.type().isEmpty() ? "a" : r.type();
    if (!type.equals("a")) checks.add(new Insn(JNE_K, 2, 0, 0, type.equals("b") ? DEV_BLOCK : DEV_CHAR));
    int access = access(r.access());
    if (access != (ACC_MKNOD | ACC_READ | ACC_WRITE)) {
      // if ((access & allowed) != access) the request asks for more than the rule covers: next rule
      checks.add(new Insn(ALU32_MOV_X, 1, 3, 0, 0));
      checks.add(new Insn(ALU32_AND_K, 1, 0, 0, access));
      checks.add(new Insn(JNE_X, 1, 3, 0, 0));
    }
    if (r.major() != null && r.major() >= 0) checks.add(new Insn(JNE_K, 4, 0, 0, (int) (long) r.major()));
    if (r.minor() != null && r.minor() >= 0) checks.add(new Insn(JNE_K, 5, 0, 0, (int) (long) r.minor()));
    List<Insn> b = new ArrayList<>();
    int total = checks.size() + 2;
    for (int i = 0; i < checks.size(); i++) {
      Insn c = checks.get(i);
      // Jumps are relative to the next instruction: skip to the first one after this block.
      b.add(c.op() == JNE_K || c.op() == JNE_X ? new Insn(c.op(), c.dst(), c.src(), total - i - 1, c.imm()) : c);
    }
    b.add(new Insn(ALU64_MOV_K, 0, 0, 0, allow ? 1 : 0));
    b.add(new Insn(EXIT, 0, 0, 0, 0));
    return b;
  }

  private static boolean matchesEverything(DeviceRule r) {
    String type = r.type() == null || r.type().isEmpty() ? "a" : r.type();
    return type.equals("a") && (r.major() == null || r.major() < 0) && (r.minor() == null || r.minor() < 0)
        && access(r.access()) == (ACC_MKNOD | ACC_READ | ACC_WRITE);
  }

  static int access(String a) {
    if (a == null || a.isEmpty()) return ACC_MKNOD | ACC_READ | ACC_WRITE;
    int m = 0;
    for (char ch : a.toCharArray()) {
      m |= switch (ch) {
        case 'r' -> ACC_READ;
        case 'w' -> ACC_WRITE;
        case 'm' -> ACC_MKNOD;
        default -> 0;
      };
    }
    return m;
  }
}
