package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** create / start / state / kill / delete / run / list: the happy paths and their exact outputs. */
@ExtendWith(JruncExtension.class)
class LifecycleTest {

    @Test
    void createStartKillDelete(Env env) throws Exception {
        Path out = env.hostDir("out");
        Path bundle = env.bundle(BundleConfig.busybox()
                .bind(out.toString(), "/out")
                .sh("echo started > /out/msg; exec sleep 1000"));
        String id = env.newId();

        Result c = env.create(id, bundle).ok();
        assertEquals("", c.out, "create prints nothing on stdout");
        int pid = env.pid(id); // asserts digits only, no trailing newline
        assertTrue(Reaper.isAlive(pid), "init should be alive after create");

        JsonNode st = env.state(id);
        assertEquals("created", st.path("status").asText());
        assertEquals(pid, st.path("pid").asInt());
        assertEquals(id, st.path("id").asText());
        assertEquals(bundle.toString(), st.path("bundle").asText());
        assertEquals(bundle.resolve("rootfs").toString(), st.path("rootfs").asText());
        assertFalse(Files.exists(out.resolve("msg")), "the user process must not run before start");
        assertTrue(Files.isDirectory(env.root().resolve(id)), "state dir exists");

        env.start(id).ok().outEquals("");
        Env.awaitFile(out.resolve("msg"), "started\n");
        JsonNode running = env.state(id);
        assertEquals("running", running.path("status").asText());
        assertEquals(pid, running.path("pid").asInt(), "start execs the user program in the init pid");

        env.kill(id, "KILL").ok();
        env.awaitStatus(id, "stopped");
        assertEquals(0, env.state(id).path("pid").asInt(), "a stopped container's pid is 0");

        env.delete(id).ok();
        env.assertNoStateDir(id);
        env.rt("state", id).exit(1).errContains("does not exist");
        env.assertListEmpty();
    }

    @Test
    void createdContainerStdoutIsTheCallersStdout(Env env) {
        Path bundle = env.bundle(BundleConfig.of("echo", "hello-from-container"));
        String id = env.newId();
        Result c = env.create(id, bundle).ok();
        env.start(id).ok();
        Env.await("container output in create's stdout", java.time.Duration.ofSeconds(15),
                () -> c.currentOut().contains("hello-from-container"));
        env.awaitStatus(id, "stopped");
        env.delete(id).ok();
    }

    @Test
    void stateJsonShape(Env env) {
        Path bundle = env.bundle(BundleConfig.of("sleep", "1000").annotation("org.example.k", "v1"));
        String id = env.newId();
        env.createOk(id, bundle);
        Result r = env.rt("state", id).ok();
        assertFalse(r.out.endsWith("\n"), "state output has no trailing newline");
        assertTrue(r.out.startsWith("{\n  \"ociVersion\""), "2-space indented JSON: " + r.out);
        List<String> keys = new ArrayList<>();
        r.json().fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("ociVersion", "id", "pid", "status", "bundle", "rootfs", "created", "annotations", "owner"), keys);
        JsonNode st = r.json();
        assertEquals("1.0.2-dev", st.path("ociVersion").asText(), "ociVersion comes from config.json");
        assertEquals("v1", st.path("annotations").path("org.example.k").asText());
        assertEquals("", st.path("owner").asText());
        assertTrue(st.path("created").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"), st.path("created").asText());

        // Without annotations the key is omitted.
        Path b2 = env.bundle(BundleConfig.of("sleep", "1000"));
        String id2 = env.newId();
        env.createOk(id2, b2);
        List<String> keys2 = new ArrayList<>();
        env.state(id2).fieldNames().forEachRemaining(keys2::add);
        assertEquals(List.of("ociVersion", "id", "pid", "status", "bundle", "rootfs", "created", "owner"), keys2);
    }

    @Test
    void runForegroundExitCode(Env env) {
        String id = env.newId();
        Result r = env.runForeground(id, env.bundle(BundleConfig.busybox().sh("echo out-line; echo err-line >&2; exit 7")));
        r.exit(7);
        assertEquals("out-line\n", r.out);
        assertEquals("err-line\n", r.err);
        env.rt("state", id).exit(1).errContains("does not exist");
        env.assertNoStateDir(id);
    }

