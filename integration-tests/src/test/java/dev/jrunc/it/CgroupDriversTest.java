package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The v2 and v1 cgroup drivers in real containers on this hybrid host: every runtime command runs in a
 * private mount namespace whose /sys/fs/cgroup looks like a pure v2 host (one cgroup2 mount) or a pure v1
 * host (no unified tree), see {@link Env#useCgroupView}. The host's own (hybrid) view is covered by
 * {@link ResourcesTest} and {@link CgroupTest}. Assertions read the real cgroup files from the host side.
 */
@ExtendWith(JruncExtension.class)
class CgroupDriversTest {
    private static final Path UNIFIED = Path.of("/sys/fs/cgroup/unified");
    private static final Path V1 = Path.of("/sys/fs/cgroup");

    private static String cg(Env env, String suffix) {
        String cg = "/" + Harness.cgroupParent() + "/" + env.tmp().getFileName() + "-" + suffix;
        env.trackCgroup(cg);
        return cg;
    }

    private static String read(Path p) {
        return Env.readFile(p).trim();
    }

    private static boolean frozen(Path v2dir) {
        return Env.readFile(v2dir.resolve("cgroup.events")).contains("frozen 1");
    }

    @Test
    void v2DriverJoinsFreezesFiltersDevicesAndRemovesTheCgroup(Env env) throws Exception {
        env.useCgroupView("v2");
        String cg = cg(env, "v2");
        Path out = env.hostDir("out");
        BundleConfig cfg = BundleConfig.busybox().cgroupsPath(cg).bind(out.toString(), "/out")
                .sh("head -c1 /dev/zero > /dev/null 2>/out/zero.err; echo $? > /out/zero.rc;"
                        + " head -c1 /dev/urandom > /dev/null; echo $? > /out/urandom.rc; exec sleep 1000");
        // /dev/zero as a device node with no allow rule: only the eBPF device program can deny it here.
        ObjectNode zero = ((ObjectNode) cfg.node().get("linux")).withArray("devices").addObject();
        zero.put("path", "/dev/zero").put("type", "c").put("major", 1).put("minor", 5).put("fileMode", 0666).put("uid", 0).put("gid", 0);
        String id = env.newId();
        env.startContainer(id, env.bundle(cfg));
        int pid = env.pid(id);

        Path dir = Path.of(UNIFIED + cg);
        assertTrue(read(dir.resolve("cgroup.procs")).lines().anyMatch(l -> l.equals(Integer.toString(pid))),
                "init joined the v2 cgroup " + dir);
        assertFalse(Files.exists(Path.of(V1 + "/memory" + cg)), "the v2 driver leaves the v1 hierarchies alone");
        assertEquals("0", Env.awaitLine(out.resolve("urandom.rc")).trim(), "allowed device opens");
        assertNotEquals("0", Env.readFile(out.resolve("zero.rc")).trim(), "the eBPF program denies /dev/zero");
        assertTrue(Env.readFile(out.resolve("zero.err")).contains("Operation not permitted"), Env.readFile(out.resolve("zero.err")));

        env.rt("pause", id).ok();
        assertEquals("paused", env.status(id));
        assertEquals("1", read(dir.resolve("cgroup.freeze")));
        Env.await("cgroup frozen", Duration.ofSeconds(5), () -> frozen(dir));
        env.rt("resume", id).ok();
        assertEquals("running", env.status(id));
        assertFalse(frozen(dir), "thawed");

        env.kill(id, "KILL").ok();
        Env.awaitDead(pid);
        env.delete(id).ok();
        assertFalse(Files.exists(dir), "delete removes the v2 cgroup");
    }

    @Test
    void v1DriverLimitsFreezesAndRemovesTheCgroupWithoutAUnifiedTree(Env env) throws Exception {
        env.useCgroupView("v1");
        String cg = cg(env, "v1");
        BundleConfig cfg = BundleConfig.of("sleep", "1000").sharedRootfs().cgroupsPath(cg)
                .resources("memory", JsonNodeFactory.instance.objectNode().put("limit", 64L << 20))
                .resources("pids", JsonNodeFactory.instance.objectNode().put("limit", 9));
        String id = env.newId();
        env.startContainer(id, env.bundle(cfg));
        int pid = env.pid(id);

        assertEquals(Long.toString(64L << 20), read(Path.of(V1 + "/memory" + cg + "/memory.limit_in_bytes")));
        assertEquals("9", read(Path.of(V1 + "/pids" + cg + "/pids.max")));
        assertTrue(read(Path.of(V1 + "/pids" + cg + "/cgroup.procs")).lines().anyMatch(l -> l.equals(Integer.toString(pid))));
        assertFalse(Files.exists(Path.of(UNIFIED + cg)), "no unified tree in this view, so no v2 cgroup");

        env.rt("pause", id).ok();
        assertEquals("paused", env.status(id));
        Env.await("freezer FROZEN", Duration.ofSeconds(5), () -> read(Path.of(V1 + "/freezer" + cg + "/freezer.state")).equals("FROZEN"));
        env.rt("resume", id).ok();
        assertEquals("THAWED", read(Path.of(V1 + "/freezer" + cg + "/freezer.state")));

        env.delete(id, "--force").ok();
        Env.awaitDead(pid);
        assertFalse(Files.exists(Path.of(V1 + "/memory" + cg)), "delete removes the v1 cgroups");
        assertFalse(Files.exists(Path.of(V1 + "/pids" + cg)));
    }
}
