package dev.jrunc.runtime.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's cgroup hierarchies, read from a mountinfo file: v1 hierarchies (one per mount, named by
 * its controllers, e.g. "memory", "cpu,cpuacct", "name=systemd") and the v2 (unified) mount, if any.
 * Three kinds of host result: v1 only, v2 only (unified at /sys/fs/cgroup), and hybrid (both).
 */
public record CgroupLayout(Map<String, Path> v1, Path unified) {

  public enum Kind { V1, V2, HYBRID }

  public Kind kind() {
    if (v1.isEmpty()) return Kind.V2;
    return unified == null ? Kind.V1 : Kind.HYBRID;
  }

  public static CgroupLayout host() {
    return fromMountinfo(Path.of("/proc/self/mountinfo"));
  }

  public static CgroupLayout fromMountinfo(Path mountinfo) {
    List<String> lines;
    try {
      lines = Files.readAllLines(mountinfo);
    } catch (IOException e) {
      return new CgroupLayout(Map.of(), null);
    }
    Map<String, Path> v1 = new LinkedHashMap<>();
    Path unified = null;
    for (String line : lines) {
      // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
      String[] halves = line.split(" - ", 2);
      if (halves.length != 2) continue;
      String[] pre = halves[0].split(" ");
      String[] post = halves[1].split(" ");
      if (pre.length < 5 || post.length < 3) continue;
      Path mountPoint = Path.of(unescape(pre[4]));
      if (post[0].equals("cgroup2")) {
        if (unified == null) unified = mountPoint;
      } else if (post[0].equals("cgroup")) {
        String name = hierarchyName(post[2]);
        if (name != null) v1.putIfAbsent(name, mountPoint);
      }
    }
    return new CgroupLayout(Map.copyOf(v1), unified);
  }

  /** The controllers (and name=) of a v1 mount, from its super options, joined by commas. */
  private static String hierarchyName(String superOptions) {
    StringBuilder sb = new StringBuilder();
    for (String opt : superOptions.split(",")) {
      if (opt.equals("rw") || opt.equals("ro") || opt.startsWith("release_agent") || opt.equals("clone_children")
          || opt.equals("xattr") || opt.equals("noprefix") || opt.equals("cpuset_v2_mode")) continue;
      if (sb.length() > 0) sb.append(',');
      sb.append(opt);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  private static String unescape(String s) {
    return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
  }
}
