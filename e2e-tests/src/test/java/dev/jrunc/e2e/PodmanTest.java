package dev.jrunc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrunc.e2e.PodmanExtension.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * `podman --runtime <jrunc>` against `podman --runtime /usr/sbin/runc` on a private store (no daemon:
 * podman calls the runtime through conmon, one per container, with `--log-format json --log FILE`
 * because the config lists jrunc in runtime_supports_json). Every scenario runs with both runtimes
 * and the observable results must agree.
 */
@ExtendWith(PodmanExtension.class)
class PodmanTest {
  private static final String TRAPS = "trap 'exit 143' TERM; trap 'exit 42' USR1; while true; do sleep 0.1; done";

  private static <T> T sameAsRunc(Function<Rt, T> scenario) {
    T j = scenario.apply(Rt.JRUNC);
    T r = scenario.apply(Rt.RUNC);
    assertEquals(r, j, "jrunc differs from runc\nrunc:  " + r + "\njrunc: " + j);
    return j;
  }

  /** exit code and stdout, the comparable part of a result. */
  private static String seen(Cmd.Result r) {
    return r.exit() + " " + r.out();
  }

  @Test
  void runAndRemove(Pod p) {
    List<String> names = new ArrayList<>();
    String r = sameAsRunc(rt -> {
      Cmd.Result x = p.run(rt, List.of(), "echo", "hi");
      names.add(p.names.get(p.names.size() - 1));
      return seen(x);
    });
    assertEquals("0 hi\n", r);
    for (String n : names) assertEquals(1, p.podman(Rt.RUNC, "container", "exists", n).exit(), "--rm left " + n);
  }

  @Test
  void exitCodesAndAMissingBinary(Pod p) {
    List<String> r = sameAsRunc(rt -> {
      Cmd.Result missing = p.run(rt, List.of(), "/nonexistent");
      assertTrue(missing.err().contains("no such file or directory"), rt.name() + ": " + missing);
      return List.of(seen(p.run(rt, List.of(), "sh", "-c", "exit 7")), seen(p.run(rt, List.of(), "true")), seen(missing));
    });
    // podman maps the runtime's "not found" error text to 127
    assertEquals(List.of("7 ", "0 ", "127 "), r);
    // and shows the runtime's words: runc's, but for the runtime's name and path
    String runc = p.run(Rt.RUNC, List.of(), "/nonexistent").err().replace(Rt.RUNC.binary(), "RT");
    assertEquals(runc, p.run(Rt.JRUNC, List.of(), "/nonexistent").err().replace(Rt.JRUNC.binary(), "RT").replace("jrunc create failed", "runc create failed"));
  }

  @Test
  void envWorkdirUserAndStdio(Pod p) {
    Cmd.Result r = sameAsRunc(rt -> p.run(rt, List.of("-e", "FOO=bar baz", "-w", "/tmp", "-u", "1000:1000"),
        "sh", "-c", "echo \"$FOO\"; pwd; id -u; id -g; echo err >&2"));
    assertEquals("bar baz\n/tmp\n1000\n1000\n", r.out(), r.toString());
    assertEquals("err\n", r.err(), r.toString());
  }

  @Test
  void readOnlyRootfsAndABindMount(Pod p) throws Exception {
    Path src = Files.createTempDirectory(Path.of("/tmp"), "jrunc-e2e-bind-");
    try {
      Files.writeString(src.resolve("f"), "from host\n");
      String r = sameAsRunc(rt -> seen(p.run(rt, List.of("--read-only", "-v", src + ":/mnt:ro"),
          "sh", "-c", "cat /mnt/f; touch /x 2>/dev/null; echo $?; touch /mnt/g 2>/dev/null; echo $?")));
      assertEquals("0 from host\n1\n1\n", r);
      assertTrue(Files.notExists(src.resolve("g")));
    } finally {
      Files.deleteIfExists(src.resolve("f"));
      Files.deleteIfExists(src);
    }
  }

  @Test
  void interactiveTty(Pod p) {
    assumeTrue(PtyRun.binary() != null, PtyRun.whyUnavailable());
    String r = sameAsRunc(rt -> seen(p.runOnPty(rt, List.of(), "sh", "-c", "test -t 0 && test -t 1 && echo isatty; tty; exit 3")));
    assertEquals("3 isatty\r\n/dev/pts/0\r\n", r);
  }

  @Test
  void execWithUserWorkdirEnvExitCodesAndATty(Pod p) {
    List<String> r = sameAsRunc(rt -> {
      String c = p.start(rt, List.of(), "sleep", "1000");
      List<String> s = new ArrayList<>();
      s.add(seen(p.podman(rt, "exec", c, "sh", "-c", "echo hi; pwd; id -u")));
      s.add(seen(p.podman(rt, "exec", "-u", "1000", "-w", "/tmp", "-e", "A=b", c, "sh", "-c", "echo $A; pwd; id -u; exit 3")));
      Cmd.Result missing = p.podman(rt, "exec", c, "/nonexistent");
      assertTrue(missing.err().contains("no such file or directory"), rt.name() + ": " + missing);
      s.add(seen(missing));
      if (PtyRun.binary() != null) {
        s.add(seen(p.podman.podmanOnPty(rt, List.of("exec", "-it", c, "sh", "-c", "test -t 0 && echo isatty; tty; exit 4"))));
      }
      return s;
    });
    assertEquals(List.of("0 hi\n/\n0\n", "3 b\n/tmp\n1000\n", "127 "), r.subList(0, 3));
    if (r.size() > 3) assertEquals("4 isatty\r\n/dev/pts/0\r\n", r.get(3));
  }

