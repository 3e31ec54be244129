package dev.jrunc.spec;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecModelTest {

    private static Spec parse(String json) throws SpecException {
        return SpecLoader.parse(json.getBytes(StandardCharsets.UTF_8), "config.json");
    }

    private static JsonNode tree(String json) throws Exception {
        return Json.mapper().readTree(json);
    }

    @Test
    void fullConfigRoundTripsToTheSameJson() throws Exception {
        byte[] original = TestFiles.bytes("full-config.json");
        Spec spec = SpecLoader.parse(original, "full-config.json");
        String written = Json.write(spec);
        assertEquals(Json.mapper().readTree(original), tree(written));
        // and it is stable
        assertEquals(written, Json.write(parse(written)));
        SpecValidator.validate(spec);
    }

    @Test
    void fullConfigFieldsAreMapped() throws Exception {
        Spec s = SpecLoader.parse(TestFiles.bytes("full-config.json"), "full-config.json");
        assertEquals("1.2.0", s.ociVersion());
        Process p = s.process();
        assertEquals(80L, p.consoleSize().width());
        assertEquals(18L, p.user().umask());
        assertEquals(List.of(5L, 6L), p.user().additionalGids());
        assertEquals("someone", p.user().username());
        assertEquals(List.of(), p.capabilities().inheritable());
        assertEquals("CAP_CHECKPOINT_RESTORE", p.capabilities().permitted().get(1));
        assertEquals(Rlimits.INFINITY, p.rlimits().get(1).hard());
        assertEquals(Long.MIN_VALUE, p.rlimits().get(1).soft()); // 2^63 as unsigned bit pattern
        assertEquals(100, p.oomScoreAdj());
        assertEquals(-5, p.scheduler().nice());
        assertEquals(-1L, p.scheduler().period());
        assertEquals("IOPRIO_CLASS_IDLE", p.ioPriority().ioClass());
        assertEquals("7", p.execCPUAffinity().initial());
        assertEquals("0-3,7", p.execCPUAffinity().finalCpus());
        assertEquals("foobarbaz.test", s.domainname());
        assertEquals(100000L, s.mounts().get(1).uidMappings().get(0).hostID());
        assertEquals("/usr/bin/setup-network", s.hooks().createRuntime().get(0).path());
        assertEquals(5, s.hooks().poststart().get(0).timeout());
        assertEquals(List.of("cleanup.sh", "-f"), s.hooks().poststop().get(0).args());
        assertEquals("value2", s.annotations().get("com.example.key2"));

        Linux l = s.linux();
        assertEquals(0L, l.uidMappings().get(0).containerID());
        assertEquals(4294967295L, l.gidMappings().get(0).hostID());
        assertEquals(List.of("net.ipv4.ip_forward", "net.core.somaxconn"), List.copyOf(l.sysctl().keySet()));
        Resources r = l.resources();
        assertEquals(Boolean.FALSE, r.devices().get(0).allow());
        assertNull(r.devices().get(0).major());
        assertEquals(229L, r.devices().get(1).minor());
        assertEquals(-1L, r.memory().kernelTCP());
        assertEquals(Boolean.TRUE, r.memory().checkBeforeUpdate());
        assertEquals(950000L, r.cpu().realtimeRuntime());
        assertEquals(1000000L, r.cpu().burst());
        assertEquals(32771L, r.pids().limit());
        assertEquals(300, r.blockIO().weightDevice().get(0).leafWeight());
        assertNull(r.blockIO().weightDevice().get(1).leafWeight());
        assertEquals(600L, r.blockIO().throttleReadBpsDevice().get(0).rate());
        assertEquals(-1L, r.blockIO().throttleWriteBpsDevice().get(0).rate());
        assertEquals(16L, r.blockIO().throttleWriteIOPSDevice().get(0).minor());
        assertEquals("64KB", r.hugepageLimits().get(1).pageSize());
        assertEquals(1048577L, r.network().classID());
        assertEquals(1000L, r.network().priorities().get(1).priority());
        assertEquals(3L, r.rdma().get("mlx5_1").hcaHandles());
        assertNull(r.rdma().get("mlx4_0").hcaHandles());
        assertEquals("max", r.unified().get("memory.high"));
        assertEquals("/var/run/netns/neta", l.namespaces().get(1).path());
        assertEquals(438L, l.devices().get(0).fileMode());
        assertNull(l.devices().get(2).major());
        Seccomp sc = l.seccomp();
        assertEquals(1L, sc.defaultErrnoRet());
        assertEquals("/run/seccomp-agent.socket", sc.listenerPath());
        assertEquals("metadata", sc.listenerMetadata());
        assertEquals(38L, sc.syscalls().get(0).errnoRet());
        assertEquals(-1L, sc.syscalls().get(1).args().get(0).value());
        assertEquals(8L, sc.syscalls().get(1).args().get(1).valueTwo());
        assertEquals("SCMP_CMP_MASKED_EQ", sc.syscalls().get(1).args().get(1).op());
        assertEquals("rslave", l.rootfsPropagation());
        assertEquals("guaranteed_group", l.intelRdt().closID());
        assertEquals(Boolean.TRUE, l.intelRdt().enableCMT());
        assertEquals("L3:0=7f0;1=1f", l.intelRdt().l3CacheSchema());
        assertEquals("LINUX32", l.personality().domain());
        assertEquals(-86400L, l.timeOffsets().get("monotonic").secs());
        assertEquals(999999999L, l.timeOffsets().get("boottime").nanosecs());

        // unknown top-level fields are kept
        assertEquals(java.util.Set.of("solaris", "vm"), s.extra().keySet());
        assertEquals("/path/to/vmlinuz", s.extra().get("vm").path("kernel").path("path").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-config-ctr.json", "sample-config-docker.json", "sample-config-podman.json"})
    void clientSamplesParseValidateAndRoundTrip(String resource) throws Exception {
        byte[] original = TestFiles.bytes(resource);
        Spec spec = SpecLoader.parse(original, resource);
        SpecValidator.validate(spec);
        assertEquals(Json.mapper().readTree(original), tree(Json.write(spec)));
        assertFalse(spec.process().args().isEmpty());
        assertTrue(spec.linux().namespaces().size() >= 4);
    }

    @Test
    void dockerSampleDetails() throws Exception {
        Spec s = SpecLoader.parse(TestFiles.bytes("sample-config-docker.json"), "docker");
        assertEquals(List.of(0L), s.process().user().additionalGids());
        assertEquals(0, s.process().oomScoreAdj());
        assertEquals("0 2147483647", s.linux().sysctl().get("net.ipv4.ping_group_range"));
        assertEquals(Boolean.FALSE, s.linux().resources().memory().disableOOMKiller());
        assertEquals(0, s.linux().resources().blockIO().weight());
        assertEquals("SCMP_ACT_ERRNO", s.linux().seccomp().defaultAction());
        assertTrue(s.linux().seccomp().syscalls().stream().anyMatch(c -> c.args() != null && !c.args().isEmpty()));
        // "hooks": {} stays an empty object
        assertEquals("{}", Json.write(s.hooks()));
    }

    @Test
    void unknownFieldsAreIgnoredAtEveryLevel() throws Exception {
        Spec s = parse("""
                {"ociVersion": "1.0.0", "future": {"x": [1, 2]},
                 "process": {"args": ["a"], "cwd": "/", "newThing": true,
                             "user": {"uid": 1, "gid": 2, "sid": "S-1"},
                             "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1, "soft": 1, "extra": "x"}]},
                 "root": {"path": "r", "encrypted": {"alg": "x"}},
                 "linux": {"netDevices": {"eth0": {"name": "x"}}, "memoryPolicy": {"mode": "MPOL_BIND"},
                           "resources": {"memory": {"limit": 1, "zswap": 2}},
                           "seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "newField": 1}}}
                """);
        assertEquals(1L, s.process().user().uid());
        assertEquals(1L, s.linux().resources().memory().limit());
        assertEquals("r", s.root().path());
        assertEquals(List.of("future"), List.copyOf(s.extra().keySet()));
        SpecValidator.validate(s);
        // unknown nested fields are dropped on write; unknown top-level ones are kept
        JsonNode out = tree(Json.write(s));
        assertTrue(out.has("future"));
        assertFalse(out.path("process").has("newThing"));
        assertFalse(out.path("linux").has("netDevices"));
    }

    @Test
    void unknownTopLevelFieldNamedExtraIsKeptToo() throws Exception {
        Spec s = parse("{\"ociVersion\":\"1.0.0\",\"extra\":{\"a\":1},\"windows\":{\"layerFolders\":[]}}");
        assertEquals(java.util.Set.of("extra", "windows"), s.extra().keySet());
        assertEquals(tree("{\"ociVersion\":\"1.0.0\",\"extra\":{\"a\":1},\"windows\":{\"layerFolders\":[]}}"),
                tree(Json.write(s)));
    }

    @Test
    void absentIsNullAndEmptyIsEmpty() throws Exception {
        Spec s = parse("""
                {"ociVersion": "1.0.0", "process": {"args": ["a"], "cwd": "/", "env": []}, "root": {"path": "r"}}""");
        assertNull(s.mounts());
        assertNull(s.hooks());
        assertNull(s.linux());
        assertNull(s.process().terminal());
        assertNull(s.process().rlimits());
        assertEquals(List.of(), s.process().env());
        assertEquals(Map.of(), s.extra());
        String out = Json.write(s);
        assertEquals("{\"ociVersion\":\"1.0.0\",\"process\":{\"args\":[\"a\"],\"env\":[],\"cwd\":\"/\"},\"root\":{\"path\":\"r\"}}", out);
    }

    @Test
    void modelListsAreUnmodifiable() throws Exception {
        Spec s = SpecLoader.parse(TestFiles.bytes("full-config.json"), "c");
        assertThrows(UnsupportedOperationException.class, () -> s.process().args().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> s.linux().sysctl().put("a", "b"));
        assertThrows(UnsupportedOperationException.class, () -> s.extra().clear());
    }

    @Test
    void hugeUnsignedValues() throws Exception {
        Spec s = parse("""
                {"ociVersion": "1.0.0",
                 "process": {"rlimits": [{"type": "RLIMIT_AS", "hard": 18446744073709551615, "soft": 18446744073709551614}]},
                 "linux": {"resources": {
                    "memory": {"limit": 18446744073709551615, "swap": -1, "reservation": 9223372036854775807,
                               "swappiness": 18446744073709551615},
                    "cpu": {"shares": 18446744073709551615, "quota": -1, "period": 18446744073709551615},
                    "hugepageLimits": [{"pageSize": "1GB", "limit": 18446744073709551615}]}}}
                """);
        Rlimit r = s.process().rlimits().get(0);
        assertEquals("18446744073709551615", Long.toUnsignedString(r.hard()));
        assertEquals("18446744073709551614", Long.toUnsignedString(r.soft()));
        assertEquals(-1L, s.linux().resources().memory().limit()); // int64 field: wraps to -1 (unlimited)
        assertEquals(-1L, s.linux().resources().memory().swap());
        assertEquals(Long.MAX_VALUE, s.linux().resources().memory().reservation());
        assertEquals(-1L, s.linux().resources().memory().swappiness());
        assertEquals(-1L, s.linux().resources().cpu().quota());
        assertEquals("18446744073709551615", Long.toUnsignedString(s.linux().resources().hugepageLimits().get(0).limit()));
        JsonNode out = tree(Json.write(s));
        assertEquals("18446744073709551615", out.at("/process/rlimits/0/hard").asText());
        assertEquals("18446744073709551614", out.at("/process/rlimits/0/soft").asText());
        assertEquals("18446744073709551615", out.at("/linux/resources/memory/swappiness").asText());
        assertEquals("18446744073709551615", out.at("/linux/resources/cpu/shares").asText());
        assertEquals("-1", out.at("/linux/resources/memory/limit").asText());
        assertEquals("-1", out.at("/linux/resources/cpu/quota").asText());
    }

    @Test
    void capabilityTable() {
        assertEquals(0, Capabilities.number("CAP_CHOWN").getAsInt());
        assertEquals(21, Capabilities.number("CAP_SYS_ADMIN").getAsInt());
        assertEquals(29, Capabilities.number("CAP_AUDIT_WRITE").getAsInt());
        assertEquals(40, Capabilities.number("CAP_CHECKPOINT_RESTORE").getAsInt());
        assertEquals(Capabilities.LAST_CAP + 1, Capabilities.byName().size());
        assertEquals("CAP_BPF", Capabilities.name(39));
        assertNull(Capabilities.name(41));
        assertFalse(Capabilities.isKnown("cap_chown"));
        assertTrue(Capabilities.number("CAP_FOO").isEmpty());
        for (Map.Entry<String, Integer> e : Capabilities.byName().entrySet()) {
            assertEquals(e.getKey(), Capabilities.name(e.getValue()));
        }
    }

    @Test
    void rlimitTable() {
        assertEquals(0, Rlimits.number("RLIMIT_CPU").getAsInt());
        assertEquals(4, Rlimits.number("RLIMIT_CORE").getAsInt());
        assertEquals(6, Rlimits.number("RLIMIT_NPROC").getAsInt());
        assertEquals(7, Rlimits.number("RLIMIT_NOFILE").getAsInt());
        assertEquals(9, Rlimits.number("RLIMIT_AS").getAsInt());
        assertEquals(15, Rlimits.number("RLIMIT_RTTIME").getAsInt());
        assertEquals(16, Rlimits.byName().size());
        assertTrue(Rlimits.number("RLIMIT_FOO").isEmpty());
    }

    @Test
    void namespaceTable() {
        assertEquals(0x20000000, Namespaces.cloneFlag("pid"));
        assertEquals(0x40000000, Namespaces.cloneFlag("network"));
        assertEquals(0x00020000, Namespaces.cloneFlag("mount"));
        assertEquals(0x08000000, Namespaces.cloneFlag("ipc"));
        assertEquals(0x04000000, Namespaces.cloneFlag("uts"));
        assertEquals(0x10000000, Namespaces.cloneFlag("user"));
        assertEquals(0x02000000, Namespaces.cloneFlag("cgroup"));
        assertEquals(0x00000080, Namespaces.cloneFlag("time"));
        assertEquals("net", Namespaces.procName("network"));
        assertEquals("mnt", Namespaces.procName("mount"));
        assertEquals("pid", Namespaces.procName("pid"));
        assertEquals(8, Namespaces.byType().size());
        assertThrows(IllegalArgumentException.class, () -> Namespaces.cloneFlag("net"));
    }

    @Test
    void mapperIsShared() {
        assertTrue(Json.mapper() == Json.mapper());
    }
}
