package dev.jrunc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every call containerd's shim makes to the runtime, and what the runtime answered: a logging wrapper
 * stands in for the runtime binary (`ctr run --runc-binary <wrapper>`) and records each call's
 * subcommand and exit code. A whole container life (run -d, exec, ps, pause, resume, kill, delete,
 * and a failing create) must produce the same calls and exit codes with jrunc as with runc: a call
 * jrunc answers differently (an exit code, a missing command) shows up here even when ctr hides it.
 */
@ExtendWith(CtrExtension.class)
class CtrShimCallsTest {
  /** Global flags that take a value (go-runc passes them before the subcommand). */
  private static final Set<String> VALUED = Set.of("--root", "--log", "--log-format", "--criu", "--rootless");

  /** A wrapper script named like the runtime (basename matters to some clients) that logs and passes through. */
  private static Rt logged(CtrEnv env, Rt rt) throws IOException {
    Path dir = Files.createDirectories(env.dir.resolve("wrap-" + rt.name()));
    Path log = dir.resolve("calls.log");
    Path wrapper = dir.resolve(Path.of(rt.binary()).getFileName());
    Files.writeString(wrapper, "#!/bin/sh\n\"" + rt.binary() + "\" \"$@\"; rc=$?\nprintf '%s %s\\n' \"$rc\" \"$*\" >> \""
        + log + "\"\nexit $rc\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new Rt(rt.name() + "-logged", wrapper.toString());
  }

  /** "exit subcommand" for each logged call, the global flags skipped. */
  private static List<String> calls(Rt wrapped) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(wrapped.binary()).resolveSibling("calls.log"))) {
      String[] t = line.split(" ");
      int i = 1;
      while (i < t.length && t[i].startsWith("-")) i += VALUED.contains(t[i]) ? 2 : 1;
      out.add(t[0] + " " + (i < t.length ? t[i] : "?"));
    }
    return out;
  }

  private static List<String> life(CtrEnv env, Rt rt) {
    String id = env.id("calls-" + rt.name());
    assertEquals(0, env.run(rt, List.of("-d"), id, "sleep", "1000").exit(), rt.name());
    assertEquals(0, env.ctrd.ctr("task", "exec", "--exec-id", "x1", id, "true").exit(), rt.name());
    assertEquals(0, env.ctrd.ctr("task", "ps", id).exit(), rt.name());
    assertEquals(0, env.ctrd.ctr("task", "pause", id).exit(), rt.name());
    assertEquals(0, env.ctrd.ctr("task", "resume", id).exit(), rt.name());
    assertEquals(0, env.ctrd.ctr("task", "kill", "-s", "SIGKILL", id).exit(), rt.name());
    try {
      assertTrue(env.awaitStatus(id, "STOPPED"), rt.name() + ": " + env.taskStatus(id));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertEquals(0, env.ctrd.ctr("task", "delete", id).exit(), rt.name());
    assertEquals(0, env.ctrd.ctr("containers", "delete", id).exit(), rt.name());
    assertEquals(1, env.runRm(rt, "calls-fail", List.of(), "/nonexistent").exit(), rt.name());
    try {
      return calls(rt);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void sameCallsAndAnswersAsRunc(CtrEnv env) throws Exception {
    List<String> j = life(env, logged(env, Rt.JRUNC));
    if (Rt.runcAvailable()) assertEquals(life(env, logged(env, Rt.RUNC)), j);
    // what the shim asked: create/start/exec/ps/pause/resume/kill/delete; the failing create exits 1
    for (String c : List.of("0 create", "0 start", "0 exec", "0 ps", "0 pause", "0 resume", "0 kill", "0 delete", "1 create")) {
      assertTrue(j.contains(c), c + " not in " + j);
    }
  }
}
