package dev.jrunc.runtime.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolves a container's {@code linux.cgroupsPath} to one directory per hierarchy, as runc's cgroupfs
 * driver does: an absolute path is taken from each hierarchy's root; a relative one (or the default,
 * the container id) is nested under the cgroup the runtime itself is in (from /proc/self/cgroup).
 * Keys are the v1 hierarchy names ("memory", "cpu,cpuacct", "name=systemd") and "" for the v2 tree.
 */
public final class CgroupPaths {
  public static final String UNIFIED = "";

  private CgroupPaths() {}

  public static Map<String, Path> resolve(CgroupLayout layout, String cgroupsPath, Path selfCgroupFile) {
    Map<String, String> own = ownCgroups(selfCgroupFile);
    Map<String, Path> dirs = new LinkedHashMap<>();
    boolean absolute = cgroupsPath.startsWith("/");
    for (Map.Entry<String, Path> h : layout.v1().entrySet()) {
      String base = absolute ? "/" : own.getOrDefault(h.getKey(), "/");
      dirs.put(h.getKey(), join(h.getValue(), base, cgroupsPath));
    }
    if (layout.unified() != null) {
      String base = absolute ? "/" : own.getOrDefault(UNIFIED, "/");
      dirs.put(UNIFIED, join(layout.unified(), base, cgroupsPath));
    }
    return dirs;
  }

  private static Path join(Path mount, String base, String path) {
    Path p = mount;
    for (String part : (base + "/" + path).split("/")) {
      if (part.isEmpty() || part.equals(".")) continue;
      if (part.equals("..")) continue; // never climb out of the hierarchy
      p = p.resolve(part);
    }
    return p;
  }

  /** Parses /proc/self/cgroup lines "id:controllers:path" into hierarchy name → path ("" for v2). */
  static Map<String, String> ownCgroups(Path file) {
    Map<String, String> m = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.split(":", 3);
        if (f.length == 3) m.put(f[1], f[2]);
      }
    } catch (IOException e) {
      // Unknown: paths are taken from the hierarchy roots.
    }
    return m;
  }
}