    @Test
    void runForegroundKilledIs128PlusSignal(Env env) throws Exception {
        Path bundle = env.bundle(BundleConfig.of("sleep", "1000"));
        String id = env.newId();
        Thread killer = new Thread(() -> {
            try {
                Env.await("pid file", java.time.Duration.ofSeconds(20), () -> Files.exists(env.pidFile(id)));
                env.learnPid(env.pidFile(id));
                env.awaitStatus(id, "running");
                env.kill(id, "9");
            } catch (Throwable t) {
                // the assertion on run's exit code reports the failure
            }
        });
        killer.start();
        Result r = env.runForeground(id, bundle);
        killer.join();
        r.exit(137);
    }

    @Test
    void runDetached(Env env) {
        Path out = env.hostDir("out");
        Path bundle = env.bundle(BundleConfig.busybox().bind(out.toString(), "/out").sh("echo $$ > /out/pid; exec sleep 1000"));
        String id = env.newId();
        env.runDetached(id, bundle).ok().outEquals("");
        int pid = env.pid(id);
        assertEquals("running", env.status(id));
        assertEquals(pid, env.state(id).path("pid").asInt());
        assertEquals("1\n", Env.awaitLine(out.resolve("pid")));
        env.delete(id, "--force").ok();
        env.assertNoStateDir(id);
        Env.awaitDead(pid);
    }

    @Test
    void runKeepLeavesStoppedContainer(Env env) {
        String id = env.newId();
        env.runForeground(id, env.bundle(BundleConfig.busybox().sh("exit 3")), "--keep").exit(3);
        JsonNode st = env.state(id);
        assertEquals("stopped", st.path("status").asText());
        env.delete(id).ok();
        env.assertNoStateDir(id);
    }

