package dev.jrunc.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.plan.Op;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.seccomp.ArgCondition;
import dev.jrunc.seccomp.CompiledFilter;
import dev.jrunc.seccomp.SeccompCompiler;
import dev.jrunc.seccomp.SeccompProfile;
import dev.jrunc.seccomp.SyscallRule;
import dev.jrunc.spec.Spec;
import dev.jrunc.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeccompPlannerTest {
  static Spec spec(String seccompJson) throws Exception {
    String json = "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\"},\"root\":{\"path\":\"rootfs\"},"
        + "\"linux\":{" + (seccompJson == null ? "" : "\"seccomp\":" + seccompJson) + "}}";
    return SpecLoader.parse(json.getBytes(StandardCharsets.UTF_8), "config.json");
  }

  @Test
  void noSeccompNoOp() throws Exception {
    assertNull(SeccompPlanner.plan(spec(null)));
    assertNull(SeccompPlanner.listenerPath(spec(null)));
  }

  @Test
  void mapsEveryFieldOntoTheCompilerInput() throws Exception {
    Spec s = spec("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":38,\"architectures\":[\"SCMP_ARCH_X86\"],"
        + "\"flags\":[\"SECCOMP_FILTER_FLAG_LOG\"],\"listenerPath\":\"/run/a.sock\",\"listenerMetadata\":\"m\","
        + "\"syscalls\":[{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":18446744073709551615,\"valueTwo\":8,\"op\":\"SCMP_CMP_MASKED_EQ\"}]},"
        + "{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":28}]}");
    SeccompProfile p = SeccompPlanner.profile(s.linux().seccomp());
    SeccompProfile expected = new SeccompProfile("SCMP_ACT_ERRNO", 38, List.of("SCMP_ARCH_X86"), List.of("SECCOMP_FILTER_FLAG_LOG"),
        "/run/a.sock", "m", List.of(
            new SyscallRule(List.of("personality"), "SCMP_ACT_ALLOW", null, List.of(new ArgCondition(0, -1L, 8, "SCMP_CMP_MASKED_EQ"))),
            new SyscallRule(List.of("mkdir"), "SCMP_ACT_ERRNO", 28, List.of())));
    assertEquals(expected, p);
  }

  @Test
  void planIsOneSeccompOpInFinalizeWithTheCompiledProgram() throws Exception {
    Spec s = spec("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"flags\":[],\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_ERRNO\"}]}");
    Plan plan = SeccompPlanner.plan(s);
    List<Op> ops = plan.ops(Section.FINALIZE);
    assertEquals(1, ops.size());
    Op op = ops.get(0);
    assertEquals(OpCode.SECCOMP, op.code());
    CompiledFilter f = SeccompCompiler.compile(SeccompPlanner.profile(s.linux().seccomp()));
    assertArrayEquals(f.program(), (byte[]) op.args().get(0));
    assertEquals(0L, op.args().get(1));
    assertEquals("", op.args().get(2), "no NOTIFY rule: no listener");
  }

  @Test
  void absentFlagsMeanSpecAllowOnThisKernel() throws Exception {
    Op op = SeccompPlanner.plan(spec("{\"defaultAction\":\"SCMP_ACT_ALLOW\"}")).ops(Section.FINALIZE).get(0);
    assertEquals(KernelSeccomp.SPEC_ALLOW & KernelSeccomp.supportedFlags(), op.args().get(1));
  }

  @Test
  void kernelVersionMasksFlags() {
    assertEquals(0, KernelSeccomp.supportedFlags("4.13.0") & (KernelSeccomp.LOG | KernelSeccomp.SPEC_ALLOW));
    assertEquals(KernelSeccomp.LOG, KernelSeccomp.supportedFlags("4.14.5-foo") & (KernelSeccomp.LOG | KernelSeccomp.SPEC_ALLOW));
    assertEquals(0, KernelSeccomp.supportedFlags("5.15.0-91-generic") & KernelSeccomp.WAIT_KILLABLE_RECV);
    assertTrue((KernelSeccomp.supportedFlags("5.19.0") & KernelSeccomp.WAIT_KILLABLE_RECV) != 0);
    assertTrue((KernelSeccomp.supportedFlags("6.18.0+") & KernelSeccomp.NEW_LISTENER) != 0);
  }

  @Test
  void compilerErrorsArePrefixedWithTheConfigPath() throws Exception {
    // Errors the validator does not see: the compiler's (NOTIFY needs a listener).
    Spec s = spec("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}");
    JruncException e = assertThrows(JruncException.class, () -> SeccompPlanner.plan(s));
    assertEquals("linux.seccomp.listenerPath: required when a rule uses SCMP_ACT_NOTIFY", e.getMessage());
    Spec bad = spec("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_FOO\"}]}]}");
    e = assertThrows(JruncException.class, () -> SeccompPlanner.plan(bad));
    assertTrue(e.getMessage().startsWith("linux.seccomp.syscalls[0].args[0].op: "), e.getMessage());
  }

  @Test
  void notifyProfileSendsTheContainerProcessState() throws Exception {
    Spec s = spec("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/run/agent.sock\",\"listenerMetadata\":\"meta\\\"x\","
        + "\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}");
    Op seccomp = SeccompPlanner.plan(s).ops(Section.FINALIZE).get(0);
    assertEquals("/run/agent.sock", seccomp.args().get(2));
    assertEquals("/run/agent.sock", SeccompPlanner.listenerPath(s));
    Op send = SeccompPlanner.sendListener(s, "${pid}", "{\"ociVersion\":\"1.0.2-dev\",\"id\":\"c\",\"status\":\"creating\",\"pid\":${pid},\"bundle\":\"/b\"}");
    assertEquals(OpCode.STATE_SOCKET, send.code());
    assertEquals("/run/agent.sock", send.args().get(0));
    String json = new String((byte[]) send.args().get(1), StandardCharsets.UTF_8);
    assertEquals("{\"ociVersion\":\"1.0.2-dev\",\"fds\":[\"seccompFd\"],\"pid\":${pid},\"metadata\":\"meta\\\"x\","
        + "\"state\":{\"ociVersion\":\"1.0.2-dev\",\"id\":\"c\",\"status\":\"creating\",\"pid\":${pid},\"bundle\":\"/b\"}}", json);
    new ObjectMapper().readTree(json.replace("${pid}", "42"));
  }

  @Test
  void listenerPathWithoutNotifyRuleIsNotContacted() throws Exception {
    Spec s = spec("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/run/agent.sock\",\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_ERRNO\"}]}");
    assertNull(SeccompPlanner.listenerPath(s));
    assertEquals("", SeccompPlanner.plan(s).ops(Section.FINALIZE).get(0).args().get(2));
  }
}
