package dev.jrunc.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrunc.runtime.api.ExecOptions;
import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.json.Json;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.PlanText;
import dev.jrunc.runtime.state.ContainerState;
import dev.jrunc.runtime.state.ProcStat;
import dev.jrunc.runtime.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exec plan, as text. The "container" is this JVM (alive, so the container is running); its
 * cgroup dirs and rootfs are temp dirs, so a paused container is a freezer.state file saying FROZEN.
 */
class ExecPlannerTest {
  @TempDir Path tmp;
  StateStore store;
  Path freezer;
  long pid = ProcessHandle.current().pid();

  /** Namespaces in containerd's order (mount before network): the joins must still put mount last. */
  static final String CONFIG = """
      {"ociVersion":"1.0.2","root":{"path":"rootfs"},
       "process":{"args":["sleep","1000"],"env":["PATH=/bin"],"cwd":"/","user":{"uid":0,"gid":0},
         "rlimits":[{"type":"RLIMIT_NOFILE","hard":1024,"soft":1024}],
         "capabilities":{"bounding":["CAP_KILL"],"effective":["CAP_KILL"],"permitted":["CAP_KILL"]}},
       "linux":{"namespaces":[{"type":"pid"},{"type":"mount"},{"type":"network"},{"type":"user"}]}}
      """;

