package dev.jrunc.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.api.SandboxOptions;
import dev.jrunc.runtime.json.Json;
import dev.jrunc.runtime.net.Rtnetlink;
import dev.jrunc.runtime.plan.Op;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.seccomp.SeccompArch;
import dev.jrunc.seccomp.SyscallTable;
import dev.jrunc.spec.Spec;
import java.util.List;
import org.junit.jupiter.api.Test;

class StracePlannerTest {
  private static final int AUDIT_ARCH_X86_64 = 0xc000003e;

  private static Spec spec(String linux) throws Exception {
    return Json.mapper().readValue("""
        {"ociVersion":"1.0.2","process":{"args":["true"],"cwd":"/"},"root":{"path":"rootfs"},"linux":%s}""".formatted(linux), Spec.class);
  }

  private static SandboxOptions strace(boolean on, String... syscalls) {
    return new SandboxOptions(null, null, on, List.of(syscalls));
  }

  @Test
  void everySyscall() {
    assertEquals("2000 00 00 04000000" .replace(" ", "") // ld [4] (arch)
        + "15000001" + "3e0000c0" // jeq AUDIT_ARCH_X86_64, else allow
        + "06000000" + "0000c07f" // ret USER_NOTIF
        + "06000000" + "0000ff7f", // ret ALLOW
        Rtnetlink.hex(StracePlanner.program(AUDIT_ARCH_X86_64, List.of())));
  }

  @Test
  void onlyTheListedSyscalls() {
    assertEquals("2000000004000000"
        + "15000003" + "3e0000c0" // other ABIs: allow (3 ahead)
        + "2000000000000000" // ld [0] (nr)
        + "15000200" + "01010000" // openat (257): notify
        + "15000100" + "3b000000" // execve (59): notify
        + "060000000000ff7f" + "060000000000c07f",
        Rtnetlink.hex(StracePlanner.program(AUDIT_ARCH_X86_64, List.of(257, 59))));
  }

  @Test
  void filterGoesToFinalizeAndSupervisorToItsSection() throws Exception {
    StracePlanner.Ops ops = StracePlanner.plan(spec("{}"), strace(true, "openat"));
    Op load = ops.filter().ops(Section.FINALIZE).get(0);
    assertEquals(OpCode.STRACE, load.code());
    assertEquals("load the --strace filter (openat)", load.label());
    Op sup = ops.supervisor().ops(Section.STRACE).get(0);
    assertEquals(OpCode.STRACE_SUPERVISOR, sup.code());
    @SuppressWarnings("unchecked")
    List<String> table = (List<String>) sup.args().get(0);
    SyscallTable t = SyscallTable.of(SeccompArch.nativeArch());
    assertEquals("openat:dsxo", table.get(t.number("openat").getAsInt()));
    assertEquals(t.name(table.size() - 1), table.get(table.size() - 1).split(":")[0]);
  }

  @Test
  void offWithoutTheFlag() throws Exception {
    assertNull(StracePlanner.plan(spec("{}"), strace(false)));
    assertThrows(JruncException.class, () -> StracePlanner.plan(spec("{}"), strace(false, "openat")));
  }

  @Test
  void unknownSyscallIsOneLine() throws Exception {
    JruncException e = assertThrows(JruncException.class, () -> StracePlanner.plan(spec("{}"), strace(true, "openat", "nosuchcall")));
    assertTrue(e.getMessage().startsWith("invalid --strace-syscalls: unknown syscall \"nosuchcall\""), e.getMessage());
  }

  @Test
  void refusedWithASpecThatNotifies() throws Exception {
    Spec s = spec("""
        {"seccomp":{"defaultAction":"SCMP_ACT_ALLOW","listenerPath":"/run/agent.sock",
          "syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_NOTIFY"}]}}""");
    JruncException e = assertThrows(JruncException.class, () -> StracePlanner.plan(s, strace(true)));
    assertTrue(e.getMessage().contains("SCMP_ACT_NOTIFY"), e.getMessage());
  }
}
