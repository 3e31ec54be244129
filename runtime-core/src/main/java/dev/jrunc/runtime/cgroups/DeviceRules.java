package dev.jrunc.runtime.cgroups;

import dev.jrunc.spec.Device;
import dev.jrunc.spec.Resources.DeviceRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The device cgroup rules of a container as runc 1.1.5 builds them (libcontainer/specconv): the spec's
 * linux.resources.devices in order, then runc's default allowed devices (mknod of any char/block
 * device, the standard /dev nodes, pts, ptmx and tun). A default whose path the spec's linux.devices
 * also lists is dropped (the spec's node takes priority), and linux.devices nodes get no rule of their
 * own: a runtime user allows them in resources.devices, as Docker and containerd do.
 */
public final class DeviceRules {
  private DeviceRules() {}

  private record Default(String path, DeviceRule rule) {}

  private static final List<Default> DEFAULTS = List.of(
      new Default(null, rule('c', -1, -1, "m")), new Default(null, rule('b', -1, -1, "m")),
      new Default("/dev/null", rule('c', 1, 3, "rwm")), new Default("/dev/random", rule('c', 1, 8, "rwm")),
      new Default("/dev/full", rule('c', 1, 7, "rwm")), new Default("/dev/tty", rule('c', 5, 0, "rwm")),
      new Default("/dev/zero", rule('c', 1, 5, "rwm")), new Default("/dev/urandom", rule('c', 1, 9, "rwm")),
      new Default(null, rule('c', 136, -1, "rwm")), new Default(null, rule('c', 5, 2, "rwm")),
      new Default(null, rule('c', 10, 200, "rwm")));

  /** The full ordered rule list, or an empty list when the spec asks for no device control at all. */
  public static List<DeviceRule> effective(List<DeviceRule> spec, List<Device> nodes) {
    if (spec.isEmpty()) return List.of();
    List<DeviceRule> all = new ArrayList<>(spec);
    for (Default d : DEFAULTS) {
      if (d.path() != null && nodes.stream().anyMatch(n -> d.path().equals(n.path()))) continue;
      all.add(d.rule());
    }
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
