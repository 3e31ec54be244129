package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** cgroups (hybrid host: v1 controllers under /sys/fs/cgroup/CTRL, v2 at /sys/fs/cgroup/unified) and teardown. */
@ExtendWith(JruncExtension.class)
class CgroupTest {

    static void assertNoCgroup(String cgroupsPath) {
        for (Path h : Harness.cgroupHierarchies()) {
            Path d = Path.of(h + cgroupsPath);
            assertFalse(Files.exists(d), "cgroup dir " + d + " should not exist");
        }
    }

    /** No process has its root (or cwd) at or under {@code dir}. */
    static void assertNoProcessRootedIn(Path dir) {
        List<String> found = new ArrayList<>();
        String prefix = dir.toString();
        try (var s = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                int pid = Integer.parseInt(name);
                if (!Reaper.isAlive(pid)) continue;
                for (String link : new String[] {"root", "cwd"}) {
                    try {
                        String t = Files.readSymbolicLink(p.resolve(link)).toString();
                        if (t.equals(prefix) || t.startsWith(prefix + "/")) found.add(pid + " " + link + " -> " + t);
                    } catch (IOException ignored) {
                        // gone or kernel thread
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertTrue(found.isEmpty(), "processes left in " + dir + ": " + found);
    }

    private static String cg(Env env, String suffix) {
        return "/" + Harness.cgroupParent() + "/" + env.tmp().getFileName() + "-" + suffix;
    }

    @Test
    void initIsInCgroupsPath(Env env) throws Exception {
        String cg = cg(env, "cg");
        String id = env.newId();
        int pid = env.startContainer(id, env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs().cgroupsPath(cg)));
        String procCg = Files.readString(Path.of("/proc/" + pid + "/cgroup"));
        boolean mem = false, pids = false;
        for (String line : procCg.split("\n")) {
            String[] f = line.split(":", 3);
            if (f[1].equals("memory")) mem = f[2].equals(cg);
            if (f[1].equals("pids")) pids = f[2].equals(cg);
        }
        assertTrue(mem, "memory controller path: " + procCg);
        assertTrue(pids, "pids controller path: " + procCg);
        for (String ctrl : new String[] {"memory", "pids", "cpu", "devices", "freezer"}) {
            Path procs = Path.of("/sys/fs/cgroup/" + ctrl + cg + "/cgroup.procs");
            assertTrue(Files.readString(procs).contains(pid + "\n"), ctrl + " cgroup.procs has the init");
        }
        // Also while only created.
        String cg2 = cg(env, "created");
        String id2 = env.newId();
        int pid2 = env.createOk(id2, env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs().cgroupsPath(cg2)));
        assertTrue(Files.readString(Path.of("/sys/fs/cgroup/pids" + cg2 + "/cgroup.procs")).contains(pid2 + "\n"));
    }

    @Test
    void resourceLimitsApplied(Env env) throws Exception {
        String cg = cg(env, "res");
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode mem = f.objectNode().put("limit", 64L * 1024 * 1024);
        ObjectNode pids = f.objectNode().put("limit", 42);
        ObjectNode cpu = f.objectNode().put("shares", 512);
        String id = env.newId();
        env.startContainer(id, env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs().cgroupsPath(cg)
                .resources("memory", mem).resources("pids", pids).resources("cpu", cpu)));
        assertEquals("67108864", Files.readString(Path.of("/sys/fs/cgroup/memory" + cg + "/memory.limit_in_bytes")).trim());
        assertEquals("42", Files.readString(Path.of("/sys/fs/cgroup/pids" + cg + "/pids.max")).trim());
        assertEquals("512", Files.readString(Path.of("/sys/fs/cgroup/cpu" + cg + "/cpu.shares")).trim());
    }

    @Test
    void killAllKillsEveryProcessInTheCgroup(Env env) throws Exception {
        Path out = env.hostDir("out");
        String cg = cg(env, "killall");
        String id = env.newId();
        int init = env.startContainer(id, env.bundle(BundleConfig.busybox().bind(out.toString(), "/out").cgroupsPath(cg)
                .withoutNamespace("pid")
                .sh("sleep 1000 & echo $! > /out/bg; trap '' TERM; exec sleep 1000")));
        int bg = Integer.parseInt(Env.awaitLine(out.resolve("bg")).trim());
        env.trackPid(bg);
        assertTrue(Files.readString(Path.of("/sys/fs/cgroup/pids" + cg + "/cgroup.procs")).contains(bg + "\n"));
        env.kill(id, "--all", "9").ok();
        Env.awaitDead(bg);
        Env.awaitDead(init);
        env.awaitStatus(id, "stopped");
        env.delete(id).ok();
        assertNoCgroup(cg);
    }

    @Test
    void killWithoutAllOnlySignalsInit(Env env) throws Exception {
        Path out = env.hostDir("out");
        String id = env.newId();
        int init = env.startContainer(id, env.bundle(BundleConfig.busybox().bind(out.toString(), "/out")
                .withoutNamespace("pid")
                .sh("sleep 1000 & echo $! > /out/bg; exec sleep 1000")));
        int bg = Integer.parseInt(Env.awaitLine(out.resolve("bg")).trim());
        env.trackPid(bg);
        env.kill(id, "KILL").ok();
        Env.awaitDead(init);
        assertTrue(Reaper.isAlive(bg), "without --all (and without a pid ns) only init is signalled");
        env.awaitStatus(id, "stopped");
        // delete of a stopped container without its own pid ns kills the leftovers and removes the cgroup.
        env.delete(id).ok();
        Env.awaitDead(bg);
    }

    @Test
    void failedMountLeavesNothingBehind(Env env) {
        String cg = cg(env, "badmount");
        String id = env.newId();
        Path bundle = env.bundle(BundleConfig.of("sleep", "1000").cgroupsPath(cg).mount("/bad", "nosuchfs", "none"));
        Result r = env.create(id, bundle).exit(1);
        r.errContains("/bad");
        assertFalse(Files.exists(env.pidFile(id)), "no pid file");
        env.assertListEmpty();
        env.assertNoStateDir(id);
        assertNoCgroup(cg);
        assertNoProcessRootedIn(bundle.resolve("rootfs"));
        assertTrue(Harness.mountsUnder(bundle).isEmpty(), "no mount leaked into the host");
    }

    @Test
    void failedRunLeavesNothingBehind(Env env) {
        String cg = cg(env, "badrun");
        String id = env.newId();
        Path bundle = env.bundle(BundleConfig.of("/no/such/binary").cgroupsPath(cg));
        env.runForeground(id, bundle).exit(1).errContains("no such file or directory");
        env.assertListEmpty();
        env.assertNoStateDir(id);
        assertNoCgroup(cg);
        assertNoProcessRootedIn(bundle.resolve("rootfs"));
    }
}
