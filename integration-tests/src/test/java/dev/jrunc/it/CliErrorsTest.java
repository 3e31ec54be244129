package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Error paths: exact messages, exit codes, and that failures leave nothing behind. */
@ExtendWith(JruncExtension.class)
class CliErrorsTest {

    private static void assertNothingLeft(Env env, String id) {
        env.assertListEmpty();
        env.assertNoStateDir(id);
        env.rt("state", id).exit(1).errContains("does not exist");
    }

    @Test
    void killStoppedSaysNotRunning(Env env) {
        String id = env.newId();
        int pid = env.startContainer(id, env.bundle(BundleConfig.of("true").sharedRootfs()));
        Env.awaitDead(pid);
        env.awaitStatus(id, "stopped");
        env.kill(id, "KILL").exit(1).errContains("container not running");
        env.kill(id, "15").exit(1).errContains("container not running");
    }

    @Test
    void missingContainer(Env env) {
        String id = env.trackId("nope-" + env.tmp().getFileName());
        env.kill(id, "KILL").exit(1).errContains("container does not exist");
        env.rt("state", id).exit(1).errContains("container does not exist");
        env.start(id).exit(1).errContains("container does not exist");
        env.delete(id).exit(1).errContains("container does not exist");
        env.delete(id, "--force").ok();
        env.rt("delete", "-f", id).ok();
        env.rt("delete", id, "--force").ok();
    }

