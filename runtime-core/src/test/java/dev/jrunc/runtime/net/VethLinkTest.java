package dev.jrunc.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrunc.runtime.api.JruncException;
import java.util.List;
import org.junit.jupiter.api.Test;

class VethLinkTest {
  @Test
  void fullSyntax() {
    VethLink l = VethLink.parse("jv0:10.88.0.2/24,gw=10.88.0.1,mtu=1400,name=net0,netns=test1,host-addr=10.88.0.1/24");
    assertEquals("jv0", l.hostName());
    assertEquals("net0", l.name());
    assertEquals("10.88.0.2/24", l.address().toString());
    assertEquals("10.88.0.1", l.gateway().getHostAddress());
    assertEquals(1400, l.mtu());
    assertEquals("/var/run/netns/test1", l.hostNetnsPath());
    assertEquals("10.88.0.1/24", l.hostAddress().toString());
  }

  @Test
  void defaults() {
    VethLink l = VethLink.parse("jv0");
    assertEquals("eth0", l.name());
    assertNull(l.address());
    assertNull(l.gateway());
    assertEquals(0, l.mtu());
    assertEquals("", l.hostNetnsPath());
  }

  @Test
  void netnsPathAndIpv6() {
    VethLink l = VethLink.parse("jv1:fd00::2/64,gw=fd00::1,netns=/proc/1234/ns/net");
    assertEquals("/proc/1234/ns/net", l.hostNetnsPath());
    assertEquals(64, l.address().prefixLength());
  }

  @Test
  void annotationAddsLinks() {
    List<VethLink> all = VethLink.parseAll(List.of("a0:10.1.0.2/24"), "b0:10.2.0.2/24; c0");
    assertEquals(List.of("a0", "b0", "c0"), all.stream().map(VethLink::hostName).toList());
  }

  @Test
  void errorsNameTheFlagAndTheProblem() {
    assertEquals("invalid --net-veth \"jv0:10.0.0.2\": address \"10.0.0.2\" needs a prefix length (ADDR/LEN)",
        assertThrows(JruncException.class, () -> VethLink.parse("jv0:10.0.0.2")).getMessage());
    assertThrows(JruncException.class, () -> VethLink.parse("jv0:example.com/24"));
    assertThrows(JruncException.class, () -> VethLink.parse("jv0:10.0.0.2/33"));
    assertThrows(JruncException.class, () -> VethLink.parse("jv0:10.0.0.2/24,gw=fd00::1"));
    assertThrows(JruncException.class, () -> VethLink.parse("jv0,gw=10.0.0.1"));
    assertThrows(JruncException.class, () -> VethLink.parse("jv0:10.0.0.2/24,mtu=10"));
    assertThrows(JruncException.class, () -> VethLink.parse("jv0:10.0.0.2/24,color=red"));
    assertThrows(JruncException.class, () -> VethLink.parse("a-name-much-too-long-for-linux"));
    assertThrows(JruncException.class, () -> VethLink.parse("jv0,netns=rel/path"));
    assertThrows(JruncException.class, () -> VethLink.parseAll(List.of("jv0", "jv0"), null));
  }
}
