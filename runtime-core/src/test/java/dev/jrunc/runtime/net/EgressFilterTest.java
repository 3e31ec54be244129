package dev.jrunc.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrunc.runtime.api.JruncException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgressFilterTest {
  @Test
  void oneNetwork() {
    String hex = Rtnetlink.hex(EgressFilter.program(EgressFilter.parse("10.213.4.0/24")));
    assertEquals("bf16000000000000" // r6 = r1 (the __sk_buff)
        + "6160100000000000" // r0 = skb->protocol
        + "56000b0008000000" // if w0 != htons(ETH_P_IP) goto allow (+11)
        + "bf61000000000000" // r1 = r6
        + "b702000010000000" // r2 = 16 (iphdr.daddr)
        + "bfa3000000000000" // r3 = r10
        + "07030000fcffffff" // r3 += -4
        + "b704000004000000" // r4 = 4
        + "850000001a000000" // call bpf_skb_load_bytes
        + "5500040000000000" // if r0 != 0 goto allow (+4)
        + "61a0fcff00000000" // r0 = *(u32 *)(r10 - 4)
        + "bf01000000000000" // r1 = r0
        + "54010000ffffff00" // w1 &= /24 (little-endian)
        + "160102000ad50400" // if w1 == 10.213.4.0 goto drop (+2)
        + "b700000001000000" + "9500000000000000" // allow: return 1
        + "b700000000000000" + "9500000000000000", // drop: return 0
        hex);
  }

  @Test
  void parsesListsAndBareAddresses() {
    List<VethLink.Cidr> l = EgressFilter.parse("10.0.0.0/8, 192.168.1.1");
    assertEquals("10.0.0.0/8", l.get(0).toString());
    assertEquals("192.168.1.1/32", l.get(1).toString());
    assertEquals(8 * (15 + 3 * 2), EgressFilter.program(l).length);
  }

  @Test
  void errors() {
    assertEquals("invalid --net-deny \"10.0.0.0/40\": invalid prefix length in \"10.0.0.0/40\"",
        assertThrows(JruncException.class, () -> EgressFilter.parse("10.0.0.0/40")).getMessage());
    assertThrows(JruncException.class, () -> EgressFilter.program(EgressFilter.parse("fd00::/8")));
    assertThrows(JruncException.class, () -> EgressFilter.parse("example.com"));
  }
}
