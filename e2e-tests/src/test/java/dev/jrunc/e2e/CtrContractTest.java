package dev.jrunc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What containerd's shim needs from the runtime beyond the runc CLI's happy path (runc-cli.md §2, §8,
 * §11), called exactly as the shim calls it (`--root R --log L --log-format json CMD`), for jrunc and
 * for runc, which must agree.
 */
@ExtendWith(CtrExtension.class)
class CtrContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<Rt> runtimes() {
    return Rt.runcAvailable() ? List.of(Rt.JRUNC, Rt.RUNC) : List.of(Rt.JRUNC);
  }

  /** `RT --root R --log L --log-format json args...` as go-runc builds it. */
  private static Cmd.Result shimCall(CtrEnv env, Rt rt, Path log, String... args) {
    String[] a = new String[args.length + 4];
    a[0] = "--log";
    a[1] = log.toString();
    a[2] = "--log-format";
    a[3] = "json";
    System.arraycopy(args, 0, a, 4, args.length);
    return env.runtime(rt, a);
  }

  /** Every line of the log is a JSON object with level, msg, time; returns the last error msg (or null). */
  private static String lastError(Path log) throws Exception {
    String last = null;
    for (String line : Files.readAllLines(log)) {
      JsonNode j = JSON.readTree(line);
      assertTrue(j.isObject() && j.has("level") && j.has("msg") && j.has("time"), log + ": not a log line: " + line);
      if (j.get("level").asText().equals("error")) last = j.get("msg").asText();
    }
    return last;
  }

  @Test
  void deleteForceOfMissingContainerExits0(CtrEnv env) throws Exception {
    for (Rt rt : runtimes()) {
      Files.createDirectories(env.stateRoot(rt));
      Path log = env.dir.resolve(rt.name() + "-delete-force.json");
      Cmd.Result r = shimCall(env, rt, log, "delete", "--force", "nope");
      assertEquals(0, r.exit(), rt.name() + ": " + r);
      if (Files.exists(log)) assertEquals(null, lastError(log), rt.name());
    }
  }

  @Test
  void missingContainerSaysDoesNotExist(CtrEnv env) throws Exception {
    // the shim ignores a delete error containing "does not exist"; kill maps it to NotFound
    for (Rt rt : runtimes()) {
      Files.createDirectories(env.stateRoot(rt));
      for (String[] call : List.of(new String[] {"delete", "nope"}, new String[] {"kill", "nope", "9"})) {
        Path log = env.dir.resolve(rt.name() + "-" + call[0] + ".json");
        Cmd.Result r = shimCall(env, rt, log, call);
        assertEquals(1, r.exit(), rt.name() + ": " + r);
        assertEquals("container does not exist", lastError(log), rt.name() + " " + call[0]);
        assertFalse(r.err().contains("\"level\""), rt.name() + ": stderr has the bare message: " + r);
      }
    }
  }

  @Test
  void usageErrorReachesTheLogFile(CtrEnv env) throws Exception {
    for (Rt rt : runtimes()) {
      Path log = env.dir.resolve(rt.name() + "-usage.json");
      Cmd.Result r = shimCall(env, rt, log, "create", "--bogus", "x");
      assertEquals(1, r.exit(), rt.name() + ": " + r);
      assertEquals("flag provided but not defined: -bogus", lastError(log), rt.name());
    }
  }

  @Test
  void logFileOfAWholeLifecycleIsOnlyJson(CtrEnv env) throws Exception {
    for (Rt rt : runtimes()) {
      String id = env.id("log-" + rt.name());
      assertEquals(0, env.run(rt, List.of("-d"), id, "sleep", "100").exit());
      Path log = env.bundle(id).resolve("log.json");
      assertEquals(0, env.ctrd.ctr("task", "kill", "-s", "SIGKILL", id).exit());
      assertTrue(env.awaitStatus(id, "STOPPED"), rt.name());
      // a failing call through the shim's own log file: kill of the dead container
      Cmd.Result k = shimCall(env, rt, log, "kill", id, "9");
      assertEquals(1, k.exit(), rt.name() + ": " + k);
      assertEquals("container not running", lastError(log), rt.name());
      assertEquals(0, env.ctrd.ctr("task", "delete", id).exit(), rt.name());
      assertEquals(0, env.ctrd.ctr("containers", "delete", id).exit(), rt.name());
    }
  }
}
