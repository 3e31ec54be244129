package dev.jrunc.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Byte-exact rtnetlink layouts (linux/netlink.h, rtnetlink.h, if_link.h, veth.h), little-endian. */
class RtnetlinkTest {
  private static String hex(String spaced) {
    return spaced.replace(" ", "");
  }

  @Test
  void linkUpByName() {
    Rtnetlink.Message m = Rtnetlink.linkUp("lo");
    assertEquals(hex("28000000 1000 0500 01000000 00000000" // nlmsghdr: len 40, RTM_NEWLINK, REQUEST|ACK, seq 1
        + " 00 00 0000 00000000 01000000 01000000" // ifinfomsg: index 0 (by name), flags = change = IFF_UP
        + " 0700 0300 6c6f00 00"), Rtnetlink.hex(m.bytes())); // IFLA_IFNAME "lo\0", padded to 4
  }

  @Test
  void deleteLinkByName() {
    assertEquals(hex("28000000 1100 0500 01000000 00000000 00 00 0000 00000000 00000000 00000000 0800 0300 6a763000"),
        Rtnetlink.hex(Rtnetlink.deleteLink("jv0").bytes()));
  }

  @Test
  void ipv4Address() throws Exception {
    Rtnetlink.Message m = Rtnetlink.newAddress(InetAddress.getByName("10.88.0.2"), 24);
    assertEquals(hex("28000000 1400 0506 01000000 00000000" // RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE
        + " 02 18 00 00 00000000" // ifaddrmsg: AF_INET, /24, flags 0, scope universe, index (patched)
        + " 0800 0200 0a580002 0800 0100 0a580002"), Rtnetlink.hex(m.bytes())); // IFA_LOCAL, IFA_ADDRESS
    assertEquals(20, m.ifindexOffset());
    assertEquals(-1, m.netnsFdOffset());
  }

  @Test
  void ipv6AddressLength() throws Exception {
    Rtnetlink.Message m = Rtnetlink.newAddress(InetAddress.getByName("fd00::2"), 64);
    assertEquals(16 + 8 + 2 * 20, m.bytes().length);
    assertEquals(10, m.bytes()[16]); // AF_INET6
    assertEquals(64, m.bytes()[17]);
  }

  @Test
  void defaultRouteViaGateway() throws Exception {
    Rtnetlink.Message m = Rtnetlink.defaultRoute(InetAddress.getByName("10.88.0.1"));
    assertEquals(hex("2c000000 1800 0506 01000000 00000000" // RTM_NEWROUTE
        + " 02 00 00 00 fe 03 00 01 00000000" // rtmsg: AF_INET, dst_len 0, main table, boot, universe, unicast
        + " 0800 0500 0a580001" // RTA_GATEWAY
        + " 0800 0400 00000000"), Rtnetlink.hex(m.bytes())); // RTA_OIF (patched)
    assertEquals(40, m.ifindexOffset());
  }

  @Test
  void vethPairWithPeerInAnotherNamespace() {
    Rtnetlink.Message m = Rtnetlink.newVeth("eth0", "jv0", 0);
    assertEquals(hex("64000000 1000 0506 01000000 00000000" // RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE, len 100
        + " 00 00 0000 00000000 00000000 00000000"
        + " 0900 0300 6574683000 000000" // IFLA_IFNAME "eth0"
        + " 3800 1200" // IFLA_LINKINFO, 56 bytes
        + " 0900 0100 7665746800 000000" // IFLA_INFO_KIND "veth"
        + " 2800 0200" // IFLA_INFO_DATA, 40 bytes
        + " 2400 0100" // VETH_INFO_PEER, 36 bytes: ifinfomsg + attributes
        + " 00 00 0000 00000000 00000000 00000000"
        + " 0800 0300 6a763000" // IFLA_IFNAME "jv0"
        + " 0800 1c00 ffffffff"), Rtnetlink.hex(m.bytes())); // IFLA_NET_NS_FD (patched)
    assertEquals(96, m.netnsFdOffset());
  }

  @Test
  void vethMtuOnBothEnds() {
    Rtnetlink.Message m = Rtnetlink.newVeth("eth0", "jv0", 1400);
    String h = Rtnetlink.hex(m.bytes());
    // IFLA_MTU 1400 (0x578) twice: the container end and the peer
    assertEquals(2, h.split(hex("0800 0400 78050000"), -1).length - 1);
    assertEquals(m.bytes().length - 4, m.netnsFdOffset());
  }
}
