package dev.jrunc.runtime.planner;

import static dev.jrunc.runtime.planner.MountOptions.MS_BIND;
import static dev.jrunc.runtime.planner.MountOptions.MS_REC;
import static dev.jrunc.runtime.planner.MountOptions.MS_REMOUNT;
import static dev.jrunc.runtime.planner.MountOptions.MS_RDONLY;

import dev.jrunc.runtime.cgroups.CgroupPaths;
import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.spec.Mount;
import dev.jrunc.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The container's filesystem: the rootfs bound onto itself, every spec mount in order, devices, the
 * switch of root, then sysctls, read-only and masked paths, and a read-only root. Mount targets are
 * resolved inside the rootfs by the front (IN_ROOT), so an image's symlinks cannot point them at the host.
 */
public final class RootfsPlanner {
  private RootfsPlanner() {}

  /**
   * @param plannedDirs directories the plan itself creates before the mounts (the notify directory): bind
   *     sources that are directories although they do not exist yet when the plan is made
   */
  public record Context(Spec spec, Path bundle, Path rootfs, boolean newUserNs, boolean noPivot, Map<String, Path> cgroupDirs,
      java.util.Set<Path> plannedDirs) {
    public Context {
      plannedDirs = plannedDirs == null ? java.util.Set.of() : java.util.Set.copyOf(plannedDirs);
    }

    public Context(Spec spec, Path bundle, Path rootfs, boolean newUserNs, boolean noPivot, Map<String, Path> cgroupDirs) {
      this(spec, bundle, rootfs, newUserNs, noPivot, cgroupDirs, null);
    }
  }

  /** MOUNTS-section ops up to, not including, the root switch. */
  public static Plan mounts(Context c) {
    Plan plan = new Plan();
    String propagation = c.spec().linux() == null ? null : c.spec().linux().rootfsPropagation();
    plan.add(Section.MOUNTS, OpCode.ROOTFS, "prepare rootfs " + c.rootfs(), c.rootfs().toString(), MountOptions.rootPropagation(propagation));
    boolean devBound = false;
    for (Mount m : c.spec().mounts() == null ? List.<Mount>of() : c.spec().mounts()) {
      MountOptions o = MountOptions.parse(m.type(), m.options());
      if (m.destination().equals("/dev") && o.bind()) devBound = true;
      if ("cgroup".equals(m.type()) || "cgroup2".equals(m.type())) {
        cgroupMount(plan, m, o, c);
      } else if (o.bind()) {
        bindMount(plan, m, o, c);
      } else {
        String dst = m.destination();
        plan.add(Section.MOUNTS, OpCode.MKDIR, "create mount point " + dst, dst, 0755L, Flags.IN_ROOT | Flags.PARENTS | Flags.IGNORE_EEXIST);
        String src = m.source() == null ? m.type() : m.source();
        plan.add(Section.MOUNTS, OpCode.MOUNT, "mount " + src + " to " + dst, src, dst, nz(m.type()), o.flags(), o.data(), Flags.IN_ROOT);
        propagate(plan, dst, o);
      }
    }
    if (!devBound) DevicePlanner.plan(plan, c.spec(), c.newUserNs());
    // runc creates a missing cwd, so that images whose WORKDIR does not exist still start.
    String cwd = c.spec().process().cwd();
    if (cwd != null && !cwd.isEmpty() && !cwd.equals("/")) {
      plan.add(Section.MOUNTS, OpCode.MKDIR, "create cwd " + cwd, cwd, 0755L, Flags.IN_ROOT | Flags.PARENTS | Flags.IGNORE_EEXIST);
    }
    return plan;
  }

  /** FINALIZE-section ops: the root switch, then what must be done from inside the new root. */
  public static Plan finish(Context c) {
    Plan plan = new Plan();
    plan.add(Section.FINALIZE, OpCode.PIVOT_ROOT, c.noPivot() ? "move rootfs to /" : "pivot_root into " + c.rootfs(), c.noPivot() ? Flags.NO_PIVOT : 0L);
    return plan;
  }

  /** Sysctls, read-only and masked paths, and the read-only root: after the console, before credentials. */
  public static Plan harden(Context c) {
    Plan plan = new Plan();
    var linux = c.spec().linux();
    if (linux != null) {
      if (linux.sysctl() != null) {
        linux.sysctl().forEach((k, v) -> plan.add(Section.FINALIZE, OpCode.WRITE, "set sysctl " + k,
            "/proc/sys/" + k.replace('.', '/'), v.getBytes(), 0644L, 0L));
      }
      if (linux.readonlyPaths() != null) {
        linux.readonlyPaths().forEach(p -> plan.add(Section.FINALIZE, OpCode.READONLY, "make " + p + " read-only", p));
      }
      if (linux.maskedPaths() != null) {
        linux.maskedPaths().forEach(p -> plan.add(Section.FINALIZE, OpCode.MASK, "mask " + p, p));
      }
    }
    if (c.spec().root() != null && Boolean.TRUE.equals(c.spec().root().readonly())) {
      plan.add(Section.FINALIZE, OpCode.MOUNT, "remount / read-only", "", "/", "", MS_BIND | MS_REMOUNT | MS_RDONLY, "", 0L);
    }
    return plan;
  }

