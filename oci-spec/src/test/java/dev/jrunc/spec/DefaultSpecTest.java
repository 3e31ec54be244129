package dev.jrunc.spec;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DefaultSpecTest {

    private static List<String> keys(JsonNode n) {
        List<String> k = new ArrayList<>();
        n.fieldNames().forEachRemaining(k::add);
        return k;
    }

    @Test
    void matchesRuncSpecOutputByteForByte() {
        // runc 1.1.5 `runc spec` on a cgroup v2 host
        assertEquals(TestFiles.text("runc-spec.json"), DefaultSpec.toJson(DefaultSpec.create(false, 0, 0, true)));
    }

    @Test
    void matchesRuncSpecRootlessOutputByteForByte() {
        // runc 1.1.5 `runc spec --rootless` as uid/gid 1000 on a cgroup v2 host
        assertEquals(TestFiles.text("runc-spec-rootless.json"),
                DefaultSpec.toJson(DefaultSpec.create(true, 1000, 1000, true)));
    }

    @Test
    void formatIsTabIndentedWithoutTrailingNewline() {
        String json = DefaultSpec.toJson(DefaultSpec.create(false, 0, 0, false));
        assertTrue(json.startsWith("{\n\t\"ociVersion\": \"1.0.2-dev\",\n\t\"process\": {\n\t\t\"terminal\": true,\n"), json);
        assertTrue(json.endsWith("\n\t}\n}"));
        assertFalse(json.endsWith("\n"));
        assertFalse(json.contains("  "), "no space indentation");
        assertTrue(json.contains("\t\t\"user\": {\n\t\t\t\"uid\": 0,\n\t\t\t\"gid\": 0\n\t\t},\n"));
        assertTrue(json.contains("\t\t{\n\t\t\t\"destination\": \"/proc\",\n\t\t\t\"type\": \"proc\",\n\t\t\t\"source\": \"proc\"\n\t\t},\n"));
    }

    @Test
    void keyOrderIsRuncs() throws Exception {
        JsonNode n = Json.mapper().readTree(DefaultSpec.toJson(DefaultSpec.create(false, 0, 0, true)));
        assertEquals(List.of("ociVersion", "process", "root", "hostname", "mounts", "linux"), keys(n));
        assertEquals(List.of("terminal", "user", "args", "env", "cwd", "capabilities", "rlimits", "noNewPrivileges"),
                keys(n.get("process")));
        assertEquals(List.of("bounding", "effective", "permitted", "ambient"), keys(n.at("/process/capabilities")));
        assertEquals(List.of("type", "hard", "soft"), keys(n.at("/process/rlimits/0")));
        assertEquals(List.of("destination", "type", "source", "options"), keys(n.at("/mounts/1")));
        assertEquals(List.of("resources", "namespaces", "maskedPaths", "readonlyPaths"), keys(n.get("linux")));
        assertEquals(List.of("allow", "access"), keys(n.at("/linux/resources/devices/0")));
        JsonNode r = Json.mapper().readTree(DefaultSpec.toJson(DefaultSpec.create(true, 1, 2, true)));
        assertEquals(List.of("uidMappings", "gidMappings", "namespaces", "maskedPaths", "readonlyPaths"), keys(r.get("linux")));
        assertEquals(List.of("containerID", "hostID", "size"), keys(r.at("/linux/uidMappings/0")));
    }

    @Test
    void content() {
        Spec s = DefaultSpec.create(false, 0, 0, false);
        assertEquals("1.0.2-dev", s.ociVersion());
        assertEquals(List.of("sh"), s.process().args());
        assertEquals(Boolean.TRUE, s.process().terminal());
        assertEquals(Boolean.TRUE, s.process().noNewPrivileges());
        List<String> caps = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
        assertEquals(caps, s.process().capabilities().bounding());
        assertEquals(caps, s.process().capabilities().effective());
        assertEquals(caps, s.process().capabilities().permitted());
        assertEquals(caps, s.process().capabilities().ambient());
        assertNull(s.process().capabilities().inheritable());
        assertEquals(new Rlimit("RLIMIT_NOFILE", 1024L, 1024L), s.process().rlimits().get(0));
        assertEquals(new Root("rootfs", true), s.root());
        assertEquals("runc", s.hostname());
        assertEquals(List.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup"),
                s.mounts().stream().map(Mount::destination).toList());
        assertEquals(List.of("pid", "network", "ipc", "uts", "mount"),
                s.linux().namespaces().stream().map(Namespace::type).toList());
        assertEquals(List.of(new Resources.DeviceRule(false, null, null, null, "rwm")), s.linux().resources().devices());
        assertEquals(List.of("pid", "network", "ipc", "uts", "mount", "cgroup"),
                DefaultSpec.create(false, 0, 0, true).linux().namespaces().stream().map(Namespace::type).toList());
    }

    @Test
    void rootlessDifferences() throws Exception {
        Spec s = DefaultSpec.create(true, 1234, 5678, false);
        assertEquals(List.of("pid", "ipc", "uts", "mount", "user"),
                s.linux().namespaces().stream().map(Namespace::type).toList());
        assertEquals(List.of(new IdMapping(0L, 1234L, 1L)), s.linux().uidMappings());
        assertEquals(List.of(new IdMapping(0L, 5678L, 1L)), s.linux().gidMappings());
        assertNull(s.linux().resources());
        Mount sys = s.mounts().get(5);
        assertEquals(new Mount("/sys", "none", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro")), sys);
        Mount devpts = s.mounts().get(2);
        assertEquals(List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"), devpts.options());
        assertNull(s.mounts().get(0).options());
        // everything else as in the rootful spec
        Spec rootful = DefaultSpec.create(false, 0, 0, false);
        assertEquals(rootful.process(), s.process());
        assertEquals(rootful.root(), s.root());
        assertEquals(rootful.linux().maskedPaths(), s.linux().maskedPaths());
    }

    @Test
    void defaultSpecsAreValidAndReloadable() throws Exception {
        for (boolean rootless : new boolean[] {false, true}) {
            Spec s = DefaultSpec.create(rootless, 1000, 1000, true);
            SpecValidator.validate(s);
            Spec back = SpecLoader.parse(DefaultSpec.toJson(s).getBytes(StandardCharsets.UTF_8), "config.json");
            assertEquals(s, back);
        }
        SpecValidator.validate(DefaultSpec.create(true));
        SpecValidator.validate(DefaultSpec.create(false));
    }

    @Test
    void goStyleEscaping() {
        Spec s = DefaultSpec.create(false, 0, 0, false);
        Spec odd = s.withProcess(s.process().withArgs(List.of("sh", "-c", "a<b>c&d\u2028", "\t\"q\"")));
        String json = DefaultSpec.toJson(odd);
        assertTrue(json.contains("\"a\\u003cb\\u003ec\\u0026d\\u2028\""), json);
        assertTrue(json.contains("\"\\t\\\"q\\\"\""), json);
    }

    @Test
    void emptyCollectionsAreWrittenLikeGo() {
        Spec s = DefaultSpec.create(false, 0, 0, false);
        Spec odd = s.withProcess(s.process().withArgs(List.of())).withLinux(Linux.of(List.of(), null));
        String json = DefaultSpec.toJson(odd);
        assertTrue(json.contains("\"args\": [],"), json);
        assertTrue(json.contains("\"namespaces\": []"), json);
    }
}
