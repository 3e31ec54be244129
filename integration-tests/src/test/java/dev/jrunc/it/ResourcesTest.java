package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Resource limits in real containers on this (hybrid) host: the kernel enforces them (OOM kill, fork
 * failure, CFS throttling, device EPERM), `update` changes them live, and `events` reports them.
 */
@ExtendWith(JruncExtension.class)
class ResourcesTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final long MB = 1024 * 1024;

    private static String cg(Env env, String suffix) {
        return "/" + Harness.cgroupParent() + "/" + env.tmp().getFileName() + "-" + suffix;
    }

    private static String file(String ctrl, String cg, String name) throws Exception {
        return Files.readString(Path.of("/sys/fs/cgroup/" + ctrl + cg + "/" + name)).trim();
    }

    private static long keyed(String text, String key) {
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && f[0].equals(key)) return Long.parseLong(f[1]);
        }
        throw new AssertionError(key + " not in " + text);
    }

    /** `events` in the background, its stdout in a file; only this process is destroyed afterwards. */
    private static Process events(Env env, Path out, String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(Env.binary(), "--root", env.root().toString(), "events"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(new File("/dev/null"))
                .redirectOutput(out.toFile()).redirectError(out.resolveSibling(out.getFileName() + ".err").toFile());
        pb.environment().put(PlannerServerFixture.SOCKET_ENV, Harness.plannerSocketEnv());
        return pb.start();
    }

    @Test
    void memoryLimitOomKillsAndEventsReportsIt(Env env) throws Exception {
        Path out = env.hostDir("out");
        String cg = cg(env, "oom");
        String id = env.newId();
        ObjectNode mem = F.objectNode().put("limit", 32 * MB).put("swap", 32 * MB);
        env.startContainer(id, env.bundle(BundleConfig.busybox().bind(out.toString(), "/out").cgroupsPath(cg)
                .resources("memory", mem)
                // The pipeline runs at oom_score_adj 1000: a second OOM kill (the kernel may need one while the
                // first victim's memory is reclaimed) then takes one of its processes, never the init that reports.
                .sh("while [ ! -e /out/go ]; do sleep 0.1; done;"
                        + " (echo 1000 > /proc/self/oom_score_adj; head -c 200m /dev/zero | tail > /dev/null); echo $? > /out/rc; exec sleep 1000")));
        assertEquals(String.valueOf(32 * MB), file("memory", cg, "memory.limit_in_bytes"));
        Path evOut = env.tmp().resolve("events.out");
        Process ev = events(env, evOut, "--interval", "1s", id);
        try {
            Env.awaitFile(evOut, "\"type\":\"stats\"");
            Files.writeString(out.resolve("go"), "");
            String rc = Env.awaitLine(out.resolve("rc")).trim();
            assertNotEquals("0", rc, "the allocating pipeline was killed");
            assertTrue(keyed(file("memory", cg, "memory.oom_control"), "oom_kill") >= 1, "an OOM kill in the container's cgroup");
            Env.awaitFile(evOut, "{\"type\":\"oom\",\"id\":\"" + id + "\"}\n");
        } finally {
            ev.destroy();
            ev.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void pidsLimitStopsAForkBomb(Env env) throws Exception {
        Path out = env.hostDir("out");
        String cg = cg(env, "pids");
        String id = env.newId();
        env.startContainer(id, env.bundle(BundleConfig.busybox().bind(out.toString(), "/out").cgroupsPath(cg)
                .resources("pids", F.objectNode().put("limit", 10))
                .sh("sh -c 'i=0; while [ $i -lt 40 ]; do sleep 1000 & i=$((i+1)); done' 2>/out/err; echo done > /out/done; exec sleep 1000")));
        Env.awaitLine(out.resolve("done"));
        assertEquals("10", file("pids", cg, "pids.max"));
        assertTrue(Long.parseLong(file("pids", cg, "pids.current")) <= 10, "pids.current " + file("pids", cg, "pids.current"));
        assertTrue(keyed(file("pids", cg, "pids.events"), "max") > 0, "forks were refused");
        assertTrue(Files.readString(out.resolve("err")).contains("fork"), "the shell saw a fork failure");
    }

    @Test
    void cpuQuotaThrottles(Env env) throws Exception {
        String cg = cg(env, "cpu");
        String id = env.newId();
        env.startContainer(id, env.bundle(BundleConfig.busybox().cgroupsPath(cg)
                .resources("cpu", F.objectNode().put("quota", 10000).put("period", 100000))
                .sh("while :; do :; done")));
        assertEquals("10000", file("cpu", cg, "cpu.cfs_quota_us"));
        assertEquals("100000", file("cpu", cg, "cpu.cfs_period_us"));
        Env.await("nr_throttled to grow", Duration.ofSeconds(10), () -> {
            try {
                return keyed(file("cpu", cg, "cpu.stat"), "nr_throttled") > 2;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void updateChangesLiveLimits(Env env) throws Exception {
        String cg = cg(env, "upd");
        String id = env.newId();
        env.startContainer(id, env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs().cgroupsPath(cg)
                .resources("memory", F.objectNode().put("limit", 64 * MB).put("swap", 64 * MB))
                .resources("pids", F.objectNode().put("limit", 20))
                .resources("cpu", F.objectNode().put("shares", 512))));
        env.rt("update", "--memory", "128m", "--memory-swap", "256m", "--pids-limit", "50", "--cpu-share", "256",
                "--cpu-quota", "20000", id).ok();
        assertEquals(String.valueOf(128 * MB), file("memory", cg, "memory.limit_in_bytes"));
        assertEquals(String.valueOf(256 * MB), file("memory", cg, "memory.memsw.limit_in_bytes"));
        assertEquals("50", file("pids", cg, "pids.max"));
        assertEquals("256", file("cpu", cg, "cpu.shares"));
        assertEquals("20000", file("cpu", cg, "cpu.cfs_quota_us"));

        // A period alone keeps the quota; zeros leave limits unchanged; lowering goes limit-first.
        env.rt("update", "--cpu-period", "50000", id).ok();
        assertEquals("50000", file("cpu", cg, "cpu.cfs_period_us"));
        assertEquals("20000", file("cpu", cg, "cpu.cfs_quota_us"));

        // --resources - reads LinuxResources JSON from stdin, as containerd sends it.
        Path json = env.tmp().resolve("res.json");
        Files.writeString(json, "{\"memory\":{\"limit\":" + 48 * MB + ",\"reservation\":0,\"swap\":" + 96 * MB
                + ",\"kernel\":0},\"cpu\":{\"shares\":0,\"quota\":0,\"period\":0},\"pids\":{\"limit\":0},\"blockIO\":{\"weight\":0}}");
        env.command(List.of("sh", "-c", "exec \"$0\" --root \"$1\" update -r - \"$2\" < \"$3\"", Env.binary(), env.root().toString(), id,
                json.toString()), null, Env.CMD_TIMEOUT, null).ok();
        assertEquals(String.valueOf(48 * MB), file("memory", cg, "memory.limit_in_bytes"));
        assertEquals(String.valueOf(96 * MB), file("memory", cg, "memory.memsw.limit_in_bytes"));
        assertEquals("50", file("pids", cg, "pids.max"));
        assertEquals("256", file("cpu", cg, "cpu.shares"));

        // A limit the kernel refuses fails naming it (jrunc: the file and value; runc: "unable to set
        // memory limit to 1 (current usage ...)"); the container keeps its limits.
        Result bad = env.rt("update", "--memory", "1", id);
        bad.exit(1);
        assertTrue(bad.err.contains("memory") && bad.err.contains(" 1"), bad.err);
        assertEquals(String.valueOf(48 * MB), file("memory", cg, "memory.limit_in_bytes"));

        env.kill(id, "KILL").ok();
        env.awaitStatus(id, "stopped");
        env.rt("update", "--memory", "200m", id).exit(1).errContains("container not running");
        assertEquals(String.valueOf(48 * MB), file("memory", cg, "memory.limit_in_bytes"));
    }

    @Test
    void eventsStatsMatchTheCgroupFiles(Env env) throws Exception {
        String cg = cg(env, "stats");
        String id = env.newId();
        env.startContainer(id, env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs().cgroupsPath(cg)
                .resources("memory", F.objectNode().put("limit", 64 * MB))
                .resources("pids", F.objectNode().put("limit", 20))));
        Result r = env.rt("events", "--stats", id).ok();
        assertTrue(r.out.endsWith("}\n") && r.out.indexOf('\n') == r.out.length() - 1, "one line: " + r.out);
        JsonNode ev = new ObjectMapper().readTree(r.out);
        assertEquals("stats", ev.get("type").asText());
        assertEquals(id, ev.get("id").asText());
        JsonNode d = ev.get("data");
        List<String> keys = new java.util.ArrayList<>();
        d.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("cpu", "cpuset", "memory", "pids", "blkio", "hugetlb", "intel_rdt", "network_interfaces"), keys);
        assertEquals(Long.parseLong(file("pids", cg, "pids.current")), d.at("/pids/current").asLong());
        assertEquals(20, d.at("/pids/limit").asLong());
        assertEquals(64 * MB, d.at("/memory/usage/limit").asLong());
        assertEquals(file("memory", cg, "memory.memsw.limit_in_bytes"), d.at("/memory/swap/limit").bigIntegerValue().toString());
        assertEquals(keyed(file("memory", cg, "memory.stat"), "hierarchical_memory_limit"), d.at("/memory/raw/hierarchical_memory_limit").asLong());
        // Unlimited on v1 is printed as the unsigned number the kernel shows.
        assertEquals(file("memory", cg, "memory.kmem.tcp.limit_in_bytes"), d.at("/memory/kernelTCP/limit").bigIntegerValue().toString());
        assertTrue(d.at("/cpu/usage/total").asLong() > 0);
        assertTrue(d.at("/cpuset/cpus").isArray() && d.at("/cpuset/cpus").size() > 0);
        assertTrue(d.get("network_interfaces").isNull());

        env.kill(id, "KILL").ok();
        env.awaitStatus(id, "stopped");
        env.rt("events", "--stats", id).exit(1).errContains("container with id " + id + " is not running");
    }

    @Test
    void deviceRulesDenyOpeningAnUnallowedDevice(Env env) throws Exception {
        Path out = env.hostDir("out");
        String id = env.newId();
        BundleConfig cfg = BundleConfig.busybox().bind(out.toString(), "/out")
                .sh("head -c1 /dev/zero > /dev/null 2>/out/zero.err; echo $? > /out/zero.rc;"
                        + " head -c1 /dev/urandom > /dev/null; echo $? > /out/urandom.rc; exec sleep 1000");
        // /dev/zero as a linux.devices node with no allow rule: runc's default rule for it is dropped.
        ObjectNode zero = ((ObjectNode) cfg.node().get("linux")).withArray("devices").addObject();
        zero.put("path", "/dev/zero").put("type", "c").put("major", 1).put("minor", 5).put("fileMode", 0666).put("uid", 0).put("gid", 0);
        env.startContainer(id, env.bundle(cfg));
        assertEquals("0", Env.awaitLine(out.resolve("urandom.rc")).trim(), "allowed device opens");
        assertNotEquals("0", Env.readFile(out.resolve("zero.rc")).trim(), "denied device does not open");
        assertTrue(Env.readFile(out.resolve("zero.err")).contains("Operation not permitted"), Env.readFile(out.resolve("zero.err")));
    }

    @Test
    void aLimitTheKernelRefusesFailsCreateAndLeavesNothing(Env env) throws Exception {
        String cg = cg(env, "refused");
        String id = env.newId();
        // The kernel's minimum CFS quota is 1ms: 500us is EINVAL.
        Path bundle = env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs().cgroupsPath(cg)
                .resources("pids", F.objectNode().put("limit", 7))
                .resources("cpu", F.objectNode().put("quota", 500).put("period", 100000)));
        Result r = env.create(id, bundle).exit(1);
        assertTrue(r.err.contains("cpu.cfs_quota_us") && r.err.contains("500") && r.err.contains("invalid argument"), r.err);
        assertEquals(1, r.err.strip().split("\n").length, "one line: " + r.err);
        env.assertListEmpty();
        env.assertNoStateDir(id);
        CgroupTest.assertNoCgroup(cg);
    }

    /** runc ends the stream only when the cgroup is removed (at delete); jrunc when the container stops. */
    @Test
    @org.junit.jupiter.api.Tag("jrunc-only")
    void eventsStreamsStatsUntilTheContainerStops(Env env) throws Exception {
        String id = env.newId();
        env.startContainer(id, env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs()
                .resources("pids", F.objectNode().put("limit", 9))));
        Path evOut = env.tmp().resolve("events.out");
        Process ev = events(env, evOut, "--interval", "200ms", id);
        try {
            Env.await("three stats lines", Duration.ofSeconds(20),
                    () -> Env.readFile(evOut).split("\n").length >= 3 && Env.readFile(evOut).endsWith("\n"));
            String text = Env.readFile(evOut);
            for (String line : text.substring(0, text.lastIndexOf('\n')).split("\n")) { // complete lines only
                JsonNode ev1 = new ObjectMapper().readTree(line);
                assertEquals("stats", ev1.get("type").asText(), line);
                assertEquals(9, ev1.at("/data/pids/limit").asLong(), line);
            }
            env.kill(id, "KILL").ok();
            assertTrue(ev.waitFor(10, TimeUnit.SECONDS), "events ends when the container stops");
            assertEquals(0, ev.exitValue());
        } finally {
            ev.destroy();
            ev.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