  @BeforeEach
  void setUp() throws Exception {
    store = new StateStore(tmp.resolve("root"));
    Path rootfs = Files.createDirectories(tmp.resolve("rootfs/etc"));
    Files.writeString(rootfs.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\nbob:x:1000:1000::/home/bob:/bin/sh\n");
    freezer = Files.createDirectories(tmp.resolve("cg/freezer/c1"));
    Files.writeString(freezer.resolve("freezer.state"), "THAWED\n");
    Map<String, String> cg = new LinkedHashMap<>();
    cg.put("freezer", freezer.toString());
    cg.put("memory", Files.createDirectories(tmp.resolve("cg/memory/c1")).toString());
    JsonNode config = Json.mapper().readTree(CONFIG);
    ContainerState st = new ContainerState("1.0.2", "c1", pid, ProcStat.read(pid).startTime(), tmp.toString(),
        tmp.resolve("rootfs").toString(), "2026-01-01T00:00:00Z", null, cg, false, config);
    Files.createDirectories(store.dir("c1"));
    Files.write(store.dir("c1").resolve(StateStore.STATE_FILE), Json.mapper().writeValueAsBytes(st));
  }

  private String render(Plan plan) {
    return PlanText.render(plan).replace(tmp.toString(), "T").replace("/proc/" + pid + "/", "/proc/P/");
  }

  private static ExecOptions opts(List<String> args, String user, List<String> env, boolean tty, boolean detach, Path pidFile) {
    return new ExecOptions("c1", null, args, "/tmp", env, user, List.of(7L), List.of("CAP_CHOWN"), tty, false, null, detach,
        pidFile, 0, 0, null, false);
  }

  @Test
  void foregroundExecPlan() {
    Plan plan = new ExecPlanner(store).plan(opts(List.of("sh", "-c", "id"), "1000:1000", List.of("A=1"), false, false, null));
    String P = "exec failed: unable to start container process";
    assertEquals("""
        [NAMESPACES]
          SETNS "%1$s: join user namespace /proc/P/ns/user" "/proc/P/ns/user" 0x10000000
          SETNS "%1$s: join pid namespace /proc/P/ns/pid" "/proc/P/ns/pid" 0x20000000
          SETNS "%1$s: join network namespace /proc/P/ns/net" "/proc/P/ns/net" 0x40000000
          SETNS "%1$s: join mount namespace /proc/P/ns/mnt" "/proc/P/ns/mnt" 0x20000
          CLONE "%1$s: create exec process" 0
        [ATTACH]
          CGROUP_JOIN "%1$s: join cgroup T/cg/freezer/c1" "T/cg/freezer/c1/cgroup.procs"
          CGROUP_JOIN "%1$s: join cgroup T/cg/memory/c1" "T/cg/memory/c1/cgroup.procs"
        [MOUNTS]
          SETUID_ROOT "%1$s: become root in the user namespace"
          SETSID "%1$s: create session"
          KEYRING "%1$s: unable to join session keyring" "_ses.c1"
        [FINALIZE]
          RLIMIT "%1$s: set RLIMIT_NOFILE" 7 1024 1024
          PREPARE_EXEC "%1$s" ["sh","-c","id"] ["PATH=/bin","A=1","HOME=/home/bob"]
          CAP_BOUNDING "%1$s: drop bounding capabilities" 33
          USER "%1$s: set user 1000:1000" 1000 1000 <4 bytes> 0
          CAPS "%1$s: set capabilities" 33 33 0 0
          CHDIR "%1$s: chdir to cwd (\"/tmp\") set in config.json failed" "/tmp"
          EXEC "%1$s: exec user process"
        [COMPLETE]
          FOREGROUND "wait for the exec process" 0
          EXIT_STATUS
        [UNDO]
          KILL "${pid}" 9 1024
          WAIT_GONE "${pid}" 0 2000
        """.formatted(P), render(plan));
  }

  @Test
  void detachedWithTtyAndPidFile() {
    Plan plan = new ExecPlanner(store).plan(new ExecOptions("c1", null, List.of("sh"), null, null, null, null, null, true, true,
        "/run/console.sock", true, tmp.resolve("exec.pid"), 0, 0, null, false));
    String text = render(plan);
    assertTrue(text.contains("CONSOLE_SOCKET \"exec failed: unable to start container process: connect to console socket\" \"/run/console.sock\""), text);
    assertTrue(text.contains("CONSOLE \"exec failed: unable to start container process: set up console\" 0 0 0\n"), text);
    assertTrue(text.contains("NO_NEW_PRIVS"), text);
    assertTrue(text.contains("WRITE \"write pid file\" \"T/exec.pid\" \"${pid}\" 420 144"), text);
    assertFalse(text.contains("FOREGROUND"), text);
    assertFalse(text.contains("FIFO_WAIT"), "an exec never waits for start: " + text);
  }

  @Test
  void foregroundTtyUsesTheInternalConsole() {
    String text = render(new ExecPlanner(store).plan(opts(List.of("sh"), null, null, true, false, null)));
    assertTrue(text.contains("CONSOLE_SOCKET \"exec failed: unable to start container process: connect to console socket\" \"\""), text);
    assertTrue(text.contains("FOREGROUND \"wait for the exec process\" 8192"), text);
  }

  @Test
  void errorsAreRuncsWithExit255() throws Exception {
    JruncException e = assertThrows(JruncException.class, () -> new ExecPlanner(store).plan(opts(List.of(), null, null, false, false, null)));
    assertEquals("exec failed: process args cannot be empty", e.getMessage());
    assertEquals(255, e.exitCode());
    e = assertThrows(JruncException.class, () -> new ExecPlanner(store).plan(opts(List.of("sh"), null, null, true, true, null)));
    assertEquals("exec failed: cannot allocate tty if runc will detach without setting console socket", e.getMessage());
    e = assertThrows(JruncException.class, () -> new ExecPlanner(store).plan(opts(List.of("sh"), "x:1", null, false, false, null)));
    assertEquals("exec failed: parsing x as int for uid failed: strconv.Atoi: parsing \"x\": invalid syntax", e.getMessage());
    Files.writeString(freezer.resolve("freezer.state"), "FROZEN\n");
    e = assertThrows(JruncException.class, () -> new ExecPlanner(store).plan(opts(List.of("sh"), null, null, false, false, null)));
    assertEquals("exec failed: cannot exec in a paused container (use --ignore-paused to override)", e.getMessage());
    ExecOptions ignore = new ExecOptions("c1", null, List.of("sh"), null, null, null, null, null, false, false, null, false, null, 0, 0, null, true);
    new ExecPlanner(store).plan(ignore);
    e = assertThrows(JruncException.class, () -> new ExecPlanner(store).plan(ExecOptions.command("nope", List.of("sh"))));
    assertEquals("exec failed: container does not exist", e.getMessage());
    assertEquals(255, e.exitCode());
  }

  @Test
  void subCgroups() {
    Map<String, String> cg = Map.of("memory", "/cg/memory/c", "cpu,cpuacct", "/cg/cpu,cpuacct/c", "", "/cg/unified/c");
    assertEquals("/cg/cpu,cpuacct/c/sub", ExecCgroups.dirs(cg, List.of("cpu:sub")).get("cpu,cpuacct"));
    assertEquals("/cg/memory/c", ExecCgroups.dirs(cg, List.of("cpu:sub")).get("memory"));
    assertEquals("/cg/unified/c/s", ExecCgroups.dirs(cg, List.of("s")).get(""));
    assertThrows(JruncException.class, () -> ExecCgroups.dirs(cg, List.of("../escape")));
    assertThrows(JruncException.class, () -> ExecCgroups.dirs(cg, List.of("blkio:x")));
  }

  @Test
  void pauseAndResumePlans() throws Exception {
    String pause = render(new FreezePlanner(store).pause("c1"));
    assertTrue(pause.contains("WRITE \"freeze T/cg/freezer/c1\" \"T/cg/freezer/c1/freezer.state\" \"FROZEN\" 0 0\n"
        + "  WAIT_FILE \"unable to freeze\" \"T/cg/freezer/c1/freezer.state\" \"FROZEN\" 5000\n"), pause);
    assertEquals("container not paused", assertThrows(JruncException.class, () -> new FreezePlanner(store).resume("c1")).getMessage());
    Files.writeString(freezer.resolve("freezer.state"), "FROZEN\n");
    assertEquals("container not running", assertThrows(JruncException.class, () -> new FreezePlanner(store).pause("c1")).getMessage());
    assertTrue(render(new FreezePlanner(store).resume("c1")).contains("\"THAWED\""));
  }

  @Test
  void psFromTheCgroup() throws Exception {
    PsPlanner ps = new PsPlanner(store);
    assertEquals("null\n", ps.json("c1"));
    Files.writeString(tmp.resolve("cg/memory/c1/cgroup.procs"), "12\n34\n");
    assertEquals("[12,34]\n", ps.json("c1"));
    String table = "UID PID PPID CMD\nroot 12 1 sleep\nroot 13 1 other\nroot 34 12 sh\n";
    assertEquals("UID PID PPID CMD\nroot 12 1 sleep\nroot 34 12 sh\n", PsPlanner.filter(table, java.util.Set.of(12L, 34L)));
    assertThrows(JruncException.class, () -> PsPlanner.filter("CMD\nsleep\n", java.util.Set.of()));
  }
}
