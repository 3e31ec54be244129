package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** `features`: the OCI features document as runc prints it (runc-cli.md §5.4). */
@ExtendWith(JruncExtension.class)
class FeaturesTest {
    static List<String> strings(JsonNode a) {
        List<String> l = new ArrayList<>();
        a.forEach(n -> l.add(n.asText()));
        return l;
    }

    @Test
    void documentShape(Env env) {
        Result r = env.rt("features").ok();
        assertTrue(r.out.startsWith("{\n    \"ociVersionMin\": \"1.0.0\",\n"), r.out);
        assertTrue(r.out.endsWith("}\n"), "trailing newline");
        JsonNode d = r.json();
        for (String k : List.of("ociVersionMax", "hooks", "mountOptions", "linux", "annotations")) assertTrue(d.has(k), k);
        JsonNode linux = d.get("linux");
        for (String k : List.of("namespaces", "capabilities", "cgroup", "seccomp", "apparmor", "selinux")) assertTrue(linux.has(k), k);
        assertEquals(List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"), strings(d.get("hooks")));
        assertTrue(strings(linux.get("namespaces")).containsAll(List.of("cgroup", "ipc", "mount", "network", "pid", "user", "uts")));
        assertTrue(strings(d.get("mountOptions")).containsAll(List.of("bind", "rbind", "ro", "nosuid", "nodev", "noexec", "rprivate")));
        JsonNode sc = linux.get("seccomp");
        assertTrue(sc.get("enabled").asBoolean());
        assertEquals(List.of("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
                "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP"), strings(sc.get("actions")));
        assertEquals(List.of("SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE"),
                strings(sc.get("operators")));
        assertTrue(strings(sc.get("archs")).containsAll(List.of("SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32")));
        assertEquals("CAP_CHOWN", linux.get("capabilities").get(0).asText());
    }

    @Test
    void argumentsAreRejected(Env env) {
        env.rt("features", "extra").exit(1).errContains("features").errContains("requires exactly 0 argument(s)");
    }
}
