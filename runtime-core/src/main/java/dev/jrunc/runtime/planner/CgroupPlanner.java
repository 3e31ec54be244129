package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.cgroups.CgroupPaths;
import dev.jrunc.runtime.cgroups.DeviceFilter;
import dev.jrunc.runtime.cgroups.ResourceFiles;
import dev.jrunc.runtime.cgroups.ResourceWrite;
import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.spec.Device;
import dev.jrunc.spec.Linux;
import dev.jrunc.spec.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The container's cgroup: created before the process exists, joined by pid once it does, removed by
 * delete. Resource limits are written right after the directories are made (see cgroups/ResourceFiles).
 */
public final class CgroupPlanner {
  private CgroupPlanner() {}

  /**
   * Whether the caller may create these cgroups: for each, the nearest directory that exists is
   * writable. A rootless container uses cgroups only when they were delegated to its user; runc's
   * rootless mode likewise goes on without them when it has no permission.
   */
  public static boolean delegated(Map<String, Path> dirs) {
    for (Path dir : dirs.values()) {
      Path existing = dir;
      while (existing != null && !Files.isDirectory(existing)) existing = existing.getParent();
      if (existing == null || !Files.isWritable(existing)) return false;
    }
    return true;
  }

  /** Ops that create every hierarchy's directory (PREPARE) and join the new process to it (ATTACH). */
  public static Plan create(Map<String, Path> dirs) {
    return create(dirs, null);
  }

  /**
   * As {@link #create(Map)}, then the limits of linux.resources (and the device rules runc derives from
   * linux.devices) written in PREPARE, after every directory exists and before any process joins.
   */
  public static Plan create(Map<String, Path> dirs, Linux linux) {
    Plan plan = mkdirs(dirs);
    List<Device> nodes = linux == null || linux.devices() == null ? List.of() : linux.devices();
    Resources res = linux == null ? null : linux.resources();
    writes(plan, Section.PREPARE, dirs, ResourceFiles.forCreate(dirs, res, nodes));
    List<Resources.DeviceRule> rules = ResourceFiles.deviceRules(res, nodes);
    if (ResourceFiles.unifiedOnly(dirs) && !rules.isEmpty()) {
      Path dir = dirs.get(CgroupPaths.UNIFIED);
      plan.add(Section.PREPARE, OpCode.CGROUP_DEVICES, "set device rules (eBPF) of " + dir, dir.toString(), DeviceFilter.program(rules));
    }
    return plan;
  }

  /**
   * WRITE ops (mode 0: cgroup files are never created) in the given order. The label names the value
   * and the file, so a limit the kernel refuses fails with e.g. "set memory.limit_in_bytes to 1 in DIR:
   * invalid argument".
   */
  public static void writes(Plan plan, Section section, Map<String, Path> dirs, List<ResourceWrite> writes) {
    for (ResourceWrite w : writes) {
      Path file = ResourceFiles.dirFor(dirs, w).resolve(w.file());
      plan.add(section, OpCode.WRITE, "set " + w.file() + " to " + w.value() + " in " + file.getParent(), file.toString(),
          w.value().getBytes(StandardCharsets.UTF_8), 0L, 0L);
    }
  }

  private static Plan mkdirs(Map<String, Path> dirs) {
    Plan plan = new Plan();
    for (Map.Entry<String, Path> e : dirs.entrySet()) {
      Path dir = e.getValue();
      if (e.getKey().contains("cpuset")) {
        createCpuset(plan, dir);
      } else if (ResourceFiles.unifiedOnly(dirs)) {
        createUnified(plan, dir);
      } else {
        plan.add(Section.PREPARE, OpCode.MKDIR, "create cgroup " + dir, dir.toString(), 0755L, Flags.PARENTS | Flags.IGNORE_EEXIST);
      }
      plan.add(Section.ATTACH, OpCode.CGROUP_JOIN, "join cgroup " + dir, dir.resolve("cgroup.procs").toString());
    }
    return plan;
  }