    @Test
    void listFormats(Env env) {
        Result empty = env.rt("list").ok();
        assertEquals("ID          PID         STATUS      BUNDLE      CREATED     OWNER\n", empty.out);
        env.rt("list", "-q").ok().outEquals("");
        env.rt("list", "--format", "json").ok().outEquals("null\n");
        env.rt("list", "--format=json").ok().outEquals("null\n");
        env.rt("list", "-f", "json").ok().outEquals("null\n");

        Path bundle = env.bundle(BundleConfig.of("sleep", "1000").annotation("org.example.k", "v1"));
        String a = env.newId();
        String b = env.newId();
        int pidA = env.createOk(a, bundle);
        env.createOk(b, env.bundle(BundleConfig.of("sleep", "1000")));
        env.start(b).ok();

        Result q = env.rt("list", "-q").ok();
        List<String> ids = List.of(q.out.split("\n"));
        assertEquals(2, ids.size(), q.out);
        assertTrue(ids.containsAll(List.of(a, b)), q.out);
        assertTrue(q.out.endsWith("\n"));

        Result table = env.rt("list").ok();
        String[] lines = table.out.split("\n");
        assertTrue(lines[0].matches("ID\\s+PID\\s+STATUS\\s+BUNDLE\\s+CREATED\\s+OWNER"), lines[0]);
        assertEquals(3, lines.length, table.out);
        boolean foundA = false;
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals(a)) {
                foundA = true;
                assertEquals(String.valueOf(pidA), f[1]);
                assertEquals("created", f[2]);
                assertEquals(bundle.toString(), f[3]);
                assertEquals("root", f[5]);
            }
        }
        assertTrue(foundA, table.out);

        Result j = env.rt("list", "--format", "json").ok();
        assertTrue(j.out.endsWith("]\n") && !j.out.contains("\n  "), "compact JSON on one line: " + j.out);
        JsonNode arr = j.json();
        assertTrue(arr.isArray());
        assertEquals(2, arr.size());
        for (JsonNode n : arr) {
            List<String> keys = new ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            if (n.path("id").asText().equals(a)) {
                assertEquals(List.of("ociVersion", "id", "pid", "status", "bundle", "rootfs", "created", "annotations", "owner"), keys);
                assertEquals("created", n.path("status").asText());
                assertEquals(pidA, n.path("pid").asInt());
                assertEquals("v1", n.path("annotations").path("org.example.k").asText());
            } else {
                assertEquals(b, n.path("id").asText());
                assertEquals("running", n.path("status").asText());
                assertEquals(List.of("ociVersion", "id", "pid", "status", "bundle", "rootfs", "created", "owner"), keys);
            }
            assertEquals("root", n.path("owner").asText());
        }
        env.rt("list", "--format", "yaml").exit(1).errContains("invalid format option");
    }

    @Test
    void killBySignalNamesAndNumbers(Env env) {
        // A pid-1 shell with traps records which signals arrived.
        Path out = env.hostDir("out");
        Path bundle = env.bundle(BundleConfig.busybox().bind(out.toString(), "/out").sh(
                "trap 'echo HUP >> /out/sig' HUP; trap 'echo USR1 >> /out/sig' USR1; trap 'echo TERM >> /out/sig' TERM;"
                        + " echo ready > /out/ready; while true; do sleep 0.05; done"));
        String id = env.newId();
        env.startContainer(id, bundle);
        Env.awaitFile(out.resolve("ready"), "ready");
        env.kill(id, "HUP").ok();
        Env.awaitFile(out.resolve("sig"), "HUP\n");
        env.kill(id, "SIGUSR1").ok();
        Env.awaitFile(out.resolve("sig"), "USR1\n");
        env.kill(id, "usr1").ok();
        Env.await("second USR1", java.time.Duration.ofSeconds(10),
                () -> Env.readFile(out.resolve("sig")).split("USR1", -1).length == 3);
        env.kill(id, "15").ok();
        Env.awaitFile(out.resolve("sig"), "TERM\n");
        env.kill(id).ok(); // default SIGTERM
        Env.await("second TERM", java.time.Duration.ofSeconds(10),
                () -> Env.readFile(out.resolve("sig")).split("TERM", -1).length == 3);
        env.kill(id, "RTMIN").exit(1).errContains("unknown signal");
        assertEquals("running", env.status(id));
        env.kill(id, "sigkill").ok();
        env.awaitStatus(id, "stopped");
    }

    @Test
    void killNames(Env env) {
        for (String sig : new String[] {"KILL", "SIGKILL", "kill", "9"}) {
            String id = env.newId();
            env.startContainer(id, env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs()));
            env.kill(id, sig).ok();
            env.awaitStatus(id, "stopped");
            env.delete(id).ok();
        }
    }

    @Test
    void killAllKillsBackgroundProcesses(Env env) {
        Path out = env.hostDir("out");
        Path bundle = env.bundle(BundleConfig.busybox().bind(out.toString(), "/out")
                .withoutNamespace("pid") // host pid ns: only --all reaches the background process
                .sh("sleep 1000 & echo $! > /out/bg; exec sleep 1000"));
        String id = env.newId();
        int init = env.startContainer(id, bundle);
        int bg = Integer.parseInt(Env.awaitLine(out.resolve("bg")).trim());
        env.trackPid(bg);
        assertTrue(Reaper.isAlive(bg));
        env.kill(id, "--all", "KILL").ok();
        Env.awaitDead(init);
        Env.awaitDead(bg);
        env.awaitStatus(id, "stopped");
    }

    @Test
    void deleteCreatedWithoutForce(Env env) {
        String id = env.newId();
        int pid = env.createOk(id, env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs()));
        env.delete(id).ok();
        env.assertNoStateDir(id);
        Env.awaitDead(pid);
        env.assertListEmpty();
    }

    @Test
    void deleteForceRunning(Env env) {
        String id = env.newId();
        int pid = env.startContainer(id, env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs()));
        env.delete(id, "--force").ok();
        env.assertNoStateDir(id);
        Env.awaitDead(pid);
        // Flags may follow the id.
        String id2 = env.newId();
        int pid2 = env.startContainer(id2, env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs()));
        env.rt("delete", id2, "-f").ok();
        Env.awaitDead(pid2);
        env.assertListEmpty();
    }

    @Test
    void deleteRemovesCgroup(Env env) {
        String cg = "/" + Harness.cgroupParent() + "/" + env.tmp().getFileName() + "-cg";
        String id = env.newId();
        int pid = env.startContainer(id, env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs().cgroupsPath(cg)));
        assertTrue(Files.isDirectory(Path.of("/sys/fs/cgroup/pids" + cg)), "cgroup made");
        env.kill(id, "KILL").ok();
        Env.awaitDead(pid);
        env.awaitStatus(id, "stopped");
        env.delete(id).ok();
        for (Iterator<Path> it = Harness.cgroupHierarchies().iterator(); it.hasNext(); ) {
            Path h = it.next();
            assertFalse(Files.exists(Path.of(h + cg)), "cgroup " + h + cg + " removed by delete");
        }
    }

    @Test
    void pidFileRelativeToCallersCwd(Env env) throws Exception {
        Path cwd = env.hostDir("cwd");
        Path bundle = env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs());
        String id = env.newId();
        env.rtIn(cwd, "create", "--bundle", bundle.toString(), "--pid-file", "rel.pid", id).ok();
        Path pf = cwd.resolve("rel.pid");
        int pid = env.readPidFile(pf);
        assertEquals(pid, env.state(id).path("pid").asInt());
        assertFalse(Files.exists(bundle.resolve("rel.pid")), "not relative to the bundle");
        // run -d too
        String id2 = env.newId();
        env.rtIn(cwd, "run", "-d", "--bundle", bundle.toString(), "--pid-file", "rel2.pid", id2).ok();
        assertEquals(env.readPidFile(cwd.resolve("rel2.pid")), env.state(id2).path("pid").asInt());
    }

    @Test
    void bundleDefaultsToCwd(Env env) {
        Path bundle = env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs());
        String id = env.newId();
        env.rtIn(bundle, "create", "--pid-file", env.pidFile(id).toString(), id).ok();
        env.learnPid(env.pidFile(id));
        assertEquals(bundle.toString(), env.state(id).path("bundle").asText());
    }

    @Test
    void specWritesTabIndentedConfigAndRefusesExisting(Env env) throws Exception {
        Path dir = env.hostDir("spec");
        env.raw(dir, "spec").ok().outEquals("");
        String s = Files.readString(dir.resolve("config.json"));
        assertTrue(s.startsWith("{\n\t\"ociVersion\": "), "tab-indented: " + s.substring(0, Math.min(40, s.length())));
        assertFalse(s.endsWith("\n"), "no trailing newline");
        JsonNode c = BundleConfig.MAPPER.readTree(s);
        assertTrue(c.path("process").path("terminal").asBoolean());
        assertEquals("sh", c.path("process").path("args").path(0).asText());
        assertEquals("rootfs", c.path("root").path("path").asText());
        assertTrue(c.path("root").path("readonly").asBoolean());
        assertEquals("runc", c.path("hostname").asText());
        List<String> ns = new ArrayList<>();
        c.path("linux").path("namespaces").forEach(n -> ns.add(n.path("type").asText()));
        assertEquals(List.of("pid", "network", "ipc", "uts", "mount"), ns);
        List<String> mounts = new ArrayList<>();
        c.path("mounts").forEach(m -> mounts.add(m.path("destination").asText()));
        assertEquals(List.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup"), mounts);

        env.raw(dir, "spec").exit(1).errContains("File config.json exists. Remove it first");
        // --bundle
        Path other = env.hostDir("spec2");
        env.raw(null, "spec", "--bundle", other.toString()).ok();
        assertTrue(Files.exists(other.resolve("config.json")));
    }

    @Test
    void specFromSpecRuns(Env env) throws Exception {
        // The runtime's own spec output, made non-interactive, runs the busybox rootfs.
        Path dir = env.hostDir("specbundle");
        env.raw(dir, "spec").ok();
        JsonNode c = BundleConfig.MAPPER.readTree(Files.readString(dir.resolve("config.json")));
        ((com.fasterxml.jackson.databind.node.ObjectNode) c.path("process")).put("terminal", false);
        ((com.fasterxml.jackson.databind.node.ObjectNode) c.path("process")).putArray("args").add("sh").add("-c").add("echo spec-ok");
        String cg = "/" + Harness.cgroupParent() + "/" + env.tmp().getFileName() + "-spec";
        ((com.fasterxml.jackson.databind.node.ObjectNode) c.path("linux")).put("cgroupsPath", cg);
        env.trackCgroup(cg);
        Files.writeString(dir.resolve("config.json"), BundleConfig.MAPPER.writeValueAsString(c));
        env.copyRootfs(dir.resolve("rootfs"));
        String id = env.newId();
        Result r = env.runForeground(id, dir).ok();
        assertEquals("spec-ok\n", r.out);
    }

    @Test
    void version(Env env) {
        Result r = env.raw(null, "--version").ok();
        String first = r.out.split("\n")[0];
        assertTrue(first.startsWith("runc version ") || first.startsWith("jrunc version "), first);
        assertTrue(first.startsWith(Env.binaryName() + " version "), "first line starts with the binary's name: " + first);
        assertTrue(r.out.contains("\nspec: "), r.out);
        env.raw(null, "-v").ok().outContains(" version ");
    }
}
