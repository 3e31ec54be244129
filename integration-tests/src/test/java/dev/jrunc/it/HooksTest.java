package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** OCI hooks: when and where each kind runs, what it gets on stdin, and what failures do. */
@ExtendWith(JruncExtension.class)
class HooksTest {
    private static final String[] PATH_ENV = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};

    /** A runtime-namespace hook that saves its stdin (the state JSON) to DIR/KIND.json. */
    private static BundleConfig saveState(BundleConfig cfg, String kind, Path dir) {
        return cfg.shellHook(kind, "cat > " + dir.resolve(kind + ".json"));
    }

    private static JsonNode readState(Path f) throws Exception {
        String s = Env.awaitFile(f, "}");
        assertFalse(s.endsWith("\n"), "hook state has no trailing newline: " + s);
        assertFalse(s.contains("\n"), "hook state is compact: " + s);
        return BundleConfig.MAPPER.readTree(s);
    }

    private static List<String> keys(JsonNode n) {
        List<String> k = new ArrayList<>();
        n.fieldNames().forEachRemaining(k::add);
        return k;
    }

    @Test
    void runtimeHooksGetStateOnStdin(Env env) throws Exception {
        Path h = env.hostDir("hooks");
        BundleConfig cfg = BundleConfig.of("sleep", "1000").annotation("org.example.k", "v1");
        for (String kind : new String[] {"prestart", "createRuntime", "poststart", "poststop"}) saveState(cfg, kind, h);
        String id = env.newId();
        Path bundle = env.bundle(cfg);
        int pid = env.createOk(id, bundle);

        for (String kind : new String[] {"prestart", "createRuntime"}) {
            JsonNode st = readState(h.resolve(kind + ".json"));
            assertEquals("creating", st.path("status").asText(), kind);
            assertEquals(pid, st.path("pid").asInt(), kind + " gets the host pid of init");
            assertEquals(id, st.path("id").asText());
            assertEquals(bundle.toString(), st.path("bundle").asText());
            assertEquals("v1", st.path("annotations").path("org.example.k").asText());
            assertEquals(List.of("ociVersion", "id", "status", "pid", "bundle", "annotations"), keys(st), kind);
        }
        assertFalse(Files.exists(h.resolve("poststop.json")), "poststop not run before delete");

        env.start(id).ok();
        // runc 1.1.5 runs poststart at the end of create (status "created"); the spec says after start. Either way it
        // has run once start returned, with the host pid.
        JsonNode post = readState(h.resolve("poststart.json"));
        assertTrue(List.of("created", "running").contains(post.path("status").asText()), post.toString());
        assertEquals(pid, post.path("pid").asInt());

        env.kill(id, "KILL").ok();
        env.awaitStatus(id, "stopped");
        env.delete(id).ok();
        JsonNode stop = readState(h.resolve("poststop.json"));
        assertEquals("stopped", stop.path("status").asText());
        assertEquals(id, stop.path("id").asText());
        assertFalse(stop.has("pid"), "no pid once stopped: " + stop);
        assertEquals(bundle.toString(), stop.path("bundle").asText());
    }

    @Test
    void hooksOrderAndCwd(Env env) throws Exception {
        Path h = env.hostDir("hooks");
        Path log = h.resolve("order");
        BundleConfig cfg = BundleConfig.of("true");
        for (String kind : new String[] {"poststop", "poststart", "createRuntime", "prestart"}) {
            cfg.shellHook(kind, "echo " + kind + " $(pwd) >> " + log);
        }
        String id = env.newId();
        Path bundle = env.bundle(cfg);
        env.runForeground(id, bundle).ok();
        String b = bundle.toString();
        String content = Env.readFile(log);
        String[] lines = content.split("\n");
        assertEquals(4, lines.length, content);
        assertEquals("prestart " + b, lines[0]);
        assertEquals("createRuntime " + b, lines[1]);
        assertTrue(lines[2].startsWith("poststart "), content);
        assertTrue(lines[3].startsWith("poststop "), content);
    }

    @Test
    void hookEnvAndArgvAreExact(Env env) throws Exception {
        Path h = env.hostDir("hooks");
        BundleConfig cfg = BundleConfig.of("true").hook("prestart", "/bin/sh",
                new String[] {"custom-argv0", "-c", "head -c 12 /proc/$$/cmdline > " + h.resolve("argv") + "; echo \" $0\" >> " + h.resolve("argv") + "; tr '\\0' '\\n' < /proc/$$/environ > " + h.resolve("environ"), "arg1"},
                new String[] {"ONLY=this", "PATH=/usr/bin:/bin"}, null);
        String id = env.newId();
        env.runForeground(id, env.bundle(cfg)).ok();
        assertEquals("custom-argv0 arg1\n", Env.readFile(h.resolve("argv")), "path and argv[0] are separate");
        assertEquals("ONLY=this\nPATH=/usr/bin:/bin\n", Env.readFile(h.resolve("environ")), "env is exactly hook.env");
    }

    @Test
    void containerHooksRunInsideTheContainer(Env env) throws Exception {
        Path out = env.hostDir("out");
        BundleConfig cfg = BundleConfig.busybox().bind(out.toString(), "/out").tmpfs("/scratch").sh("exec sleep 1000")
                // createContainer: container mount ns, before pivot_root: cwd is the rootfs, /out is mounted below it.
                .hook("createContainer", "/bin/sh", new String[] {"sh", "-c",
                        "d=$(pwd); cat > $d/out/createContainer.json; echo $d > $d/out/createContainer.cwd;"
                                + " readlink /proc/self/ns/mnt > $d/out/createContainer.mntns;"
                                + " grep -c \" $d/scratch \" /proc/self/mounts > $d/out/createContainer.scratch"}, PATH_ENV, null)
                // startContainer: in the container after pivot_root, before the user program.
                .hook("startContainer", "/bin/sh", new String[] {"sh", "-c",
                        "cat > /out/startContainer.json; readlink /proc/self/ns/mnt > /out/startContainer.mntns;"
                                + " pwd > /out/startContainer.cwd; ls /bin/busybox > /out/startContainer.root;"
                                + " test -e /out/createContainer.json && echo after-cc > /out/startContainer.order"}, PATH_ENV, null);
        String id = env.newId();
        Path bundle = env.bundle(cfg);
        int pid = env.createOk(id, bundle);
        String mntns = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/mnt")).toString();

        JsonNode cc = readState(out.resolve("createContainer.json"));
        assertEquals("creating", cc.path("status").asText());
        assertEquals(id, cc.path("id").asText());
        assertEquals(bundle.resolve("rootfs").toString() + "\n", Env.readFile(out.resolve("createContainer.cwd")), "cwd is the rootfs");
        assertEquals(mntns + "\n", Env.readFile(out.resolve("createContainer.mntns")), "in the container's mount ns");
        assertEquals("1\n", Env.readFile(out.resolve("createContainer.scratch")), "sees the container's mounts under the rootfs");
        assertFalse(Files.exists(out.resolve("startContainer.json")), "startContainer runs only on start");

        env.start(id).ok();
        JsonNode sc = readState(out.resolve("startContainer.json"));
        assertEquals("created", sc.path("status").asText());
        assertEquals(id, sc.path("id").asText());
        assertEquals(mntns + "\n", Env.awaitLine(out.resolve("startContainer.mntns")));
        assertEquals("/bin/busybox\n", Env.awaitLine(out.resolve("startContainer.root")), "sees the container's root");
        assertEquals("/\n", Env.awaitLine(out.resolve("startContainer.cwd")));
        assertEquals("after-cc\n", Env.awaitLine(out.resolve("startContainer.order")));
    }

    @Test
    void failingPrestartHookFailsCreateAndLeavesNothing(Env env) {
        String id = env.newId();
        String cg = "/" + Harness.cgroupParent() + "/" + env.tmp().getFileName() + "-hookfail";
        Path h = env.hostDir("hooks");
        BundleConfig cfg = BundleConfig.of("sleep", "1000").cgroupsPath(cg)
                .shellHook("prestart", "echo hook-out; echo hook-err >&2; exit 3")
                .shellHook("poststop", "touch " + h.resolve("poststop-ran"));
        Path bundle = env.bundle(cfg);
        Result r = env.create(id, bundle).exit(1);
        r.errContains("error running hook").errContains("exit status 3");
        assertFalse(Files.exists(env.pidFile(id)), "no pid file");
        env.assertListEmpty();
        env.assertNoStateDir(id);
        CgroupTest.assertNoCgroup(cg);
        CgroupTest.assertNoProcessRootedIn(bundle.resolve("rootfs"));
    }

    @Test
    void failingCreateRuntimeHookFailsCreate(Env env) {
        String id = env.newId();
        Path bundle = env.bundle(BundleConfig.of("sleep", "1000").shellHook("createRuntime", "exit 5"));
        env.create(id, bundle).exit(1).errContains("exit status 5");
        env.assertListEmpty();
        env.assertNoStateDir(id);
        CgroupTest.assertNoProcessRootedIn(bundle.resolve("rootfs"));
    }

    @Test
    void hookTimeout(Env env) {
        String id = env.newId();
        Path bundle = env.bundle(BundleConfig.of("sleep", "1000")
                .hook("prestart", "/bin/sh", new String[] {"sh", "-c", "exec sleep 20"}, PATH_ENV, 1));
        long t0 = System.nanoTime();
        env.create(id, bundle).exit(1).errContains("hook ran past specified timeout of 1");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 10_000, "the hook was killed at its timeout, took " + ms + " ms");
        env.assertListEmpty();
        env.assertNoStateDir(id);
        CgroupTest.assertNoProcessRootedIn(bundle.resolve("rootfs"));
    }

    @Test
    void poststopRunsOnDeleteForce(Env env) throws Exception {
        Path h = env.hostDir("hooks");
        String id = env.newId();
        env.startContainer(id, env.bundle(saveState(BundleConfig.of("sleep", "1000"), "poststop", h)));
        env.delete(id, "--force").ok();
        assertEquals("stopped", readState(h.resolve("poststop.json")).path("status").asText());
    }

    @Test
    void hookStdoutDoesNotReachCaller(Env env) {
        // Hook output is captured by the runtime, not mixed into the container's stdio.
        String id = env.newId();
        Result r = env.runForeground(id, env.bundle(BundleConfig.busybox().sh("echo container-out")
                .shellHook("prestart", "echo prestart-out; echo prestart-err >&2")
                .shellHook("poststop", "echo poststop-out"))).ok();
        assertEquals("container-out\n", r.out);
        assertFalse(r.err.contains("prestart-err"), r.describe());
    }

    @Test
    void startContainerHookSeesWaitingForStart(Env env) {
        Path out = env.hostDir("out");
        String id = env.newId();
        env.createOk(id, env.bundle(BundleConfig.busybox().bind(out.toString(), "/out").sh("echo user > /out/user")
                .hook("startContainer", "/bin/sh", new String[] {"sh", "-c", "test -e /out/user && echo late > /out/sc || echo before-user > /out/sc"}, PATH_ENV, null)));
        env.start(id).ok();
        assertEquals("before-user\n", Env.awaitLine(out.resolve("sc")));
        Env.awaitLine(out.resolve("user"));
        Env.await("stopped", Duration.ofSeconds(10), () -> "stopped".equals(env.status(id)));
    }
}
