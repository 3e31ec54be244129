package dev.jrunc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrunc.e2e.DockerExtension.Docker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What Docker does to a running container, through `--runtime jrunc` and `--runtime runc` (each
 * scenario runs with both, on its own detached container, and the observable results must agree):
 * exec (runtime `exec --process --detach --pid-file`), top (`ps --format json`), stats and the
 * memory limit (cgroup files), update (`update --resources -`), pause/unpause, kill with a signal,
 * restart, stop.
 */
@ExtendWith(DockerExtension.class)
class DockerLifecycleTest {
  private static final List<String> UNCONFINED = List.of("--security-opt", "seccomp=unconfined");
  /** pid 1 with handlers for TERM and USR1 (pid 1 ignores signals it has no handler for). */
  private static final String TRAPS = "trap 'exit 143' TERM; trap 'exit 42' USR1; while true; do sleep 0.1; done";

  private static List<String> opts(String... more) {
    List<String> o = new ArrayList<>(UNCONFINED);
    o.addAll(List.of(more));
    return o;
  }

  /** Runs the scenario with jrunc, then runc; asserts both give the same value; returns jrunc's. */
  private static <T> T sameAsRunc(Function<Rt, T> scenario) {
    T j = scenario.apply(Rt.JRUNC);
    T r = scenario.apply(Rt.RUNC);
    assertEquals(r, j, "jrunc differs from runc\nrunc:  " + r + "\njrunc: " + j);
    return j;
  }

  @Test
  void execWithUserWorkdirEnvAndExitCodes(Docker d) {
    List<String> seen = sameAsRunc(rt -> {
      String c = d.start(rt, opts(), "sleep", "1000");
      Cmd.Result plain = d.docker("exec", c, "sh", "-c", "echo hi; pwd; id");
      Cmd.Result asUser = d.docker("exec", "-u", "1000:1000", "-w", "/tmp", "-e", "FOO=bar", c, "sh", "-c", "echo $FOO; pwd; id; exit 3");
      Cmd.Result missing = d.docker("exec", c, "/nonexistent");
      // docker 20.10 prints this one on stdout
      String said = missing.out() + missing.err();
      assertTrue(said.contains("OCI runtime exec failed") && said.contains("no such file or directory"), rt.name() + ": " + missing);
      return List.of(plain.exit() + " " + plain.out(), asUser.exit() + " " + asUser.out(), String.valueOf(missing.exit()));
    });
    assertEquals(List.of("0 hi\n/\nuid=0(root) gid=0(root) groups=0(root)\n", "3 bar\n/tmp\nuid=1000 gid=1000 groups=1000\n", "126"), seen);
  }

  @Test
  void execWithATty(Docker d) {
    assumeTrue(PtyRun.binary() != null, PtyRun.whyUnavailable());
    Cmd.Result r = sameAsRunc(rt -> {
      String c = d.start(rt, opts(), "sleep", "1000");
      Cmd.Result x = d.onPty("exec", "-it", c, "sh", "-c", "test -t 0 && test -t 1 && echo isatty; tty; exit 4");
      return new Cmd.Result(x.exit(), x.out(), "");
    });
    assertEquals(4, r.exit(), r.toString());
    assertEquals("isatty\r\n/dev/pts/0\r\n", r.out(), r.toString());
  }

  @Test
  void topStatsAndMemoryLimit(Docker d) {
    List<String> seen = sameAsRunc(rt -> {
      String c = d.start(rt, opts("-m", "64m"), "sleep", "1000");
      String pid = d.inspect(c, "{{.State.Pid}}");
      // top: the runtime's `ps --format json` gives the host pids, docker runs ps on them
      Cmd.Result top = d.docker("top", c);
      assertEquals(0, top.exit(), rt.name() + ": " + top);
      assertTrue(top.out().lines().anyMatch(l -> l.trim().split("\\s+")[1].equals(pid) && l.trim().endsWith("sleep 1000")), rt.name() + ": " + top);
      String limit = Cgroups.read(Cgroups.file(pid, "memory", "memory.limit_in_bytes", "memory.max"));
      Cmd.Result stats = d.docker("stats", "--no-stream", "--format", "{{.MemUsage}}", c);
      assertEquals(0, stats.exit(), rt.name() + ": " + stats);
      String[] usage = stats.out().trim().split(" / ");
      assertEquals(2, usage.length, rt.name() + ": " + stats);
      assertTrue(usage[0].matches("[0-9.]+[KMG]iB") && !usage[0].startsWith("0B"), rt.name() + ": memory usage " + usage[0]);
      return List.of(limit, usage[1], String.valueOf(top.out().lines().count()));
    });
    assertEquals(List.of("67108864", "64MiB", "2"), seen);
  }

  @Test
  void update(Docker d) {
    // docker update -> containerd's Update -> the shim's `update --resources -` (JSON on stdin)
    List<String> seen = sameAsRunc(rt -> {
      String c = d.start(rt, opts("-m", "64m"), "sleep", "1000");
      String pid = d.inspect(c, "{{.State.Pid}}");
      Cmd.Result r = d.docker("update", "-m", "40m", "--memory-swap", "80m", "--pids-limit", "33", c);
      return List.of(r.exit() + "", Cgroups.read(Cgroups.file(pid, "memory", "memory.limit_in_bytes", "memory.max")),
          Cgroups.read(Cgroups.file(pid, "pids", "pids.max", "pids.max")), d.inspect(c, "{{.HostConfig.Memory}}"));
    });
    assertEquals(List.of("0", "41943040", "33", "41943040"), seen);
  }

