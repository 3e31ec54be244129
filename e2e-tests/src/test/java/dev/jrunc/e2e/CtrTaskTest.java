package dev.jrunc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * `ctr task` on a running container, with jrunc and with runc (same observable results): metrics
 * (containerd reads the cgroup the runtime made), `kill --all` (the shim's `kill --all ID SIG`),
 * `exec --tty` (`exec --console-socket --tty`), and `update --resources -` as the shim sends it
 * (ctr 1.6 has no `task update`; `docker update` and containerd's Update call it so).
 */
@ExtendWith(CtrExtension.class)
class CtrTaskTest {
  private static <T> T sameAsRunc(Function<Rt, T> scenario) {
    T j = scenario.apply(Rt.JRUNC);
    if (Rt.runcAvailable()) {
      T r = scenario.apply(Rt.RUNC);
      assertEquals(r, j, "jrunc differs from runc\nrunc:  " + r + "\njrunc: " + j);
    }
    return j;
  }

  private static String start(CtrEnv env, Rt rt, String name, List<String> opts, String... cmd) {
    String id = env.id(name + "-" + rt.name());
    List<String> o = new ArrayList<>(List.of("-d"));
    o.addAll(opts);
    Cmd.Result r = env.run(rt, o, id, cmd);
    assertEquals(0, r.exit(), rt.name() + ": " + r);
    return id;
  }

  private static String initPid(CtrEnv env, String id) {
    try {
      return Files.readString(env.bundle(id).resolve("init.pid")).trim();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void metrics(CtrEnv env) {
    Map<String, String> m = sameAsRunc(rt -> {
      String id = start(env, rt, "metrics", List.of("--memory-limit", "33554432"), "sleep", "1000");
      Cmd.Result r = env.ctrd.ctr("task", "metrics", id);
      assertEquals(0, r.exit(), rt.name() + ": " + r);
      Map<String, String> v = new LinkedHashMap<>();
      r.out().lines().map(l -> l.trim().split("\\s+")).filter(f -> f.length == 2).forEach(f -> v.put(f[0], f[1]));
      String usage = v.remove("memory.usage_in_bytes");
      assertTrue(usage != null && Long.parseLong(usage) > 0, rt.name() + ": memory usage " + usage + " in " + r.out());
      Map<String, String> kept = new LinkedHashMap<>();
      for (String k : List.of("memory.limit_in_bytes", "pids.current", "memory.max", "pids.max")) if (v.containsKey(k)) kept.put(k, v.get(k));
      return kept;
    });
    assertTrue(m.containsValue("33554432") && "1".equals(m.get("pids.current")), m.toString());
  }

  @Test
  void killAllSignalsEveryProcess(CtrEnv env) throws Exception {
    // pid 1 (sh) ignores SIGTERM, its children do not: only `kill --all` ends them, then sh's `wait`
    // returns and the task exits 0. A plain kill leaves the task running.
    List<String> seen = new ArrayList<>();
    for (Rt rt : Rt.runcAvailable() ? List.of(Rt.JRUNC, Rt.RUNC) : List.of(Rt.JRUNC)) {
      String id = start(env, rt, "killall", List.of(), "sh", "-c", "sleep 1000 & sleep 1000 & wait");
      List<String> pids = awaitProcesses(env, id, 3);
      Cmd.Result plain = env.ctrd.ctr("task", "kill", "-s", "SIGTERM", id);
      Thread.sleep(300);
      String afterPlain = env.taskStatus(id);
      Cmd.Result all = env.ctrd.ctr("task", "kill", "--all", "-s", "SIGTERM", id);
      assertEquals(0, all.exit(), rt.name() + ": " + all);
      assertTrue(env.awaitStatus(id, "STOPPED"), rt.name() + ": still " + env.taskStatus(id));
      for (String p : pids) assertTrue(!Files.exists(Path.of("/proc", p)) || Files.readString(Path.of("/proc", p, "stat")).contains(") Z "), rt.name() + ": pid " + p + " survived");
      Cmd.Result del = env.ctrd.ctr("task", "delete", id);
      seen.add(rt.name() + ": " + plain.exit() + " " + afterPlain + " " + all.exit() + " " + del.exit());
    }
    for (String s : seen) assertTrue(s.endsWith(": 0 RUNNING 0 0"), seen.toString());
  }

  /** The task's pids from `ctr task ps` (the runtime's `ps --format json`), once there are n. */
  private static List<String> awaitProcesses(CtrEnv env, String id, int n) throws InterruptedException {
    List<String> pids = List.of();
    for (int i = 0; i < 50 && pids.size() < n; i++) {
      pids = env.ctrd.ctr("task", "ps", id).out().lines().skip(1).map(l -> l.trim().split("\\s+")[0]).toList();
      if (pids.size() < n) Thread.sleep(100);
    }
    assertEquals(n, pids.size(), "processes of " + id + ": " + pids);
    return pids;
  }

  @Test
  void execWithATty(CtrEnv env) {
    assumeTrue(PtyRun.binary() != null, PtyRun.whyUnavailable());
    Cmd.Result r = sameAsRunc(rt -> {
      String id = start(env, rt, "exectty", List.of(), "sleep", "1000");
      Cmd.Result x = PtyRun.run(List.of("ctr", "--connect-timeout", "2s", "-a", env.ctrd.socket().toString(), "-n", env.ctrd.namespace,
          "task", "exec", "-t", "--exec-id", "t1", id, "sh", "-c", "test -t 0 && test -t 1 && echo isatty; tty; exit 5"), 60);
      // ctr may add its own "resize pty" error once the process is gone: keep the container's lines
      String[] lines = x.out().split("(?<=\n)");
      return new Cmd.Result(x.exit(), lines.length < 2 ? x.out() : lines[0] + lines[1], "");
    });
    assertEquals(5, r.exit(), r.toString());
    assertEquals("isatty\r\r\n/dev/pts/0\r\r\n", r.out(), r.toString());
  }

  @Test
  void updateResourcesFromStdinAsTheShimSendsThem(CtrEnv env) {
    List<String> seen = sameAsRunc(rt -> {
      String id = start(env, rt, "update", List.of(), "sleep", "1000");
      String pid = initPid(env, id);
      List<String> a = List.of(rt.binary(), "--root", env.stateRoot(rt).toString(), "update", "--resources", "-", id);
      Cmd.Result ok = Cmd.run(a, Map.of(), 60, "{\"memory\":{\"limit\":50331648},\"pids\":{\"limit\":77},\"cpu\":{\"shares\":512}}");
      assertEquals(0, ok.exit(), rt.name() + ": " + ok);
      Cmd.Result bad = Cmd.run(a, Map.of(), 60, "{\"memory\":{\"limit\":\"x\"}}");
      assertTrue(bad.exit() == 1 && bad.err().contains("level=error") && bad.err().contains("memory"), rt.name() + ": " + bad);
      return List.of(Cgroups.read(Cgroups.file(pid, "memory", "memory.limit_in_bytes", "memory.max")),
          Cgroups.read(Cgroups.file(pid, "pids", "pids.max", "pids.max")),
          Cgroups.read(Cgroups.file(pid, "cpu", "cpu.shares", "cpu.weight")));
    });
    assertEquals(List.of("50331648", "77"), seen.subList(0, 2));
  }
}
