package dev.jrunc.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.PlanText;
import dev.jrunc.spec.Linux;
import dev.jrunc.spec.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupPlannerTest {
  @TempDir Path tmp;

  /** A fake v2 mount: ROOT has cgroup.controllers, ROOT/a exists and enables only memory. */
  @Test
  void v2EnablesControllersDownToTheParentThenWritesLimits() throws Exception {
    Path root = tmp.resolve("cg");
    Files.createDirectories(root.resolve("a"));
    Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
    Files.writeString(root.resolve("cgroup.subtree_control"), "cpu memory pids\n");
    Files.writeString(root.resolve("a/cgroup.controllers"), "cpu memory pids\n");
    Files.writeString(root.resolve("a/cgroup.subtree_control"), "memory\n");
    Path dir = root.resolve("a/b/c");
    Linux linux = Linux.of(null, new Resources(null, null, null, new Resources.Pids(5L), null, null, null, null, null));
    Plan plan = CgroupPlanner.create(Map.of("", dir), linux);
    String r = root.toString();
    assertEquals("[PREPARE]\n"
        + "  WRITE \"enable controllers +cpu +pids in " + r + "/a\" \"" + r + "/a/cgroup.subtree_control\" \"+cpu +pids\" 0 0\n"
        + "  MKDIR \"create cgroup " + r + "/a/b\" \"" + r + "/a/b\" 493 4\n"
        + "  WRITE \"enable controllers +cpu +memory +pids in " + r + "/a/b\" \"" + r + "/a/b/cgroup.subtree_control\" \"+cpu +memory +pids\" 0 0\n"
        + "  MKDIR \"create cgroup " + r + "/a/b/c\" \"" + r + "/a/b/c\" 493 4\n"
        + "  WRITE \"set pids.max to 5 in " + r + "/a/b/c\" \"" + r + "/a/b/c/pids.max\" \"5\" 0 0\n"
        + "[ATTACH]\n"
        + "  CGROUP_JOIN \"join cgroup " + r + "/a/b/c\" \"" + r + "/a/b/c/cgroup.procs\"\n",
        PlanText.render(plan));
  }
}
