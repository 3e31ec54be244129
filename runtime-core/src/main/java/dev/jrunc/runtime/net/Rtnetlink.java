package dev.jrunc.runtime.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * rtnetlink messages as bytes, built here so that the front only sends them (NETLINK op). Layouts are
 * the kernel's uapi ones (linux/netlink.h, linux/rtnetlink.h, linux/if_link.h, linux/veth.h); numbers
 * are in host byte order, as netlink wants (little-endian on every architecture jrunc builds for).
 */
public final class Rtnetlink {
  public static final int RTM_NEWLINK = 16, RTM_DELLINK = 17, RTM_NEWADDR = 20, RTM_NEWROUTE = 24;
  public static final int NLM_F_REQUEST = 0x1, NLM_F_ACK = 0x4, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400;
  static final int IFLA_IFNAME = 3, IFLA_MTU = 4, IFLA_LINKINFO = 18, IFLA_NET_NS_FD = 28;
  static final int IFLA_INFO_KIND = 1, IFLA_INFO_DATA = 2, VETH_INFO_PEER = 1;
  static final int IFA_ADDRESS = 1, IFA_LOCAL = 2;
  static final int RTA_OIF = 4, RTA_GATEWAY = 5;
  static final int IFF_UP = 0x1;
  static final int AF_UNSPEC = 0, AF_INET = 2, AF_INET6 = 10;
  static final int RT_TABLE_MAIN = 254, RTPROT_BOOT = 3, RT_SCOPE_UNIVERSE = 0, RTN_UNICAST = 1;
  /** Offset of ifa_index in an RTM_NEWADDR message: nlmsghdr (16) + family, prefixlen, flags, scope. */
  public static final int IFA_INDEX_OFFSET = 20;

  /** One message and where the front must write the facts only it knows. */
  public record Message(byte[] bytes, int netnsFdOffset, int ifindexOffset) {}

  private final ByteBuffer buf = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
  private final Deque<Integer> nests = new ArrayDeque<>();
  private int netnsFdOffset = -1, ifindexOffset = -1;

  private Rtnetlink(int type, int flags) {
    buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(1).putInt(0);
  }

  private Rtnetlink ifinfomsg(int index, int ifFlags, int change) {
    buf.put((byte) AF_UNSPEC).put((byte) 0).putShort((short) 0).putInt(index).putInt(ifFlags).putInt(change);
    return this;
  }

  private Rtnetlink attr(int type, byte[] value) {
    buf.putShort((short) (4 + value.length)).putShort((short) type).put(value);
    pad();
    return this;
  }

  private Rtnetlink attrU32(int type, int value) {
    return attr(type, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
  }

  private Rtnetlink attrString(int type, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    byte[] z = new byte[b.length + 1];
    System.arraycopy(b, 0, z, 0, b.length);
    return attr(type, z);
  }

  private Rtnetlink begin(int type) {
    nests.push(buf.position());
    buf.putShort((short) 0).putShort((short) type);
    return this;
  }

  private Rtnetlink end() {
    int start = nests.pop();
    buf.putShort(start, (short) (buf.position() - start));
    return this;
  }

  private void pad() {
    while (buf.position() % 4 != 0) buf.put((byte) 0);
  }

  private Message done() {
    buf.putInt(0, buf.position());
    byte[] out = new byte[buf.position()];
    buf.get(0, out);
    return new Message(out, netnsFdOffset, ifindexOffset);
  }

  /**
   * A veth pair: {@code name} where the socket is, its peer {@code peerName} moved at once into the
   * network namespace whose fd the front writes at {@link Message#netnsFdOffset()}.
   */
  public static Message newVeth(String name, String peerName, int mtu) {
    Rtnetlink m = new Rtnetlink(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL).ifinfomsg(0, 0, 0);
    m.attrString(IFLA_IFNAME, name);
    if (mtu > 0) m.attrU32(IFLA_MTU, mtu);
    m.begin(IFLA_LINKINFO).attrString(IFLA_INFO_KIND, "veth").begin(IFLA_INFO_DATA).begin(VETH_INFO_PEER);
    m.ifinfomsg(0, 0, 0).attrString(IFLA_IFNAME, peerName);
    if (mtu > 0) m.attrU32(IFLA_MTU, mtu);
    m.netnsFdOffset = m.buf.position() + 4;
    m.attrU32(IFLA_NET_NS_FD, -1);
    m.end().end().end();
    return m.done();
  }

  /** Set a link up, found by name (ifi_index 0 and IFLA_IFNAME: the kernel looks it up). */
  public static Message linkUp(String name) {
    return new Rtnetlink(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK).ifinfomsg(0, IFF_UP, IFF_UP).attrString(IFLA_IFNAME, name).done();
  }

  /** Delete a link by name. */
  public static Message deleteLink(String name) {
    return new Rtnetlink(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK).ifinfomsg(0, 0, 0).attrString(IFLA_IFNAME, name).done();
  }

  /** An address on a link whose index the front writes at {@link Message#ifindexOffset()}. */
  public static Message newAddress(InetAddress address, int prefixLength) {
    Rtnetlink m = new Rtnetlink(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    m.buf.put((byte) family(address)).put((byte) prefixLength).put((byte) 0).put((byte) RT_SCOPE_UNIVERSE);
    m.ifindexOffset = m.buf.position();
    m.buf.putInt(0);
    m.attr(IFA_LOCAL, address.getAddress()).attr(IFA_ADDRESS, address.getAddress());
    return m.done();
  }

  /** The default route through gateway, out of the link whose index the front writes at ifindexOffset. */
  public static Message defaultRoute(InetAddress gateway) {
    Rtnetlink m = new Rtnetlink(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    m.buf.put((byte) family(gateway)).put((byte) 0).put((byte) 0).put((byte) 0)
        .put((byte) RT_TABLE_MAIN).put((byte) RTPROT_BOOT).put((byte) RT_SCOPE_UNIVERSE).put((byte) RTN_UNICAST).putInt(0);
    m.attr(RTA_GATEWAY, gateway.getAddress());
    m.ifindexOffset = m.buf.position() + 4;
    m.attrU32(RTA_OIF, 0);
    return m.done();
  }

  static int family(InetAddress a) {
    return a instanceof Inet4Address ? AF_INET : AF_INET6;
  }

  /** Hex of the bytes, for tests and plan dumps. */
  public static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) sb.append(String.format("%02x", x & 0xff));
    return sb.toString();
  }
}