  /**
   * A new v1 cpuset cgroup starts with empty cpus and mems, and joining it fails with ENOSPC; like runc,
   * copy them down from the nearest existing ancestor into each directory we create.
   */
  private static void createCpuset(Plan plan, Path dir) {
    List<Path> missing = new ArrayList<>();
    Path existing = dir;
    while (existing != null && !Files.isDirectory(existing)) {
      missing.add(0, existing);
      existing = existing.getParent();
    }
    String cpus = read(existing, "cpuset.cpus");
    String mems = read(existing, "cpuset.mems");
    for (Path p : missing) {
      plan.add(Section.PREPARE, OpCode.MKDIR, "create cgroup " + p, p.toString(), 0755L, Flags.IGNORE_EEXIST);
      if (cpus != null) plan.add(Section.PREPARE, OpCode.WRITE, "set " + p + "/cpuset.cpus", p.resolve("cpuset.cpus").toString(), cpus.getBytes(), 0644L, 0L);
      if (mems != null) plan.add(Section.PREPARE, OpCode.WRITE, "set " + p + "/cpuset.mems", p.resolve("cpuset.mems").toString(), mems.getBytes(), 0644L, 0L);
    }
  }

  /**
   * On a v2 host a controller's files exist in a cgroup only if its parent enables the controller in
   * cgroup.subtree_control. Like runc, enable every available controller at each level from the
   * hierarchy root down to the container's parent, creating the missing levels in between. Levels that
   * already enable them all are left alone (a level with processes of its own would refuse: EBUSY).
   */
  static void createUnified(Plan plan, Path dir) {
    List<Path> chain = new ArrayList<>();
    for (Path p = dir.getParent(); p != null; p = p.getParent()) {
      chain.add(0, p);
      if (Files.isDirectory(p) && !Files.exists(p.getParent() == null ? p : p.getParent().resolve("cgroup.controllers"))) break;
    }
    // chain: the hierarchy root (or the nearest existing dir) ... the container's parent
    String available = read(chain.get(0), "cgroup.controllers");
    for (Path p : chain) {
      if (!Files.isDirectory(p)) plan.add(Section.PREPARE, OpCode.MKDIR, "create cgroup " + p, p.toString(), 0755L, Flags.IGNORE_EEXIST);
      String enabled = Files.isDirectory(p) ? read(p, "cgroup.subtree_control") : "";
      String avail = Files.isDirectory(p) ? read(p, "cgroup.controllers") : available;
      StringBuilder add = new StringBuilder();
      for (String c : words(avail)) {
        if (!words(enabled).contains(c)) add.append(add.length() == 0 ? "" : " ").append('+').append(c);
      }
      if (add.length() > 0) {
        plan.add(Section.PREPARE, OpCode.WRITE, "enable controllers " + add + " in " + p, p.resolve("cgroup.subtree_control").toString(),
            add.toString().getBytes(StandardCharsets.UTF_8), 0L, 0L);
      }
    }
    plan.add(Section.PREPARE, OpCode.MKDIR, "create cgroup " + dir, dir.toString(), 0755L, Flags.IGNORE_EEXIST);
  }

  private static List<String> words(String s) {
    return s == null || s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
  }

  /** Ops that remove the container's cgroup directories (the leaves; parents are shared). */
  public static Plan remove(Map<String, String> dirs, Section section) {
    Plan plan = new Plan();
    for (String dir : dirs.values()) {
      plan.add(section, OpCode.REMOVE, "remove cgroup " + dir, dir, Flags.RMDIR | Flags.IGNORE_ENOENT);
    }
    return plan;
  }

  /** The cgroup.procs file that lists the container's processes, or null if it has no cgroup. */
  public static String procsFile(Map<String, String> dirs) {
    for (String key : new String[] {"pids", "memory", "freezer", CgroupPaths.UNIFIED}) {
      String d = dirs.get(key);
      if (d != null) return Path.of(d, "cgroup.procs").toString();
    }
    return dirs.values().stream().findFirst().map(d -> Path.of(d, "cgroup.procs").toString()).orElse(null);
  }

  /** Thaws a frozen cgroup so a SIGKILL can take effect. */
  public static Plan thaw(Map<String, String> dirs) {
    Plan plan = new Plan();
    String v1 = dirs.get("freezer");
    if (v1 != null) plan.add(Section.PREPARE, OpCode.WRITE, "thaw " + v1, v1 + "/freezer.state", "THAWED".getBytes(), 0644L, Flags.IGNORE_ENOENT);
    String v2 = dirs.get(CgroupPaths.UNIFIED);
    if (v2 != null && v1 == null) plan.add(Section.PREPARE, OpCode.WRITE, "thaw " + v2, v2 + "/cgroup.freeze", "0".getBytes(), 0644L, Flags.IGNORE_ENOENT);
    return plan;
  }

  private static String read(Path dir, String file) {
    if (dir == null) return null;
    try {
      return Files.readString(dir.resolve(file)).trim();
    } catch (IOException e) {
      return null;
    }
  }
}