  @Test
  void topStatsAndMemoryLimit(Pod p) {
    List<String> r = sameAsRunc(rt -> {
      String c = p.start(rt, List.of("-m", "64m"), "sleep", "1000");
      String pid = p.inspect(c, "{{.State.Pid}}");
      Cmd.Result top = p.podman(rt, "top", c, "pid", "args");
      Cmd.Result stats = p.podman(rt, "stats", "--no-stream", "--format", "{{.MemUsage}}", c);
      String[] usage = stats.out().trim().split(" / ");
      assertTrue(stats.exit() == 0 && usage.length == 2 && usage[0].matches("[0-9.]+[kMG]B"), rt.name() + ": " + stats);
      return List.of(seen(top).replaceAll(" +\n", "\n").replaceAll(" +", " "), usage[1],
          Cgroups.read(Cgroups.file(pid, "memory", "memory.limit_in_bytes", "memory.max")));
    });
    assertEquals(List.of("0 PID COMMAND\n1 sleep 1000\n", "67.11MB", "67108864"), r);
  }

  @Test
  void pauseAndUnpause(Pod p) {
    List<String> r = sameAsRunc(rt -> {
      String c = p.start(rt, List.of(), "sleep", "1000");
      Path freezer = Cgroups.file(p.inspect(c, "{{.State.Pid}}"), "freezer", "freezer.state", "cgroup.freeze");
      List<String> s = new ArrayList<>();
      s.add(p.podman(rt, "pause", c).exit() + " " + p.inspect(c, "{{.State.Status}}") + " " + Cgroups.read(freezer));
      s.add(p.podman(rt, "unpause", c).exit() + " " + p.inspect(c, "{{.State.Status}}") + " " + Cgroups.read(freezer));
      s.add(seen(p.podman(rt, "exec", c, "echo", "awake")));
      return s;
    });
    assertTrue(r.get(0).startsWith("0 paused ") && r.get(1).startsWith("0 running ") && r.get(2).equals("0 awake\n"), r.toString());
  }

  @Test
  void killStopAndRestart(Pod p) {
    List<String> r = sameAsRunc(rt -> {
      String killed = p.start(rt, List.of(), "sh", "-c", TRAPS);
      String trapped = p.start(rt, List.of(), "sh", "-c", TRAPS);
      String plain = p.start(rt, List.of(), "sleep", "1000");
      List<String> s = new ArrayList<>();
      awaitLoop(p, rt, killed);
      awaitLoop(p, rt, trapped);
      s.add(p.podman(rt, "kill", "-s", "USR1", killed).exit() + " " + p.podman(rt, "wait", killed).out().trim());
      String before = p.inspect(plain, "{{.State.Pid}}");
      Cmd.Result restart = p.podman(rt, "restart", "-t", "1", plain);
      String after = p.inspect(plain, "{{.State.Pid}}");
      assertNotEquals(before, after, rt.name() + ": same pid after restart");
      assertTrue(Files.exists(Path.of("/proc", after)), rt.name() + ": pid " + after + " is not alive");
      s.add(restart.exit() + " " + p.inspect(plain, "{{.State.Status}}") + " " + p.podman(rt, "exec", plain, "echo", "again").out().trim());
      // with a TERM handler stop ends it (143 here); without, pid 1 ignores SIGTERM: SIGKILL after -t (137)
      p.podman(rt, "stop", "-t", "10", trapped);
      p.podman(rt, "stop", "-t", "1", plain);
      s.add(p.inspect(trapped, "{{.State.Status}} {{.State.ExitCode}}"));
      s.add(p.inspect(plain, "{{.State.Status}} {{.State.ExitCode}}"));
      return s;
    });
    assertEquals(List.of("0 42", "0 running again", "exited 143", "exited 137"), r);
  }

  @Test
  void noConmonOutlivesItsContainer(Pod p) {
    for (Rt rt : List.of(Rt.JRUNC, Rt.RUNC)) {
      String c = p.start(rt, List.of(), "sleep", "1000");
      String id = p.inspect(c, "{{.Id}}");
      assertTrue(p.podman.conmons().stream().anyMatch(pid -> cmdline(pid).contains(id)), rt.name() + ": no conmon for " + id);
      assertEquals(0, p.podman(rt, "rm", "-f", "-t", "0", c).exit(), rt.name());
      List<String> left = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        left = p.podman.conmons().stream().filter(pid -> cmdline(pid).contains(id)).toList();
        if (left.isEmpty()) break;
        sleep(100);
      }
      assertEquals(List.of(), left, rt.name() + ": conmon left after rm -f");
    }
  }

  private static String cmdline(String pid) {
    try {
      return Files.readString(Path.of("/proc", pid, "cmdline")).replace('\0', ' ');
    } catch (java.io.IOException gone) {
      return "";
    }
  }

  /** Waits until the shell of TRAPS runs its loop (its traps are then set). */
  private static void awaitLoop(Pod p, Rt rt, String c) {
    for (int i = 0; i < 50; i++) {
      if (p.podman(rt, "top", c, "args").out().contains("sleep 0.1")) return;
      sleep(100);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
