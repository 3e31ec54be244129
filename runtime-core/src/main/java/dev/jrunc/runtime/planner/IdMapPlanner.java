package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.api.CallerIds;
import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.spec.IdMapping;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The uid and gid maps of a new user namespace, written from the host (ATTACH) once the process exists.
 * Root writes them itself. A caller that is not root may map only its own ids, and only after denying
 * setgroups; for more (e.g. its /etc/subuid range) it needs the setuid helpers newuidmap/newgidmap,
 * used when installed, as runc does. The helper gets the pid on stdin (the front substitutes ${pid} in a
 * hook's stdin, not in its arguments).
 */
final class IdMapPlanner {
  static final List<Path> HELPER_DIRS = List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/local/bin"), Path.of("/usr/sbin"));

  private IdMapPlanner() {}

  /** Adds the ops; returns whether setgroups is denied in the namespace (its processes cannot call it). */
  static boolean plan(Plan plan, List<IdMapping> uids, List<IdMapping> gids, CallerIds caller) {
    if (caller.isRoot()) {
      write(plan, "uid_map", uids);
      write(plan, "gid_map", gids);
      return false;
    }
    Path newuidmap = helper("newuidmap"), newgidmap = helper("newgidmap");
    boolean ownIdsOnly = onlyId(uids, caller.uid()) && onlyId(gids, caller.gid());
    if (ownIdsOnly || newuidmap == null || newgidmap == null) {
      plan.add(Section.ATTACH, OpCode.WRITE, "deny setgroups", "/proc/" + Flags.PID + "/setgroups", bytes("deny"), 0644L, Flags.SUBST);
      write(plan, "uid_map", uids);
      write(plan, "gid_map", gids);
      return true;
    }
    helper(plan, newuidmap, uids);
    helper(plan, newgidmap, gids);
    return false;
  }

  private static void write(Plan plan, String file, List<IdMapping> maps) {
    plan.add(Section.ATTACH, OpCode.WRITE, "write " + file, "/proc/" + Flags.PID + "/" + file, bytes(NamespacePlanner.idMap(maps)), 0644L, Flags.SUBST);
  }

  /** `newuidmap PID inside outside count...` through sh, which reads PID from stdin. */
  private static void helper(Plan plan, Path tool, List<IdMapping> maps) {
    StringBuilder cmd = new StringBuilder("read pid && exec " + tool + " \"$pid\"");
    for (IdMapping m : maps == null ? List.<IdMapping>of() : maps) {
      cmd.append(' ').append(m.containerID()).append(' ').append(m.hostID()).append(' ').append(m.size());
    }
    List<String> args = new ArrayList<>(List.of("sh", "-c", cmd.toString()));
    plan.add(Section.ATTACH, OpCode.HOOK, "run " + tool.getFileName(), "/bin/sh", args, List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), 10_000L,
        bytes(Flags.PID + "\n"), "");
  }

  static boolean onlyId(List<IdMapping> maps, long id) {
    return maps != null && maps.size() == 1 && maps.get(0).hostID() == id && maps.get(0).size() == 1;
  }

  private static Path helper(String name) {
    for (Path dir : HELPER_DIRS) {
      Path p = dir.resolve(name);
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
