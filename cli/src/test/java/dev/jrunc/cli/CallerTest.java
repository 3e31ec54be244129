package dev.jrunc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.runtime.plan.PlanText;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-request caller: what a warm request sees instead of the server's own cwd, env and stdio. */
class CallerTest {
  private final Caller remote = new Caller(Path.of("/srv/bundles/b1"), Map.of("LISTEN_FDS", "2", "LISTEN_PID", "4242"), 4242, true);

  @Test
  void resolvesAgainstTheCallersCwdAndReadsItsEnvAndCgroup() {
    assertEquals(Path.of("/srv/bundles/b1/rel.pid"), remote.resolve("rel.pid"));
    assertEquals(Path.of("/srv/bundles/other"), remote.resolve("../other"));
    assertEquals(Path.of("/abs"), remote.resolve("/abs"));
    assertEquals("2", remote.getenv("LISTEN_FDS"));
    assertEquals(Path.of("/proc/4242/cgroup"), remote.cgroupFile());
    // LISTEN_PID names the front, so its fds count
    assertEquals(2, remote.run(CreateFlags::listenFds));
    assertEquals(0, new Caller(Path.of("/"), Map.of("LISTEN_FDS", "2", "LISTEN_PID", "1"), 4242, true).run(CreateFlags::listenFds));
  }

  @Test
  void currentIsTheRequestsCallerOnlyWhileItRuns() {
    assertSame(Caller.local(), Caller.current());
    assertSame(remote, remote.run(Caller::current));
    assertSame(Caller.local(), Caller.current());
    assertEquals(Path.of("").toAbsolutePath(), Caller.local().cwd());
  }

  @Test
  void stdioAndStreamsAreForColdPlannersOnly() {
    assertThrows(Caller.ColdOnly.class, remote::stdin);
    assertThrows(Caller.ColdOnly.class, remote::streamingStdout);
    assertEquals(Path.of("/proc/self/fd/3"), Caller.local().streamingStdout());
  }

  @Test
  void aWarmSpecWritesIntoTheCallersCwd() {
    String plan = PlanText.render(Main.plan(new String[] {"spec"}, remote, Main::newCommandLine));
    assertTrue(plan.contains("/srv/bundles/b1/config.json"), plan);
    assertThrows(Caller.ColdOnly.class, () -> Main.plan(new String[] {"update", "-r", "-", "x"}, remote, Main::newCommandLine));
  }
}
