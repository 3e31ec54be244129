package dev.jrunc.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.runtime.plan.Op;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.spec.Spec;
import dev.jrunc.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the SECCOMP op lands, as in runc's standard_init_linux.go. */
class ProcessPlannerSeccompTest {
  static List<OpCode> order(boolean nnp) throws Exception {
    String json = "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"noNewPrivileges\":" + nnp + "},"
        + "\"root\":{\"path\":\"rootfs\"},\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\"}}}";
    Spec spec = SpecLoader.parse(json.getBytes(StandardCharsets.UTF_8), "config.json");
    Plan plan = ProcessPlanner.plan(spec.process(), List.of(), SeccompPlanner.plan(spec), true, null, false);
    return plan.ops(Section.FINALIZE).stream().map(Op::code).toList();
  }

  @Test
  void withoutNoNewPrivsBeforeTheCapabilityDrop() throws Exception {
    List<OpCode> ops = order(false);
    assertTrue(ops.indexOf(OpCode.SECCOMP) < ops.indexOf(OpCode.CAP_BOUNDING), ops.toString());
    assertTrue(ops.indexOf(OpCode.SECCOMP) < ops.indexOf(OpCode.USER), ops.toString());
  }

  @Test
  void withNoNewPrivsAsLateAsPossibleBeforeTheFifoWait() throws Exception {
    List<OpCode> ops = order(true);
    int s = ops.indexOf(OpCode.SECCOMP);
    assertTrue(s > ops.indexOf(OpCode.CAPS) && s > ops.indexOf(OpCode.NO_NEW_PRIVS) && s > ops.indexOf(OpCode.CHDIR), ops.toString());
    assertEquals(OpCode.FIFO_WAIT, ops.get(s + 1), ops.toString());
  }
}
