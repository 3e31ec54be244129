package dev.jrunc.runtime.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrunc.runtime.api.FrontExecutor;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.spec.Resources.DeviceRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generated program on the real kernel: the front loads and attaches it (CGROUP_DEVICES) to a
 * scratch v2 cgroup, and a shell moved into it can open /dev/null but not /dev/zero. Needs root, a
 * cgroup2 mount at /sys/fs/cgroup/unified or /sys/fs/cgroup, and the built dist (skipped otherwise).
 */
class DeviceFilterKernelTest {
  @Test
  void theKernelEnforcesTheProgram() throws Exception {
    Path front = Path.of("../dist/bin/jrunc").toAbsolutePath().normalize();
    Path v2 = CgroupLayout.host().unified();
    assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(front) && v2 != null, "needs root, dist, cgroup v2");
    Path cg = v2.resolve("jrunc-devfilter-" + ProcessHandle.current().pid());
    List<DeviceRule> rules = DeviceRules.effective(List.of(new DeviceRule(false, null, null, null, "rwm")),
        List.of(new dev.jrunc.spec.Device("/dev/zero", "c", 1L, 5L, null, null, null)));
    Plan plan = new Plan()
        .add(Section.PREPARE, OpCode.MKDIR, "create " + cg, cg.toString(), 0755L, 0L)
        .add(Section.PREPARE, OpCode.CGROUP_DEVICES, "set device rules of " + cg, cg.toString(), DeviceFilter.program(rules));
    try {
      assertEquals(0, new FrontExecutor(front).run(plan));
      assertEquals(0, sh(cg, "cat /dev/null && head -c1 /dev/urandom > /dev/null"), "allowed devices open");
      assertEquals(1, sh(cg, "head -c1 /dev/zero > /dev/null"), "/dev/zero is denied");
    } finally {
      for (int i = 0; i < 50 && Files.exists(cg); i++) {
        try {
          Files.delete(cg);
        } catch (java.io.IOException e) {
          Thread.sleep(20); // the shells may still be leaving it
        }
      }
    }
  }

  private static int sh(Path cg, String script) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", "echo $$ > \"$0\"/cgroup.procs && " + script, cg.toString()).inheritIO();
    return pb.start().waitFor();
  }
}
