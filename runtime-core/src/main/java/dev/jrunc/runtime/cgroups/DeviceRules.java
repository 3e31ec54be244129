package dev.jrunc.runtime.cgroups;

import dev.jrunc.spec.Device;
import dev.jrunc.spec.Resources.DeviceRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The device cgroup rules of a container as runc builds them (libcontainer/specconv): the spec's
 * linux.resources.devices in order, then an allow for each linux.devices node, then runc's default
 * allowed devices (mknod of any char/block device, the standard /dev nodes, pts and tun).
 */
public final class DeviceRules {
  private DeviceRules() {}

  private static final List<DeviceRule> DEFAULTS = List.of(
      rule('c', -1, -1, "m"), rule('b', -1, -1, "m"),
      rule('c', 1, 3, "rwm"), rule('c', 1, 8, "rwm"), rule('c', 1, 7, "rwm"), rule('c', 5, 0, "rwm"),
      rule('c', 1, 5, "rwm"), rule('c', 1, 9, "rwm"), rule('c', 136, -1, "rwm"), rule('c', 5, 2, "rwm"),
      rule('c', 10, 200, "rwm"));

  /** The full ordered rule list, or an empty list when the spec asks for no device control at all. */
  public static List<DeviceRule> effective(List<DeviceRule> spec, List<Device> nodes) {
    if (spec.isEmpty() && nodes.isEmpty()) return List.of();
    List<DeviceRule> all = new ArrayList<>(spec);
    for (Device d : nodes) {
      if (d.type() == null || d.type().equals("p")) continue; // fifos are not device-controlled
      all.add(new DeviceRule(true, d.type().equals("u") ? "c" : d.type(), d.major(), d.minor(), "rwm"));
    }
    all.addAll(DEFAULTS);
    return all;
  }

  /** The text of a devices.allow/devices.deny line: "c 1:5 rwm", "a *:* rwm"; absent numbers are "*". */
  public static String line(DeviceRule d) {
    String type = d.type() == null || d.type().isEmpty() ? "a" : d.type();
    String access = d.access() == null || d.access().isEmpty() ? "rwm" : d.access();
    return type + " " + num(d.major()) + ":" + num(d.minor()) + " " + access;
  }

  private static String num(Long n) {
    return n == null || n < 0 ? "*" : n.toString();
  }

  private static DeviceRule rule(char type, long major, long minor, String access) {
    return new DeviceRule(true, String.valueOf(type), major, minor, access);
  }
}
