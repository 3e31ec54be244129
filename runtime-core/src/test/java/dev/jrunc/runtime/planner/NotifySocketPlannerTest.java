package dev.jrunc.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.runtime.api.CreateOptions;
import dev.jrunc.runtime.api.RuntimeOptions;
import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.Op;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.PlanText;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.runtime.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NOTIFY_SOCKET in the create and run plans (runc's notify_socket.go); nothing when it is unset. */
class NotifySocketPlannerTest {
  @TempDir Path tmp;

  private Plan plan(String notifySocket, boolean run, boolean detach) throws IOException {
    Path bundle = tmp.resolve("bundle");
    Files.createDirectories(bundle.resolve("rootfs"));
    Files.writeString(bundle.resolve("config.json"), """
        {"ociVersion":"1.0.2","process":{"args":["true"],"cwd":"/","env":["PATH=/bin"]},"root":{"path":"rootfs"},
         "linux":{"namespaces":[{"type":"pid"},{"type":"mount"}]}}
        """);
    RuntimeOptions options = new RuntimeOptions(tmp.resolve("root"), null, null, false, false, null);
    CreateOptions o = new CreateOptions("c1", bundle, null, null, false, false, 0, 0, detach, false, null, notifySocket);
    CreatePlanner planner = new CreatePlanner(options, new StateStore(options.root()));
    return run ? planner.run(o) : planner.create(o);
  }

  private Path notifyDir() {
    return tmp.resolve("root/c1/notify");
  }

  private static List<OpCode> codes(Plan p, Section s) {
    return p.ops(s).stream().map(Op::code).toList();
  }

  @Test
  void createMountsTheNotifyDirectoryReadOnlyAndSetsTheEnv() throws IOException {
    Plan p = plan("/host/notify.sock", false, true);
    assertTrue(p.ops(Section.PREPARE).stream().anyMatch(op -> op.code() == OpCode.MKDIR
        && op.args().get(0).equals(notifyDir().toString()) && op.args().get(1).equals(0755L)), PlanText.render(p));
    List<Op> m = p.ops(Section.MOUNTS);
    // the source does not exist yet when the plan is made: still a directory mount point, not a file
    assertTrue(m.stream().anyMatch(op -> op.code() == OpCode.MKDIR && op.args().get(0).equals("/run/notify")), PlanText.render(p));
    assertFalse(m.stream().anyMatch(op -> op.code() == OpCode.WRITE && op.args().get(0).equals("/run/notify")));
    Op bind = m.stream().filter(op -> op.code() == OpCode.MOUNT && op.args().get(0).equals(notifyDir().toString())).findFirst().orElseThrow();
    assertEquals("/run/notify", bind.args().get(1));
    long msRdonly = 1, msNosuid = 2, msNodev = 4, msNoexec = 8;
    Op remount = m.get(m.indexOf(bind) + 1);
    assertEquals("/run/notify", remount.args().get(1));
    long flags = (Long) remount.args().get(3);
    assertEquals(msRdonly | msNosuid | msNodev | msNoexec, flags & (msRdonly | msNosuid | msNodev | msNoexec), "ro,nosuid,nodev,noexec");
    Op exec = p.ops(Section.FINALIZE).stream().filter(op -> op.code() == OpCode.PREPARE_EXEC).findFirst().orElseThrow();
    assertTrue(((List<?>) exec.args().get(1)).contains("NOTIFY_SOCKET=/run/notify/notify.sock"), exec.toString());
    // create only prepares: start binds and waits
    assertFalse(codes(p, Section.COMPLETE).contains(OpCode.NOTIFY_BIND));
    assertFalse(codes(p, Section.COMPLETE).contains(OpCode.NOTIFY_FORWARD));
  }

  @Test
  void runBindsBeforeTheReleaseAndForwardsAfterIt() throws IOException {
    Plan detached = plan("/host/notify.sock", true, true);
    List<OpCode> c = codes(detached, Section.COMPLETE);
    assertTrue(c.indexOf(OpCode.NOTIFY_BIND) >= 0 && c.indexOf(OpCode.NOTIFY_BIND) < c.indexOf(OpCode.FIFO_RELEASE), c.toString());
    assertTrue(c.indexOf(OpCode.NOTIFY_FORWARD) > c.indexOf(OpCode.FIFO_RELEASE), c.toString());
    Op bind = detached.ops(Section.COMPLETE).get(c.indexOf(OpCode.NOTIFY_BIND));
    assertEquals(notifyDir().resolve("notify.sock").toString(), bind.args().get(0));
    Op fwd = detached.ops(Section.COMPLETE).get(c.indexOf(OpCode.NOTIFY_FORWARD));
    assertEquals(List.of("/host/notify.sock", Flags.PID, Flags.PID, 0L), fwd.args(), "run -d: MAINPID is the init");

    Plan foreground = plan("/host/notify.sock", true, false);
    List<OpCode> f = codes(foreground, Section.COMPLETE);
    Op fg = foreground.ops(Section.COMPLETE).get(f.indexOf(OpCode.NOTIFY_FORWARD));
    assertEquals("", fg.args().get(2), "foreground run: MAINPID is the front, which stays to reap the init (as runc)");
    assertTrue(f.indexOf(OpCode.NOTIFY_FORWARD) < f.indexOf(OpCode.FOREGROUND), f.toString());
  }

  @Test
  void withoutNotifySocketNothingChanges() throws IOException {
    for (String none : new String[] {null, ""}) {
      String text = PlanText.render(plan(none, true, true));
      assertFalse(text.contains("notify"), text);
    }
  }
}