  private static void bindMount(Plan plan, Mount m, MountOptions o, Context c) {
    String dst = m.destination();
    Path src = c.bundle().resolve(nz(m.source()));
    if (c.plannedDirs().contains(src) || Files.isDirectory(src)) {
      plan.add(Section.MOUNTS, OpCode.MKDIR, "create mount point " + dst, dst, 0755L, Flags.IN_ROOT | Flags.PARENTS | Flags.IGNORE_EEXIST);
    } else {
      String parent = Path.of(dst).getParent() == null ? "/" : Path.of(dst).getParent().toString();
      plan.add(Section.MOUNTS, OpCode.MKDIR, "create mount point " + parent, parent, 0755L, Flags.IN_ROOT | Flags.PARENTS | Flags.IGNORE_EEXIST);
      plan.add(Section.MOUNTS, OpCode.WRITE, "create mount point " + dst, dst, new byte[0], 0644L, Flags.IN_ROOT | Flags.APPEND);
    }
    plan.add(Section.MOUNTS, OpCode.MOUNT, "mount " + src + " to " + dst, src.toString(), dst, "", MS_BIND | (o.recursive() ? MS_REC : 0), "", Flags.IN_ROOT);
    long extra = o.flags() & ~MS_REMOUNT;
    if (extra != 0) {
      // A bind mount ignores other flags; applying them takes a remount of the bind.
      plan.add(Section.MOUNTS, OpCode.MOUNT, "remount " + dst, "", dst, "", MS_BIND | MS_REMOUNT | extra, "", Flags.IN_ROOT);
    }
    propagate(plan, dst, o);
  }

  /**
   * A cgroup filesystem for the container: with a cgroup namespace on a v2 host, cgroup2 itself; else a
   * tmpfs holding a bind of the container's own cgroup directory for each hierarchy (as runc on v1).
   */
  private static void cgroupMount(Plan plan, Mount m, MountOptions o, Context c) {
    String dst = m.destination();
    plan.add(Section.MOUNTS, OpCode.MKDIR, "create mount point " + dst, dst, 0755L, Flags.IN_ROOT | Flags.PARENTS | Flags.IGNORE_EEXIST);
    Map<String, Path> dirs = c.cgroupDirs();
    boolean v2Only = dirs.size() == 1 && dirs.containsKey(CgroupPaths.UNIFIED);
    if (v2Only) {
      plan.add(Section.MOUNTS, OpCode.MOUNT, "mount cgroup2 to " + dst, "cgroup2", dst, "cgroup2", o.flags(), "", Flags.IN_ROOT);
      return;
    }
    plan.add(Section.MOUNTS, OpCode.MOUNT, "mount tmpfs to " + dst, "tmpfs", dst, "tmpfs", o.flags() & ~MS_RDONLY, "mode=755", Flags.IN_ROOT);
    for (Map.Entry<String, Path> e : dirs.entrySet()) {
      String name = e.getKey().isEmpty() ? "unified" : e.getKey().startsWith("name=") ? e.getKey().substring(5) : e.getKey();
      String target = dst + "/" + name;
      plan.add(Section.MOUNTS, OpCode.MKDIR, "create mount point " + target, target, 0755L, Flags.IN_ROOT | Flags.IGNORE_EEXIST);
      plan.add(Section.MOUNTS, OpCode.MOUNT, "mount cgroup " + name + " to " + target, e.getValue().toString(), target, "", MS_BIND | MS_REC, "", Flags.IN_ROOT);
      long extra = o.flags() & (MS_RDONLY | MountOptions.MS_NOSUID | MountOptions.MS_NODEV | MountOptions.MS_NOEXEC);
      if (extra != 0) {
        plan.add(Section.MOUNTS, OpCode.MOUNT, "remount " + target, "", target, "", MS_BIND | MS_REMOUNT | extra, "", Flags.IN_ROOT);
      }
      // Co-mounted controllers are reachable by each name, as on the host (cpu -> cpu,cpuacct).
      if (name.contains(",")) {
        for (String alias : name.split(",")) {
          plan.add(Section.MOUNTS, OpCode.SYMLINK, "link " + dst + "/" + alias, name, dst + "/" + alias, Flags.IN_ROOT | Flags.IGNORE_EEXIST);
        }
      }
    }
    if ((o.flags() & MS_RDONLY) != 0) {
      plan.add(Section.MOUNTS, OpCode.MOUNT, "remount " + dst + " read-only", "", dst, "", MS_REMOUNT | o.flags(), "mode=755", Flags.IN_ROOT);
    }
  }

  private static void propagate(Plan plan, String dst, MountOptions o) {
    if (o.propagation() != 0) {
      plan.add(Section.MOUNTS, OpCode.MOUNT, "set propagation of " + dst, "", dst, "", o.propagation(), "", Flags.IN_ROOT);
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
