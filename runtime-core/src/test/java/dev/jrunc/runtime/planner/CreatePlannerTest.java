package dev.jrunc.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.runtime.api.CreateOptions;
import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.api.RuntimeOptions;
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

/** The create plan's structure: what runs where and in which order (no root needed: nothing executes). */
class CreatePlannerTest {
  @TempDir Path tmp;

  private static final String CONFIG = """
      {"ociVersion":"1.0.2","process":{"args":["sh","-c","true"],"cwd":"/work","env":["PATH=/bin"],
       "user":{"uid":1000,"gid":1000,"additionalGids":[5]},
       "capabilities":{"bounding":["CAP_KILL","CAP_CHOWN"],"effective":["CAP_KILL"],"permitted":["CAP_KILL"],
         "ambient":["CAP_KILL"]},
       "rlimits":[{"type":"RLIMIT_NOFILE","hard":1024,"soft":512}],"noNewPrivileges":true},
       "root":{"path":"rootfs","readonly":true},"hostname":"h1",
       "mounts":[{"destination":"/proc","type":"proc","source":"proc"},
                 {"destination":"/data","type":"bind","source":"data","options":["rbind","ro"]}],
       "hooks":{"prestart":[{"path":"/bin/true"}],"createContainer":[{"path":"/bin/true"}],"startContainer":[{"path":"/bin/true"}]},
       "linux":{"namespaces":[{"type":"pid"},{"type":"mount"},{"type":"user"},{"type":"network","path":"/proc/1/ns/net"}],
         "uidMappings":[{"containerID":0,"hostID":100000,"size":65536}],
         "gidMappings":[{"containerID":0,"hostID":100000,"size":65536}],
         "maskedPaths":["/proc/kcore"],"readonlyPaths":["/proc/sys"],"sysctl":{"net.ipv4.ip_forward":"1"}}}
      """;

  private Plan plan(String config) throws IOException {
    Path bundle = tmp.resolve("bundle");
    Files.createDirectories(bundle.resolve("rootfs/etc"));
    Files.createDirectories(bundle.resolve("data"));
    Files.writeString(bundle.resolve("rootfs/etc/passwd"), "user:x:1000:1000::/home/user:/bin/sh\n");
    Files.writeString(bundle.resolve("config.json"), config);
    RuntimeOptions options = new RuntimeOptions(tmp.resolve("root"), null, null, false, false, null);
    CreateOptions o = new CreateOptions("c1", bundle, tmp.resolve("pid"), null, false, false, 0, 0, true, false);
    return new CreatePlanner(options, new StateStore(options.root())).create(o);
  }

  @Test
  void aRelativeCgroupsPathNestsUnderTheCallersCgroupNotThePlanners() throws IOException {
    // a warm server plans for a front in another cgroup: its /proc/PID/cgroup decides, not ours
    Path callerCgroup = tmp.resolve("caller-cgroup");
    Files.writeString(callerCgroup, "0::/callers.slice/front.scope\n");
    Path bundle = tmp.resolve("bundle");
    Files.createDirectories(bundle.resolve("rootfs"));
    Files.writeString(bundle.resolve("config.json"), """
        {"ociVersion":"1.0.2","process":{"args":["true"],"cwd":"/"},"root":{"path":"rootfs"},
         "linux":{"namespaces":[{"type":"pid"},{"type":"mount"}],"cgroupsPath":"rel/c1"}}
        """);
    RuntimeOptions options = new RuntimeOptions(tmp.resolve("root"), null, null, false, false, null);
    CreateOptions o = new CreateOptions("c1", bundle, null, null, false, false, 0, 0, true, false, callerCgroup);
    String text = PlanText.render(new CreatePlanner(options, new StateStore(options.root())).create(o));
    assertTrue(text.contains("/callers.slice/front.scope/rel/c1"), text);
  }

  private static int index(List<Op> ops, OpCode code) {
    for (int i = 0; i < ops.size(); i++) if (ops.get(i).code() == code) return i;
    return -1;
  }

  @Test
  void joinsUserFirstAndClonesTheRest() throws IOException {
    List<Op> ns = plan(CONFIG).ops(Section.NAMESPACES);
    assertEquals(OpCode.SETNS, ns.get(0).code());
    assertEquals("/proc/1/ns/net", ns.get(0).args().get(0));
    Op clone = ns.get(ns.size() - 1);
    assertEquals(OpCode.CLONE, clone.code());
    assertEquals(0x20000000L | 0x00020000L | 0x10000000L, clone.args().get(0)); // pid | mount | user
  }

