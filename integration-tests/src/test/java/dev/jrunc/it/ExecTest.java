package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** exec, ps, pause/resume on a running container. */
@ExtendWith(JruncExtension.class)
class ExecTest {

    private static String running(Env env, BundleConfig cfg) {
        String id = env.newId();
        env.startContainer(id, env.bundle(cfg));
        return id;
    }

    @Test
    void execForegroundExitCodeAndOutput(Env env) throws Exception {
        String id = running(env, BundleConfig.of("sleep", "1000").hostname("exec-host"));
        Result r = env.execIn(id, List.of(), "sh", "-c", "hostname; echo $$; readlink /proc/self/ns/net; exit 7").exit(7);
        String[] l = r.out.split("\n");
        assertEquals("exec-host", l[0]);
        assertNotEquals("1", l[1], "not the init");
        int init = env.pid(id);
        assertEquals(Files.readSymbolicLink(Path.of("/proc/" + init + "/ns/net")).toString(), l[2], "joins the container's netns");
        // args after the id are the command's, not exec's flags
        assertEquals("-la\n", env.execIn(id, List.of(), "echo", "-la").ok().out);
    }

    @Test
    void execFlags(Env env) {
        String id = running(env, BundleConfig.of("sleep", "1000"));
        Result r = env.execIn(id, List.of("--env", "X=1", "--env", "Y=2", "--cwd", "/tmp", "--user", "1000:1000"),
                "sh", "-c", "echo $X$Y; pwd; id -u; id -g").ok();
        assertEquals("12\n/tmp\n1000\n1000\n", r.out);
    }

    @Test
    void execDetachedWritesPidFile(Env env) {
        String id = running(env, BundleConfig.of("sleep", "1000"));
        env.execIn(id, List.of("-d"), "sleep", "1000").ok().outEquals("");
        int pid = env.readPidFile(env.lastExecPidFile(id));
        assertTrue(Reaper.isAlive(pid));
        assertNotEquals(env.pid(id), pid);
        Result ps = env.rt("ps", "--format", "json", id).ok();
        assertTrue(ps.out.endsWith("]\n"), ps.out);
        JsonNode arr = ps.json();
        List<Integer> pids = new java.util.ArrayList<>();
        arr.forEach(n -> pids.add(n.asInt()));
        assertTrue(pids.contains(pid) && pids.contains(env.pid(id)), ps.out);
    }

    @Test
    void execProcessJson(Env env) throws Exception {
        String id = running(env, BundleConfig.of("sleep", "1000"));
        Path p = env.tmp().resolve("process.json");
        Files.writeString(p, "{\"terminal\":false,\"user\":{\"uid\":0,\"gid\":0},\"args\":[\"sh\",\"-c\",\"echo from-json $A\"],"
                + "\"env\":[\"PATH=/bin\",\"A=b\"],\"cwd\":\"/\"}");
        assertEquals("from-json b\n", env.execIn(id, List.of("--process", p.toString()), "ignored").ok().out);
    }

    @Test
    void execErrorsExit255(Env env) {
        String id = env.newId();
        int pid = env.startContainer(id, env.bundle(BundleConfig.of("true").sharedRootfs()));
        Env.awaitDead(pid);
        env.awaitStatus(id, "stopped");
        env.execIn(id, List.of(), "true").exit(255).errContains("cannot exec in a stopped container");
        String id2 = running(env, BundleConfig.of("sleep", "1000"));
        env.execIn(id2, List.of(), "/nonexistent").exit(255).errContains("no such file or directory");
        String missing = env.trackId("missing-" + env.tmp().getFileName());
        env.execIn(missing, List.of(), "true").failed().errContains("does not exist");
    }

    /** runc pauses a created container too; it reads "paused" (not "created") and resumes to created. */
    @Test
    void pauseAndResumeACreatedContainer(Env env) {
        String id = env.newId();
        env.createOk(id, env.bundle(BundleConfig.of("true").sharedRootfs()));
        env.rt("pause", id).ok();
        assertEquals("paused", env.status(id));
        env.start(id).exit(1).errContains("cannot start a container in the paused state");
        env.rt("resume", id).ok();
        assertEquals("created", env.status(id));
        env.start(id).ok();
        env.awaitStatus(id, "stopped");
    }

    @Test
    void pauseResume(Env env) throws Exception {
        Path out = env.hostDir("out");
        String id = running(env, BundleConfig.busybox().bind(out.toString(), "/out").sh("while true; do date +%s%N > /out/t; sleep 0.02; done"));
        Env.awaitLine(out.resolve("t"));
        env.rt("pause", id).ok();
        assertEquals("paused", env.status(id));
        int init = env.pid(id);
        String st = Reaper.procState(init);
        Thread.sleep(150);
        String a = Env.readFile(out.resolve("t"));
        Thread.sleep(200);
        assertEquals(a, Env.readFile(out.resolve("t")), "frozen: no progress (state " + st + ")");
        env.rt("pause", id).exit(1).errContains("container not running");
        env.delete(id).exit(1).errContains("that is not stopped: paused");
        env.rt("resume", id).ok();
        assertEquals("running", env.status(id));
        env.rt("resume", id).exit(1).errContains("container not paused");
        Env.await("progress after resume", java.time.Duration.ofSeconds(10), () -> !Env.readFile(out.resolve("t")).equals(a));
    }

    @Test
    void deleteForcePaused(Env env) {
        String id = running(env, BundleConfig.of("sleep", "1000").sharedRootfs());
        int pid = env.pid(id);
        env.rt("pause", id).ok();
        env.delete(id, "--force").ok();
        Env.awaitDead(pid);
        env.assertNoStateDir(id);
    }
}