  @Test
  void pauseAndUnpause(Docker d) {
    List<String> seen = sameAsRunc(rt -> {
      String c = d.start(rt, opts(), "sleep", "1000");
      Path freezer = Cgroups.file(d.inspect(c, "{{.State.Pid}}"), "freezer", "freezer.state", "cgroup.freeze");
      List<String> s = new ArrayList<>();
      s.add(d.docker("pause", c).exit() + " " + d.inspect(c, "{{.State.Status}}") + " " + Cgroups.read(freezer));
      s.add(d.docker("unpause", c).exit() + " " + d.inspect(c, "{{.State.Status}}") + " " + Cgroups.read(freezer));
      s.add(d.docker("exec", c, "true").exit() + "");
      return s;
    });
    assertTrue(seen.get(0).startsWith("0 paused ") && seen.get(1).startsWith("0 running "), seen.toString());
    assertTrue(List.of("FROZEN", "1").contains(seen.get(0).split(" ")[2]), seen.toString());
  }

  @Test
  void aPausedContainerCanBeKilledStoppedAndRemoved(Docker d) {
    // a frozen process only dies once thawed: the runtime's kill/delete must not leave it frozen
    List<String> seen = sameAsRunc(rt -> {
      String killed = d.start(rt, opts(), "sleep", "1000");
      String stopped = d.start(rt, opts(), "sleep", "1000");
      String removed = d.start(rt, opts(), "sleep", "1000");
      for (String c : List.of(killed, stopped, removed)) assertEquals(0, d.docker("pause", c).exit(), rt.name());
      String pid = d.inspect(removed, "{{.State.Pid}}");
      d.docker("kill", killed);
      d.docker("wait", killed);
      d.docker("stop", "-t", "1", stopped);
      Cmd.Result rm = d.docker("rm", "-f", removed);
      for (int i = 0; i < 50 && Files.exists(Path.of("/proc", pid)); i++) sleep(100);
      return List.of(d.inspect(killed, "{{.State.Status}} {{.State.ExitCode}}"), d.inspect(stopped, "{{.State.Status}} {{.State.ExitCode}}"),
          rm.exit() + " " + Files.exists(Path.of("/proc", pid)));
    });
    assertEquals(List.of("exited 137", "exited 137", "0 false"), seen);
  }

  @Test
  void killWithASignal(Docker d) {
    List<String> seen = sameAsRunc(rt -> {
      String c = d.start(rt, opts(), "sh", "-c", TRAPS);
      awaitTraps(d, c);
      Cmd.Result k = d.docker("kill", "-s", "USR1", c);
      Cmd.Result w = d.docker("wait", c);
      return List.of(k.exit() + "", w.out().trim(), d.inspect(c, "{{.State.Status}} {{.State.ExitCode}}"));
    });
    assertEquals(List.of("0", "42", "exited 42"), seen);
  }

  @Test
  void stopWithAndWithoutATermHandler(Docker d) {
    List<String> seen = sameAsRunc(rt -> {
      // with a handler: SIGTERM ends it (143 here); without: pid 1 ignores SIGTERM, SIGKILL after -t (137)
      String trapped = d.start(rt, opts(), "sh", "-c", TRAPS);
      String plain = d.start(rt, opts(), "sleep", "1000");
      awaitTraps(d, trapped);
      d.docker("stop", "-t", "10", trapped);
      d.docker("stop", "-t", "1", plain);
      return List.of(d.inspect(trapped, "{{.State.Status}} {{.State.ExitCode}}"), d.inspect(plain, "{{.State.Status}} {{.State.ExitCode}}"));
    });
    assertEquals(List.of("exited 143", "exited 137"), seen);
  }

  @Test
  void restart(Docker d) {
    List<String> seen = sameAsRunc(rt -> {
      String c = d.start(rt, opts(), "sleep", "1000");
      String before = d.inspect(c, "{{.State.Pid}}");
      Cmd.Result r = d.docker("restart", "-t", "1", c);
      String after = d.inspect(c, "{{.State.Pid}}");
      assertNotEquals(before, after, rt.name() + ": same pid after restart");
      assertTrue(Files.exists(Path.of("/proc", after)), rt.name() + ": pid " + after + " is not alive");
      assertTrue(Files.notExists(Path.of("/proc", before, "cmdline")) || !Cgroups.read(Path.of("/proc", before, "cmdline")).startsWith("sleep"),
          rt.name() + ": old pid " + before + " still runs");
      return List.of(r.exit() + "", d.inspect(c, "{{.State.Status}}"), d.docker("exec", c, "echo", "again").out());
    });
    assertEquals(List.of("0", "running", "again\n"), seen);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until the shell of TRAPS runs its loop (its traps are then set). */
  private static void awaitTraps(Docker d, String c) {
    for (int i = 0; i < 50; i++) {
      if (d.docker("top", c).out().contains("sleep 0.1")) return;
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
