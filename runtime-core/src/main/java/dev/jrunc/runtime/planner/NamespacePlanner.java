package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.api.CallerIds;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.spec.IdMapping;
import dev.jrunc.spec.Linux;
import dev.jrunc.spec.Namespace;
import dev.jrunc.spec.Namespaces;
import dev.jrunc.spec.TimeOffset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Namespaces: which are joined by path (SETNS in {@link #joinOrder}), which are created, and when. The time namespace is unshared by the stage child, which
 * writes its offsets before any process lives in it; the cgroup namespace is unshared by the container
 * process only after it joined its cgroup, so that its cgroup becomes the namespace's root.
 */
public final class NamespacePlanner {
  private NamespacePlanner() {}

  /** The facts of the plan other planners need. */
  public record Result(Plan plan, boolean newUser, boolean newMount, boolean newNet, boolean newPid, boolean setgroupsDenied) {}

  /**
   * The order to join namespaces in: user first, as the kernel requires for the other joins to be
   * permitted; mount last, because every later path (often /proc/PID/ns/...) must still resolve in the
   * host's mount namespace, not the container's (whose /proc shows another pid namespace).
   */
  static List<Namespace> joinOrder(List<Namespace> namespaces) {
    List<Namespace> ordered = new ArrayList<>(namespaces);
    ordered.sort(java.util.Comparator.comparingInt(ns -> Namespaces.USER.equals(ns.type()) ? 0
        : Namespaces.MOUNT.equals(ns.type()) ? 2 : 1));
    return ordered;
  }

  public static Result plan(Linux linux, CallerIds caller) {
    Plan plan = new Plan();
    List<Namespace> namespaces = linux == null || linux.namespaces() == null ? List.of() : linux.namespaces();
    List<Namespace> ordered = joinOrder(namespaces);
    long cloneFlags = 0;
    boolean newCgroup = false, newTime = false;
    for (Namespace ns : ordered) {
      int flag = Namespaces.cloneFlag(ns.type());
      if (ns.path() != null && !ns.path().isEmpty()) {
        plan.add(Section.NAMESPACES, OpCode.SETNS, "join " + ns.type() + " namespace " + ns.path(), ns.path(), (long) flag);
      } else if (flag == Namespaces.CLONE_NEWCGROUP) {
        newCgroup = true;
      } else if (flag == Namespaces.CLONE_NEWTIME) {
        newTime = true;
      } else {
        cloneFlags |= flag;
      }
    }
    if (newTime) {
      plan.add(Section.NAMESPACES, OpCode.UNSHARE, "create time namespace", (long) Namespaces.CLONE_NEWTIME);
      String offsets = timeOffsets(linux.timeOffsets());
      if (!offsets.isEmpty()) {
        plan.add(Section.NAMESPACES, OpCode.WRITE, "set time namespace offsets", "/proc/self/timens_offsets",
            offsets.getBytes(StandardCharsets.UTF_8), 0644L, 0L);
      }
    }
    plan.add(Section.NAMESPACES, OpCode.CLONE, "create container process", cloneFlags);
    boolean newUser = (cloneFlags & Namespaces.CLONE_NEWUSER) != 0;
    boolean setgroupsDenied = false;
    if (newUser) {
      // root maps any ids itself; a rootless caller only its own (or through newuidmap)
      CallerIds mapper = caller.isRoot() ? new CallerIds(0, 0) : caller;
      setgroupsDenied = IdMapPlanner.plan(plan, linux.uidMappings(), linux.gidMappings(), mapper);
      plan.add(Section.MOUNTS, OpCode.SETUID_ROOT, "become root in the user namespace");
    }
    if (newCgroup) plan.add(Section.MOUNTS, OpCode.UNSHARE_SELF, "create cgroup namespace", (long) Namespaces.CLONE_NEWCGROUP);
    return new Result(plan, newUser, (cloneFlags & Namespaces.CLONE_NEWNS) != 0, (cloneFlags & Namespaces.CLONE_NEWNET) != 0,
        (cloneFlags & Namespaces.CLONE_NEWPID) != 0, setgroupsDenied);
  }

  static String idMap(List<IdMapping> mappings) {
    StringBuilder sb = new StringBuilder();
    if (mappings != null) {
      for (IdMapping m : mappings) sb.append(m.containerID()).append(' ').append(m.hostID()).append(' ').append(m.size()).append('\n');
    }
    return sb.toString();
  }

  private static String timeOffsets(Map<String, TimeOffset> offsets) {
    StringBuilder sb = new StringBuilder();
    if (offsets != null) {
      offsets.forEach((clock, o) -> sb.append(clock).append(' ').append(o.secs() == null ? 0 : o.secs()).append(' ')
          .append(o.nanosecs() == null ? 0 : o.nanosecs()).append('\n'));
    }
    return sb.toString();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