    @Test
    void deleteRunningWithoutForceFails(Env env) {
        String id = env.newId();
        int pid = env.startContainer(id, env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs()));
        env.delete(id).exit(1).errContains("cannot delete container " + id + " that is not stopped: running");
        assertTrue(Reaper.isAlive(pid), "still running");
        assertEquals("running", env.status(id));
    }

    @Test
    void startTwiceAndStartStopped(Env env) {
        String id = env.newId();
        Path out = env.hostDir("out");
        env.createOk(id, env.bundle(BundleConfig.busybox().bind(out.toString(), "/out").sh("echo go > /out/x; exec sleep 1000")));
        env.start(id).ok();
        env.start(id).exit(1).errContains("cannot start an already running container");
        env.kill(id, "KILL").ok();
        env.awaitStatus(id, "stopped");
        env.start(id).exit(1).errContains("cannot start a container that has stopped");
    }

    @Test
    void duplicateId(Env env) {
        String id = env.newId();
        Path bundle = env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs());
        int pid = env.createOk(id, bundle);
        Path pf2 = env.tmp().resolve("dup.pid");
        env.rt("create", "--bundle", bundle.toString(), "--pid-file", pf2.toString(), id)
                .exit(1).errContains("container with given ID already exists");
        assertFalse(Files.exists(pf2), "no pid file for the failed create");
        assertEquals("created", env.status(id), "the first container is untouched");
        assertEquals(pid, env.state(id).path("pid").asInt());
        env.runDetached(id, bundle).exit(1).errContains("container with given ID already exists");
    }

    @Test
    void invalidIds(Env env) {
        Path bundle = env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs());
        for (String id : new String[] {"a/b", "..", ".", "a b", "a:b"}) {
            env.rt("create", "--bundle", bundle.toString(), "--pid-file", env.tmp().resolve("x.pid").toString(), id)
                    .exit(1).errContains("invalid container ID format");
        }
        env.assertListEmpty();
    }

    @Test
    void missingBundle(Env env) {
        String id = env.newId();
        Path missing = env.tmp().resolve("no-such-bundle");
        env.create(id, missing).exit(1).errContains("no such file or directory");
        assertNothingLeft(env, id);
    }

    @Test
    void missingConfig(Env env) throws Exception {
        String id = env.newId();
        Path bundle = env.bundle(BundleConfig.of("true"));
        Files.delete(bundle.resolve("config.json"));
        env.create(id, bundle).exit(1).errContains("config.json");
        assertNothingLeft(env, id);
    }

    @Test
    void missingRootfs(Env env) {
        String id = env.newId();
        Path bundle = env.bundle(BundleConfig.of("true").rootPath("no-such-rootfs"));
        env.create(id, bundle).failed().errContains("no such file or directory");
        assertEquals(1, env.create(env.newId(), bundle).exit);
        assertNothingLeft(env, id);
    }

    @Test
    void malformedConfig(Env env) throws Exception {
        String id = env.newId();
        Path bundle = env.bundle(BundleConfig.of("true"));
        Files.writeString(bundle.resolve("config.json"), "{\"ociVersion\": \"1.0.2\", \"process\": ");
        Result r = env.create(id, bundle).exit(1);
        assertFalse(r.err.isBlank(), "an error message");
        assertNothingLeft(env, id);
    }

    @Test
    void missingExecutable(Env env) {
        String id = env.newId();
        Path bundle = env.bundle(BundleConfig.of("/nonexistent").sharedRootfs());
        env.create(id, bundle).exit(1).errContains("/nonexistent").errContains("no such file or directory");
        assertNothingLeft(env, id);
        assertFalse(Files.exists(env.pidFile(id)), "no pid file");
    }

    @Test
    void relativeCwdRejected(Env env) {
        String id = env.newId();
        env.create(id, env.bundle(BundleConfig.of("true").cwd("relative").sharedRootfs()))
                .exit(1).errContainsAny("Cwd must be an absolute path", "process.cwd: must be an absolute path");
        assertNothingLeft(env, id);
    }

    @Test
    void emptyArgsRejected(Env env) {
        String id = env.newId();
        env.create(id, env.bundle(BundleConfig.busybox().args().sharedRootfs())).exit(1).errContainsAny("args must not be empty", "process.args: must not be empty");
        assertNothingLeft(env, id);
    }

    @Test
    void terminalWithoutConsoleSocket(Env env) {
        String id = env.newId();
        env.create(id, env.bundle(BundleConfig.of("true").terminal(true).sharedRootfs()))
                .exit(1).errContains("cannot allocate tty if").errContains("will detach without setting console socket");
        assertNothingLeft(env, id);
    }

    @Test
    void consoleSocketWithoutTerminal(Env env) {
        String id = env.newId();
        env.create(id, env.bundle(BundleConfig.of("true").sharedRootfs()), "--console-socket", env.tmp().resolve("s.sock").toString())
                .exit(1).errContains("cannot use console socket if").errContains("will not detach or allocate tty");
        assertNothingLeft(env, id);
    }

    @Test
    void pidFileInMissingDirTearsDown(Env env) {
        String id = env.newId();
        Path bundle = env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs());
        env.rt("create", "--bundle", bundle.toString(), "--pid-file", env.tmp().resolve("nodir/x.pid").toString(), id)
                .exit(1).errContains("no such file or directory");
        assertNothingLeft(env, id);
    }

    @Test
    void unknownCommandExits3(Env env) {
        env.raw(null, "frob").exit(3).errContains("No help topic for 'frob'");
    }

    @Test
    void commandHelpExits0(Env env) {
        for (String c : new String[] {"create", "start", "run", "state", "list", "kill", "delete", "spec"}) {
            env.raw(null, c, "--help").exit(0).outContains(c);
        }
    }

    @Test
    void unknownCommandWithHelpExits3(Env env) {
        // how callers (and our e2e tests) probe whether a command exists
        env.raw(null, "frob", "--help").exit(3).errContains("No help topic for 'frob'");
    }

    @Test
    void unknownFlagExits1(Env env) {
        env.rt("list", "--frob").exit(1).errContains("flag provided but not defined: -frob")
                .outContains("Incorrect Usage: flag provided but not defined: -frob");
        env.rt("list", "-fjson").exit(1).errContains("flag provided but not defined: -fjson");
    }

    @Test
    void argumentCountErrors(Env env) {
        // The error names the command and the count; "Incorrect Usage." and the help go to stdout.
        for (String[] argv : new String[][] {{"state"}, {"delete"}, {"start", "a", "b"}, {"create"}}) {
            Result r = env.rt(argv).exit(1).errContains("requires exactly 1 argument(s)").errContains(argv[0]);
            assertTrue(r.out.startsWith("Incorrect Usage."), r.describe());
        }
    }

    @Test
    void flagForms(Env env) {
        // -flag and --flag, --flag=value and --flag value, global flags before the command.
        env.raw(null, "-root", env.root().toString(), "list", "-format=json").ok().outEquals("null\n");
        env.raw(null, "--root=" + env.root(), "list", "--format", "json").ok().outEquals("null\n");
        env.raw(null, "--root", env.root().toString(), "list", "-q").ok().outEquals("");
    }

    @Test
    void invalidLogFormat(Env env) {
        env.raw(null, "--root", env.root().toString(), "--log-format", "xml", "list").exit(1).errContains("invalid log-format: xml");
    }

    @Test
    void logFileJsonOnError(Env env) throws Exception {
        String id = env.newId();
        Path log = env.tmp().resolve("log.json");
        env.startContainer(id, env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs()));
        Result r = env.raw(null, "--root", env.root().toString(), "--log", log.toString(), "--log-format", "json", "start", id).exit(1);
        assertEquals("cannot start an already running container\n", r.err, "stderr holds the bare message");
        List<String> lines = Files.readAllLines(log);
        assertFalse(lines.isEmpty(), "log file written");
        for (String line : lines) BundleConfig.MAPPER.readTree(line); // only JSON lines
        JsonNode last = BundleConfig.MAPPER.readTree(lines.get(lines.size() - 1));
        assertEquals("error", last.path("level").asText());
        assertEquals("cannot start an already running container", last.path("msg").asText());
        assertTrue(last.path("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)"), last.toString());
        List<String> keys = new ArrayList<>();
        last.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("level", "msg", "time"), keys);

        // Appended, never truncated.
        String missing = env.trackId("missing-" + env.tmp().getFileName());
        env.raw(null, "--root", env.root().toString(), "--log", log.toString(), "--log-format", "json", "kill", missing, "9")
                .exit(1).errContains("container does not exist");
        List<String> lines2 = Files.readAllLines(log);
        assertTrue(lines2.size() > lines.size(), "appended");
        JsonNode last2 = BundleConfig.MAPPER.readTree(lines2.get(lines2.size() - 1));
        assertEquals("error", last2.path("level").asText());
        assertEquals("container does not exist", last2.path("msg").asText());
    }

    @Test
    void logFileCreatedOnEarlyCreateFailure(Env env) throws Exception {
        String id = env.newId();
        Path log = env.tmp().resolve("log.json");
        Path missing = env.tmp().resolve("no-bundle");
        Result r = env.raw(null, "--root", env.root().toString(), "--log", log.toString(), "--log-format", "json",
                "create", "--bundle", missing.toString(), "--pid-file", env.pidFile(id).toString(), id).exit(1);
        List<String> lines = Files.readAllLines(log);
        assertFalse(lines.isEmpty());
        JsonNode last = BundleConfig.MAPPER.readTree(lines.get(lines.size() - 1));
        assertEquals("error", last.path("level").asText());
        assertTrue(last.path("msg").asText().contains("no such file or directory"), last.toString());
        assertTrue(r.err.contains(last.path("msg").asText()), "stderr has the same message: " + r.describe());
        assertFalse(r.err.contains("\"level\""), "stderr is not JSON when --log is set");
    }

    @Test
    void usageErrorLoggedToLogFileWithContainerdArgv(Env env) throws Exception {
        // containerd's global flags come in this order; a usage error must still reach the log file
        // (the shim reads only that: "unable to retrieve OCI runtime error" otherwise)
        Path log = env.tmp().resolve("log.json");
        Result r = env.raw(null, "--root", env.root().toString(), "--log", log.toString(), "--log-format", "json",
                "create", "--bogus", "x").exit(1);
        List<String> lines = Files.readAllLines(log);
        assertEquals(1, lines.size(), lines.toString());
        JsonNode last = BundleConfig.MAPPER.readTree(lines.get(0));
        assertEquals("error", last.path("level").asText());
        assertEquals("flag provided but not defined: -bogus", last.path("msg").asText());
        assertFalse(r.err.contains("\"level\""), "stderr is not JSON when --log is set: " + r.describe());
    }

    @Test
    @org.junit.jupiter.api.Tag("jrunc-only")
    void plannerThatCannotStartIsLoggedToLogFile(Env env) throws Exception {
        // a JVM that dies before planning (here: a heap too small to start) must still leave the error
        // line containerd reads, not "unable to retrieve OCI runtime error (open log.json...)"
        Path log = env.tmp().resolve("log.json");
        Result r = env.command(List.of(env.binary(), "--root", env.root().toString(), "--log", log.toString(),
                "--log-format", "json", "state", "x"), null, java.time.Duration.ofSeconds(60),
                // the cold planner's failure: a warm server (the suite's warm pass) would plan it fine
                java.util.Map.of("JRUNC_JAVA_OPTS", "-Xmx1k", PlannerServerFixture.SOCKET_ENV, ""));
        assertTrue(r.exit != 0, r.describe());
        List<String> lines = Files.readAllLines(log);
        assertEquals(1, lines.size(), lines.toString());
        JsonNode j = BundleConfig.MAPPER.readTree(lines.get(0));
        assertEquals("error", j.path("level").asText());
        assertTrue(j.path("msg").asText().startsWith("planner failed: exit status "), j.toString());
    }

    @Test
    void jsonLogToStderrWithoutLogFile(Env env) throws Exception {
        String id = env.trackId("missing-" + env.tmp().getFileName());
        Result r = env.raw(null, "--root", env.root().toString(), "--log-format", "json", "state", id).exit(1);
        String line = r.err.strip();
        JsonNode j = BundleConfig.MAPPER.readTree(line.substring(line.lastIndexOf('\n') + 1));
        assertEquals("error", j.path("level").asText());
        assertEquals("container does not exist", j.path("msg").asText());
    }
}
