package dev.jrunc.runtime.net;

import dev.jrunc.runtime.api.JruncException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One veth pair jrunc creates for a container (--net-veth, or the {@value #ANNOTATION} annotation):
 *
 * <pre>HOST-IF[:ADDR/LEN][,gw=GATEWAY][,mtu=N][,name=IF][,netns=NAME|PATH][,host-addr=ADDR/LEN]</pre>
 *
 * HOST-IF is the host end's name; {@code name} the container end's (default eth0), which gets ADDR/LEN,
 * a default route through GATEWAY, and the MTU (both ends). The host end stays in jrunc's network
 * namespace unless {@code netns} names another (a name from `ip netns`, or a path to a namespace
 * file); {@code host-addr} puts an address on the host end, in that namespace.
 */
public record VethLink(String hostName, String name, Cidr address, InetAddress gateway, int mtu, String hostNetns, Cidr hostAddress) {
  /** Annotation with the same syntax; several links separated by ';'. */
  public static final String ANNOTATION = "dev.jrunc.net-veth";

  private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,15}");

  /** An address with its prefix length. */
  public record Cidr(InetAddress address, int prefixLength) {
    @Override
    public String toString() {
      return address.getHostAddress() + "/" + prefixLength;
    }
  }

  /** The host end's namespace file ("" = jrunc's own). */
  public String hostNetnsPath() {
    if (hostNetns.isEmpty() || hostNetns.contains("/")) return hostNetns;
    return "/var/run/netns/" + hostNetns;
  }

  public static List<VethLink> parseAll(List<String> flags, String annotation) {
    List<VethLink> links = new ArrayList<>();
    for (String f : flags) links.add(parse(f));
    if (annotation != null) {
      for (String f : annotation.split(";")) if (!f.isBlank()) links.add(parse(f.strip()));
    }
    List<String> seen = new ArrayList<>();
    for (VethLink l : links) {
      if (seen.contains(l.hostName)) throw bad(l.hostName, "host interface " + l.hostName + " given twice");
      seen.add(l.hostName);
    }
    return links;
  }

  public static VethLink parse(String spec) {
    String[] parts = spec.split(",", -1);
    String head = parts[0];
    int colon = head.indexOf(':');
    String hostName = colon < 0 ? head : head.substring(0, colon);
    Cidr address = colon < 0 ? null : cidr(spec, head.substring(colon + 1));
    String name = "eth0", netns = "";
    InetAddress gateway = null;
    Cidr hostAddress = null;
    int mtu = 0;
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq < 0) throw bad(spec, "expected key=value, got \"" + parts[i] + "\"");
      String key = parts[i].substring(0, eq), value = parts[i].substring(eq + 1);
      switch (key) {
        case "gw" -> gateway = ip(spec, value);
        case "mtu" -> mtu = mtu(spec, value);
        case "name" -> name = value;
        case "netns" -> {
          if (value.isEmpty()) throw bad(spec, "empty netns");
          netns = value;
        }
        case "host-addr" -> hostAddress = cidr(spec, value);
        default -> throw bad(spec, "unknown key \"" + key + "\" (want gw, mtu, name, netns or host-addr)");
      }
    }
    if (!IFNAME.matcher(hostName).matches()) throw bad(spec, "invalid interface name \"" + hostName + "\"");
    if (!IFNAME.matcher(name).matches()) throw bad(spec, "invalid interface name \"" + name + "\"");
    if (netns.contains("/") && !netns.startsWith("/")) throw bad(spec, "netns path must be absolute: \"" + netns + "\"");
    if (gateway != null && address == null) throw bad(spec, "gw needs an address on the link");
    if (gateway != null && Rtnetlink.family(gateway) != Rtnetlink.family(address.address())) {
      throw bad(spec, "gateway " + gateway.getHostAddress() + " and address " + address + " are of different families");
    }
    return new VethLink(hostName, name, address, gateway, mtu, netns, hostAddress);
  }

  private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /** A literal address only (never a name: InetAddress would resolve it). */
  static InetAddress ip(String spec, String s) {
    if (!V4.matcher(s).matches() && !V6.matcher(s).matches()) throw bad(spec, "invalid IP address \"" + s + "\"");
    try {
      InetAddress a = InetAddress.getByName(s);
      if (a.getAddress().length == 4 && !V4.matcher(s).matches()) throw bad(spec, "invalid IP address \"" + s + "\"");
      return a;
    } catch (UnknownHostException e) {
      throw bad(spec, "invalid IP address \"" + s + "\"");
    }
  }

  static Cidr cidr(String spec, String s) {
    int slash = s.indexOf('/');
    if (slash < 0) throw bad(spec, "address \"" + s + "\" needs a prefix length (ADDR/LEN)");
    InetAddress a = ip(spec, s.substring(0, slash));
    int max = a.getAddress().length * 8;
    int len;
    try {
      len = Integer.parseInt(s.substring(slash + 1));
    } catch (NumberFormatException e) {
      len = -1;
    }
    if (len < 0 || len > max) throw bad(spec, "invalid prefix length in \"" + s + "\"");
    return new Cidr(a, len);
  }

  private static int mtu(String spec, String s) {
    try {
      int v = Integer.parseInt(s);
      if (v >= 68 && v <= 65535) return v;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw bad(spec, "invalid mtu \"" + s + "\" (want 68-65535)");
  }

  private static JruncException bad(String spec, String why) {
    return new JruncException("invalid --net-veth \"" + spec + "\": " + why);
  }
}
