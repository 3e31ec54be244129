package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rootless: jrunc run by an unprivileged user (nobody, uid 65534) with a bundle from `spec --rootless`:
 * a user namespace maps the caller to root, no cgroup is made (none is delegated to nobody).
 */
@Tag("jrunc-only")
@ExtendWith(JruncExtension.class)
class RootlessTest {
    static final int NOBODY = 65534;

    /** argv run as nobody with no supplementary groups. */
    static List<String> asNobody(String... argv) {
        List<String> a = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        a.addAll(Arrays.asList(argv));
        return a;
    }

    private static String nobodyBinary;

    /**
     * The binary as nobody can run it: the one under test, or (when nobody cannot reach it, e.g. a
     * checkout under a private home) a copy of its relocatable dist in this run's world-readable temp
     * dir, removed with it.
     */
    static synchronized String binary(Env env) {
        if (nobodyBinary != null) return nobodyBinary;
        if (env.command(asNobody(Env.binary(), "--version"), null, Env.CMD_TIMEOUT, null).exit == 0) return nobodyBinary = Env.binary();
        Path dist = Path.of(Env.binary()).getParent().getParent();
        Path copy = Harness.runDir().resolve("dist-for-nobody");
        env.command(List.of("cp", "-a", dist.toString(), copy.toString()), null, Env.CMD_TIMEOUT, null).ok();
        return nobodyBinary = copy.resolve("bin/jrunc").toString();
    }

    /** `jrunc --root ROOT ARGS` as nobody; ROOT is this test's, made nobody's. */
    static Result jrunc(Env env, Path cwd, String... args) {
        List<String> a = new ArrayList<>(List.of(binary(env), "--root", env.root().toString()));
        a.addAll(Arrays.asList(args));
        return env.command(asNobody(a.toArray(new String[0])), cwd, Env.CMD_TIMEOUT, null);
    }

    static void assumeUnprivilegedUserNamespaces(Env env) {
        Result r = env.command(asNobody("unshare", "--user", "--map-root-user", "true"), null, Env.CMD_TIMEOUT, null);
        Assumptions.assumeTrue(r.exit == 0, "unprivileged user namespaces are not allowed here: " + r.err);
        Result v = env.command(asNobody(binary(env), "--version"), null, Env.CMD_TIMEOUT, null);
        Assumptions.assumeTrue(v.exit == 0, "nobody cannot run " + binary(env) + ": " + v.err);
    }

    /** A nobody-writable dir under the test's temp dir. */
    static Path nobodyDir(Env env, String name) throws Exception {
        Path d = env.tmp().resolve(name);
        Files.createDirectories(d);
        Files.setAttribute(d, "unix:uid", NOBODY);
        Files.setAttribute(d, "unix:gid", NOBODY);
        return d;
    }

    /** A bundle whose config.json is `jrunc spec --rootless` written by nobody, then given this command. */
    static Path rootlessBundle(Env env, String... args) throws Exception {
        nobodyDir(env, "root");
        Path specDir = nobodyDir(env, "spec" + System.nanoTime());
        jrunc(env, specDir, "spec", "--rootless").ok();
        ObjectNode spec = (ObjectNode) BundleConfig.MAPPER.readTree(specDir.resolve("config.json").toFile());
        ObjectNode process = (ObjectNode) spec.get("process");
        process.put("terminal", false);
        process.set("args", BundleConfig.MAPPER.valueToTree(List.of(args)));
        ((ObjectNode) spec.get("root")).put("readonly", false);
        Path bundle = env.bundle(BundleConfig.busybox());
        Files.writeString(bundle.resolve("config.json"), BundleConfig.MAPPER.writeValueAsString(spec));
        return bundle;
    }

    @Test
    void runIsRootInsideWithTheCallerMapped(Env env) throws Exception {
        assumeUnprivilegedUserNamespaces(env);
        Path bundle = rootlessBundle(env, "sh", "-c", "id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map");
        String id = env.trackId("rl-run");
        Result r = jrunc(env, bundle, "run", id).ok();
        String[] l = r.out.split("\n");
        assertEquals("0", l[0]);
        assertEquals("0", l[1]);
        assertEquals(List.of("0", "65534", "1"), List.of(l[2].trim().split("\\s+")), r.out);
        assertEquals(List.of("0", "65534", "1"), List.of(l[3].trim().split("\\s+")), r.out);
        env.assertNoStateDir(id);
    }

