package dev.jrunc.runtime.net;

import dev.jrunc.runtime.api.JruncException;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * --net-deny: an eBPF BPF_PROG_TYPE_CGROUP_SKB program, attached to the container's cgroup on
 * BPF_CGROUP_INET_EGRESS, that drops IPv4 packets to the given networks (whatever link they leave by:
 * the cgroup, not a link, is where the kernel runs it). Anything else passes.
 */
public final class EgressFilter {
  private EgressFilter() {}

  public static final int BPF_PROG_TYPE_CGROUP_SKB = 8;
  public static final int BPF_CGROUP_INET_EGRESS = 1;

  private static final int R0 = 0, R1 = 1, R2 = 2, R3 = 3, R4 = 4, R6 = 6, R10 = 10;
  private static final int MOV64_X = 0xbf, MOV64_K = 0xb7, ADD64_K = 0x07, LDX_W = 0x61, AND32_K = 0x54;
  private static final int JNE_K = 0x55, JNE32_K = 0x56, JEQ32_K = 0x16, CALL = 0x85, EXIT = 0x95;
  private static final int HELPER_SKB_LOAD_BYTES = 26;
  /** offsetof(struct __sk_buff, protocol); htons(ETH_P_IP) read as a little-endian u32. */
  private static final int SKB_PROTOCOL = 16, ETH_P_IP_BE = 0x0008;
  /** offsetof(struct iphdr, daddr): skb data starts at the network header for cgroup skb programs. */
  private static final int IP_DADDR = 16;

  public static byte[] program(List<VethLink.Cidr> deny) {
    for (VethLink.Cidr c : deny) {
      if (!(c.address() instanceof Inet4Address)) throw new JruncException("invalid --net-deny \"" + c + "\": only IPv4 networks");
    }
    int n = deny.size();
    ByteBuffer b = ByteBuffer.allocate(8 * (15 + 3 * n)).order(ByteOrder.LITTLE_ENDIAN);
    insn(b, MOV64_X, R6, R1, 0, 0);
    insn(b, LDX_W, R0, R6, SKB_PROTOCOL, 0);
    int toAllowFromProto = 8 + 3 * n; // jump over the 8 load insns and the checks
    insn(b, JNE32_K, R0, 0, toAllowFromProto, ETH_P_IP_BE);
    insn(b, MOV64_X, R1, R6, 0, 0);
    insn(b, MOV64_K, R2, 0, 0, IP_DADDR);
    insn(b, MOV64_X, R3, R10, 0, 0);
    insn(b, ADD64_K, R3, 0, 0, -4);
    insn(b, MOV64_K, R4, 0, 0, 4);
    insn(b, CALL, 0, 0, 0, HELPER_SKB_LOAD_BYTES);
    insn(b, JNE_K, R0, 0, 1 + 3 * n, 0); // could not read it: allow
    insn(b, LDX_W, R0, R10, -4, 0); // daddr, network order, read as little-endian
    for (int i = 0; i < n; i++) {
      VethLink.Cidr c = deny.get(i);
      int mask = c.prefixLength() == 0 ? 0 : (int) (0xffffffffL << (32 - c.prefixLength()));
      int maskLe = Integer.reverseBytes(mask);
      int netLe = ByteBuffer.wrap(c.address().getAddress()).order(ByteOrder.LITTLE_ENDIAN).getInt() & maskLe;
      insn(b, MOV64_X, R1, R0, 0, 0);
      insn(b, AND32_K, R1, 0, 0, maskLe);
      insn(b, JEQ32_K, R1, 0, 3 * (n - 1 - i) + 2, netLe); // to drop
    }
    insn(b, MOV64_K, R0, 0, 0, 1); // allow
    insn(b, EXIT, 0, 0, 0, 0);
    insn(b, MOV64_K, R0, 0, 0, 0); // drop
    insn(b, EXIT, 0, 0, 0, 0);
    byte[] out = new byte[b.position()];
    b.get(0, out);
    return out;
  }

  private static void insn(ByteBuffer b, int code, int dst, int src, int off, int imm) {
    b.put((byte) code).put((byte) (dst | src << 4)).putShort((short) off).putInt(imm);
  }

  /** "10.0.0.0/8,192.168.1.1/32" (a bare address is /32). */
  public static List<VethLink.Cidr> parse(String spec) {
    return java.util.Arrays.stream(spec.split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .map(s -> {
          String cidr = s.contains("/") ? s : s + "/32";
          try {
            return VethLink.cidr(spec, cidr);
          } catch (JruncException e) {
            throw new JruncException("invalid --net-deny \"" + spec + "\": " + e.getMessage().replaceFirst("^invalid --net-veth \"[^\"]*\": ", ""));
          }
        }).toList();
  }
}