  @Test
  void writesIdMapsForTheNewProcessAndBecomesRootInside() throws IOException {
    Plan p = plan(CONFIG);
    String attach = PlanText.render(new Plan().addAll(p)).lines().filter(l -> l.contains("_map")).reduce("", String::concat);
    assertTrue(attach.contains("\"/proc/${pid}/uid_map\" \"0 100000 65536\\n\""), attach);
    assertEquals(OpCode.SETUID_ROOT, p.ops(Section.MOUNTS).get(0).code());
  }

  @Test
  void mountsFollowTheSpecAndBindFlagsTakeARemount() throws IOException {
    List<Op> m = plan(CONFIG).ops(Section.MOUNTS);
    assertEquals(OpCode.ROOTFS, m.get(index(m, OpCode.ROOTFS)).code());
    List<String> labels = m.stream().filter(op -> op.code() == OpCode.MOUNT).map(Op::label).toList();
    assertTrue(labels.get(0).startsWith("mount proc to /proc"), labels.toString());
    assertTrue(labels.get(1).endsWith("data to /data"), labels.toString());
    assertEquals("remount /data", labels.get(2));
  }

  @Test
  void finalizeOrderMatchesTheKernelsRules() throws IOException {
    List<Op> f = plan(CONFIG).ops(Section.FINALIZE);
    int createHook = index(f, OpCode.HOOK), pivot = index(f, OpCode.PIVOT_ROOT), mask = index(f, OpCode.MASK);
    int user = index(f, OpCode.USER), caps = index(f, OpCode.CAPS), nnp = index(f, OpCode.NO_NEW_PRIVS);
    int wait = index(f, OpCode.FIFO_WAIT), exec = index(f, OpCode.EXEC);
    assertTrue(createHook < pivot && pivot < mask && mask < user && user < caps && caps < nnp && nnp < wait && wait < exec, f.toString());
    assertEquals(OpCode.HOOK, f.get(wait + 1).code()); // startContainer after the wait, before exec
    Op capsOp = f.get(caps);
    assertEquals(1L << 5, capsOp.args().get(0)); // CAP_KILL effective
    assertEquals(0L, capsOp.args().get(3)); // ambient needs inheritable too
  }

  @Test
  void aMissingBinaryIsReportedInRuncsWords() throws IOException {
    // runc: "runc create failed: unable to start container process: exec: \"/x\": stat /x: ..."; Docker
    // and podman show that text, and podman maps "not found" in it to exit code 127
    List<Op> f = plan(CONFIG).ops(Section.FINALIZE);
    assertEquals("unable to start container process", f.get(index(f, OpCode.PREPARE_EXEC)).label());
  }

  @Test
  void prestartRunsOnTheHostWithTheHostPid() throws IOException {
    List<Op> h = plan(CONFIG).ops(Section.HOST_HOOKS);
    assertEquals(1, h.size());
    String stdin = new String((byte[]) h.get(0).args().get(4));
    assertTrue(stdin.contains("\"status\":\"creating\",\"pid\":${pid}"), stdin);
  }

  @Test
  void completeWritesStateAndPidFileAndUndoRemovesEverything() throws IOException {
    Plan p = plan(CONFIG);
    List<Op> c = p.ops(Section.COMPLETE);
    assertEquals(2, c.size());
    assertTrue(((String) c.get(0).args().get(0)).endsWith("/c1/state.json"));
    assertEquals("${pid}", new String((byte[]) c.get(1).args().get(1)));
    List<OpCode> undo = p.ops(Section.UNDO).stream().map(Op::code).toList();
    assertEquals(OpCode.KILL, undo.get(0));
    assertEquals(OpCode.REMOVE, undo.get(undo.size() - 1));
  }

  @Test
  void existingIdAndMissingRootfsAreRejectedBeforeAnythingIsPlanned() throws IOException {
    plan(CONFIG);
    Files.createDirectories(tmp.resolve("root/c1"));
    JruncException e = assertThrows(JruncException.class, () -> plan(CONFIG));
    assertEquals("container with given ID already exists", e.getMessage());
    Files.delete(tmp.resolve("root/c1"));
    JruncException e2 = assertThrows(JruncException.class, () -> plan(CONFIG.replace("\"rootfs\"", "\"nope\"")));
    assertTrue(e2.getMessage().endsWith("nope: no such file or directory"), e2.getMessage());
  }
}
