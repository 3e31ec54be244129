package dev.jrunc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Client scenarios for commands other branches are adding (exec, ps, pause/resume, update, events,
 * features). Each is gated on `jrunc CMD --help` exiting 0, so it is skipped, not failed, until the
 * command lands; then it runs against jrunc and runc alike.
 */
@ExtendWith(CtrExtension.class)
class CtrPendingCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<Rt> runtimes() {
    return Rt.runcAvailable() ? List.of(Rt.JRUNC, Rt.RUNC) : List.of(Rt.JRUNC);
  }

  private static void requireCommand(String command) {
    assumeTrue(Rt.jruncHas(command), "jrunc has no `" + command + "` yet");
  }

  /** A detached `sleep 100` task for this runtime; returns its id. */
  private static String sleeper(CtrEnv env, Rt rt, String name) {
    String id = env.id(name + "-" + rt.name());
    Cmd.Result r = env.run(rt, List.of("-d"), id, "sleep", "100");
    assertEquals(0, r.exit(), rt.name() + ": " + r);
    return id;
  }

  private static String initPid(CtrEnv env, String id) throws Exception {
    return Files.readString(env.bundle(id).resolve("init.pid"));
  }

  @Test
  void exec(CtrEnv env) {
    requireCommand("exec");
    for (Rt rt : runtimes()) {
      String id = sleeper(env, rt, "exec");
      Cmd.Result r = env.ctrd.ctr("task", "exec", "--exec-id", "x1", "--cwd", "/tmp", id, "sh", "-c", "pwd; echo hi; exit 5");
      assertEquals(5, r.exit(), rt.name() + ": " + r);
      assertEquals("/tmp\nhi\n", r.out(), rt.name());
      r = env.ctrd.ctr("task", "exec", "--exec-id", "x2", "--user", "1000", id, "id", "-u");
      assertEquals(0, r.exit(), rt.name() + ": " + r);
      assertEquals("1000\n", r.out(), rt.name());
      r = env.ctrd.ctr("task", "exec", "--exec-id", "x3", id, "/nonexistent");
      assertTrue(r.exit() != 0 && r.err().contains("OCI runtime exec failed"), rt.name() + ": " + r);
    }
  }

  @Test
  void ps(CtrEnv env) throws Exception {
    requireCommand("ps");
    for (Rt rt : runtimes()) {
      String id = sleeper(env, rt, "ps");
      String pid = initPid(env, id);
      Cmd.Result r = env.ctrd.ctr("task", "ps", id);
      assertEquals(0, r.exit(), rt.name() + ": " + r);
      assertTrue(r.out().lines().anyMatch(l -> l.trim().split("\\s+")[0].equals(pid)), rt.name() + ": " + r);
    }
  }


  @Test
  void pauseResume(CtrEnv env) throws Exception {
    requireCommand("pause");
    requireCommand("resume");
    for (Rt rt : runtimes()) {
      String id = sleeper(env, rt, "pause");
      assertEquals(0, env.ctrd.ctr("task", "pause", id).exit(), rt.name());
      assertEquals("PAUSED", env.taskStatus(id), rt.name());
      Path freezer = Path.of("/sys/fs/cgroup/freezer", env.ctrd.namespace, id, "freezer.state");
      if (Files.exists(freezer)) assertEquals("FROZEN", Files.readString(freezer).trim(), rt.name());
      assertEquals(0, env.ctrd.ctr("task", "resume", id).exit(), rt.name());
      assertEquals("RUNNING", env.taskStatus(id), rt.name());
    }
  }

  @Test
  void update(CtrEnv env) throws Exception {
    // ctr 1.6 has no `task update`: call the runtime as the shim does (`update --resources - ID`)
    requireCommand("update");
    for (Rt rt : runtimes()) {
      String id = sleeper(env, rt, "update");
      Cmd.Result r = env.runtime(rt, "update", "--memory", "67108864", id);
      assertEquals(0, r.exit(), rt.name() + ": " + r);
      Path limit = Path.of("/sys/fs/cgroup/memory", env.ctrd.namespace, id, "memory.limit_in_bytes");
      assertEquals("67108864", Files.readString(limit).trim(), rt.name());
    }
  }

  @Test
  void eventsStats(CtrEnv env) throws Exception {
    requireCommand("events");
    for (Rt rt : runtimes()) {
      String id = sleeper(env, rt, "events");
      Cmd.Result r = env.runtime(rt, "events", "--stats", id);
      assertEquals(0, r.exit(), rt.name() + ": " + r);
      JsonNode j = JSON.readTree(r.out().lines().findFirst().orElseThrow());
      assertEquals("stats", j.path("type").asText(), rt.name());
      assertEquals(id, j.path("id").asText(), rt.name());
    }
  }

  @Test
  void features(CtrEnv env) throws Exception {
    // containerd 2.x and Docker 25+ call `<binary> features`
    requireCommand("features");
    Cmd.Result r = Cmd.run(Rt.JRUNC.binary(), "features");
    assertEquals(0, r.exit(), r.toString());
    JsonNode j = JSON.readTree(r.out());
    assertTrue(j.path("ociVersionMin").isTextual() && j.path("ociVersionMax").isTextual(), r.out());
    assertTrue(j.path("hooks").isArray() && j.path("mountOptions").isArray(), r.out());
  }
}