    @Test
    void lifecycleWorksRootless(Env env) throws Exception {
        assumeUnprivilegedUserNamespaces(env);
        Path bundle = rootlessBundle(env, "sleep", "60");
        Path pids = nobodyDir(env, "pids");
        String id = env.trackId("rl-life");
        jrunc(env, bundle, "create", "--pid-file", pids.resolve("pid").toString(), id).ok();
        env.learnPid(pids.resolve("pid"));
        int pid = env.readPidFile(pids.resolve("pid"));
        assertEquals(String.valueOf(NOBODY), Files.readString(Path.of("/proc/" + pid + "/status")).lines()
                .filter(s -> s.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[1], "the container runs as nobody on the host");
        JsonNode state = jrunc(env, null, "state", id).ok().json();
        assertEquals("created", state.get("status").asText());
        JsonNode saved = BundleConfig.MAPPER.readTree(env.root().resolve(id).resolve("state.json").toFile());
        assertTrue(saved.path("rootless").asBoolean(), "the state records a rootless container");
        assertTrue(saved.has("cgroupPaths") && saved.get("cgroupPaths").isEmpty(), "no cgroup for nobody: " + saved);
        jrunc(env, null, "start", id).ok();
        assertEquals("running", jrunc(env, null, "state", id).ok().json().get("status").asText());
        assertEquals("0\n", jrunc(env, null, "exec", id, "id", "-u").ok().out, "exec joins the user namespace");
        assertTrue(jrunc(env, null, "ps", id).ok().out.contains(String.valueOf(pid)), "ps finds the init without a cgroup");
        jrunc(env, null, "pause", id).exit(1).errContains("cannot pause or resume a rootless container without cgroups");
        jrunc(env, null, "update", "--memory", "100M", id).exit(1).errContains("cannot update a rootless container without cgroups");
        jrunc(env, null, "kill", id, "KILL").ok();
        Env.awaitDead(pid);
        assertEquals("stopped", jrunc(env, null, "state", id).ok().json().get("status").asText());
        jrunc(env, null, "delete", id).ok();
        env.assertNoStateDir(id);
    }

    @Test
    void overlayWorksRootless(Env env) throws Exception {
        assumeUnprivilegedUserNamespaces(env);
        Path bundle = rootlessBundle(env, "sh", "-c", "echo new > /written && cat /written");
        String id = env.trackId("rl-overlay");
        assertEquals("new\n", jrunc(env, bundle, "--overlay", "run", id).ok().out);
        assertFalse(Files.exists(bundle.resolve("rootfs/written")));
        env.assertNoStateDir(id);
    }

    @Test
    void defaultRootIsUnderXdgRuntimeDir(Env env) throws Exception {
        assumeUnprivilegedUserNamespaces(env);
        Path bundle = rootlessBundle(env, "sleep", "60");
        Path xdg = nobodyDir(env, "xdg");
        String id = "rl-xdg";
        List<String> argv = asNobody(binary(env), "create", id);
        Result r = env.command(argv, bundle, Env.CMD_TIMEOUT, Map.of("XDG_RUNTIME_DIR", xdg.toString()));
        try {
            r.ok();
            assertTrue(Files.isDirectory(xdg.resolve("jrunc").resolve(id)), "state in $XDG_RUNTIME_DIR/jrunc");
        } finally {
            env.command(asNobody(binary(env), "delete", "--force", id), bundle, Env.CMD_TIMEOUT, Map.of("XDG_RUNTIME_DIR", xdg.toString()));
        }
        assertFalse(Files.exists(xdg.resolve("jrunc").resolve(id)));
    }

    @Test
    void specRootlessEqualsRuncs(Env env) throws Exception {
        Path runc = Path.of("/usr/sbin/runc");
        Assumptions.assumeTrue(Files.isExecutable(runc), "runc is not installed");
        assumeUnprivilegedUserNamespaces(env);
        Path ours = nobodyDir(env, "ours"), theirs = nobodyDir(env, "theirs");
        jrunc(env, ours, "spec", "--rootless").ok();
        env.command(asNobody(runc.toString(), "spec", "--rootless"), theirs, Env.CMD_TIMEOUT, null).ok();
        assertEquals(Files.readString(theirs.resolve("config.json")), Files.readString(ours.resolve("config.json")));
    }

    @Test
    void doWorksRootless(Env env) throws Exception {
        assumeUnprivilegedUserNamespaces(env);
        nobodyDir(env, "root");
        Path inside = Path.of("/tmp/jrunc-it-do-" + System.nanoTime());
        Result r = jrunc(env, null, "do", "--", "sh", "-c", "id -u; cat /proc/self/uid_map; echo x > " + inside + "; cat " + inside
                + "; test -x " + binary(env) + " && echo host-files; exit 3").exit(3);
        String[] l = r.out.split("\n");
        assertEquals("0", l[0]);
        assertEquals(List.of("0", "65534", "1"), List.of(l[1].trim().split("\\s+")), r.out);
        assertEquals("x", l[2], "writable /tmp");
        assertEquals("host-files", l[3]);
        assertFalse(Files.exists(inside), "the write stayed in the sandbox");
        try (var s = Files.list(env.root())) {
            assertEquals(0, s.count(), "nothing left in the state root");
        }
        assertTrue(Harness.mountsUnder(env.tmp()).isEmpty());
    }

    @Test
    void anUnwritableStateRootIsNamed(Env env) throws Exception {
        assumeUnprivilegedUserNamespaces(env);
        Path rootOwned = env.hostDir("root-owned");
        Files.setPosixFilePermissions(rootOwned, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path bundle = env.bundle(BundleConfig.busybox().args("true"));
        env.command(asNobody(binary(env), "--root", rootOwned.toString(), "run", "x"), bundle, Env.CMD_TIMEOUT, null)
                .exit(1).errContains("mkdir " + rootOwned.resolve("x") + ": permission denied");
    }

    @Test
    void specWithoutUserNamespaceGetsOneMappingTheCaller(Env env) throws Exception {
        assumeUnprivilegedUserNamespaces(env);
        nobodyDir(env, "root");
        // runc's root spec (no user namespace, gid=5 on devpts, linux.resources): runc refuses it rootless
        Path bundle = env.bundle(BundleConfig.busybox().sh("id -u; cat /proc/self/uid_map; ls /dev/pts/ptmx"));
        String id = env.trackId("rl-plain");
        Result r = jrunc(env, bundle, "run", id).ok();
        String[] l = r.out.split("\n");
        assertEquals("0", l[0]);
        assertEquals(List.of("0", "65534", "1"), List.of(l[1].trim().split("\\s+")), r.out);
        assertEquals("/dev/pts/ptmx", l[2]);
        env.assertNoStateDir(id);
    }
}
