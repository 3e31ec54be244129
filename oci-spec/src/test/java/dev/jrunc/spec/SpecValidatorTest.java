package dev.jrunc.spec;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecValidatorTest {

    private static final String BASE = """
            {"ociVersion": "1.0.2-dev",
             "process": {"args": ["sh"], "cwd": "/",
                         "capabilities": {"bounding": ["CAP_KILL"]},
                         "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024},
                                     {"type": "RLIMIT_NPROC", "hard": 10, "soft": 5}]},
             "root": {"path": "rootfs"},
             "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}],
             "hooks": {"prestart": [{"path": "/bin/true"}]},
             "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}],
                       "devices": [{"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229}],
                       "sysctl": {"kernel.shmmax": "1"},
                       "seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
                                   "syscalls": [{"names": ["kill"], "action": "SCMP_ACT_ERRNO",
                                                 "args": [{"index": 1, "value": 0, "op": "SCMP_CMP_EQ"}]}]}}}
            """;

    /** BASE with the value at {@code pointer} replaced by {@code json} (or removed if json is "REMOVE"). */
    private static Spec mutated(String pointer, String json) throws Exception {
        ObjectNode root = (ObjectNode) Json.mapper().readTree(BASE);
        JsonPointer ptr = JsonPointer.compile(pointer);
        JsonNode parent = root.at(ptr.head());
        String last = ptr.last().getMatchingProperty();
        JsonNode value = json.equals("REMOVE") ? null : Json.mapper().readTree(json);
        if (parent instanceof ArrayNode arr) {
            int i = ptr.last().getMatchingIndex();
            if (value == null) arr.remove(i);
            else if (i >= arr.size()) arr.add(value);
            else arr.set(i, value);
        } else if (value == null) {
            ((ObjectNode) parent).remove(last);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
        return SpecLoader.parse(Json.mapper().writeValueAsBytes(root), "config.json");
    }

    @Test
    void baseIsValid() throws Exception {
        SpecValidator.validate(SpecLoader.parse(BASE.getBytes(StandardCharsets.UTF_8), "c"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "/ociVersion | REMOVE | ociVersion: must be present",
        "/ociVersion | \"2.0.0\" | ociVersion: unsupported version \"2.0.0\", expected 1.x.y",
        "/ociVersion | \"0.5.0\" | ociVersion: unsupported version \"0.5.0\", expected 1.x.y",
        "/process | REMOVE | process: must be present",
        "/process/args | [] | process.args: must not be empty",
        "/process/args | REMOVE | process.args: must not be empty",
        "/process/cwd | \"foo\" | process.cwd: must be an absolute path, got \"foo\"",
        "/process/cwd | REMOVE | process.cwd: must be present",
        "/process/rlimits/1/type | \"RLIMIT_FOO\" | process.rlimits[1].type: unknown rlimit \"RLIMIT_FOO\"",
        "/process/rlimits/1/soft | 11 | process.rlimits[1].soft: must not exceed hard limit 10, got 11",
        "/process/rlimits/1/soft | 18446744073709551615 | process.rlimits[1].soft: must not exceed hard limit 10, got 18446744073709551615",
        "/process/capabilities/bounding/1 | \"CAP_FOO\" | process.capabilities.bounding[1]: unknown capability \"CAP_FOO\"",
        "/process/capabilities/ambient | [\"CAP_KILL\",\"cap_chown\"] | process.capabilities.ambient[1]: unknown capability \"cap_chown\"",
        "/process/oomScoreAdj | 1001 | process.oomScoreAdj: must be between -1000 and 1000, got 1001",
        "/process/ioPriority | {\"class\":\"IOPRIO_CLASS_X\",\"priority\":1} | process.ioPriority.class: unknown I/O priority class \"IOPRIO_CLASS_X\"",
        "/process/scheduler | {\"policy\":\"SCHED_X\"} | process.scheduler.policy: unknown scheduler policy \"SCHED_X\"",
        "/root | REMOVE | root: must be present",
        "/root/path | \"\" | root.path: must be present",
        "/mounts/1 | {\"destination\":\"proc\"} | mounts[1].destination: must be an absolute path, got \"proc\"",
        "/mounts/0/destination | REMOVE | mounts[0].destination: must be present",
        "/hooks/poststop | [{\"path\":\"cleanup.sh\"}] | hooks.poststop[0].path: must be an absolute path, got \"cleanup.sh\"",
        "/hooks/prestart/0/timeout | 0 | hooks.prestart[0].timeout: must be greater than zero, got 0",
        "/linux/namespaces/2 | {\"type\":\"foo\"} | linux.namespaces[2].type: unknown namespace type \"foo\"",
        "/linux/namespaces/2 | {\"type\":\"pid\"} | linux.namespaces[2].type: duplicate namespace \"pid\"",
        "/linux/namespaces/2 | {\"type\":\"network\",\"path\":\"run/netns/x\"} | linux.namespaces[2].path: must be an absolute path, got \"run/netns/x\"",
        "/linux/uidMappings | [{\"containerID\":0,\"hostID\":1000,\"size\":1}] | linux.uidMappings: requires a user namespace",
        "/linux/gidMappings | [{\"containerID\":0,\"hostID\":1000,\"size\":1}] | linux.gidMappings: requires a user namespace",
        "/linux/timeOffsets | {\"monotonic\":{\"secs\":1}} | linux.timeOffsets: requires a time namespace",
        "/linux/devices/1 | {\"path\":\"/dev/x\",\"type\":\"x\"} | linux.devices[1].type: unknown device type \"x\", expected one of c, b, u, p",
        "/linux/devices/1 | {\"path\":\"/dev/x\",\"type\":\"b\",\"minor\":1} | linux.devices[1].major: must be present for device type \"b\"",
        "/linux/devices/1 | {\"path\":\"/dev/x\",\"type\":\"u\",\"major\":1} | linux.devices[1].minor: must be present for device type \"u\"",
        "/linux/devices/1 | {\"path\":\"dev/x\",\"type\":\"p\"} | linux.devices[1].path: must be an absolute path, got \"dev/x\"",
        "/linux/sysctl | {\"\":\"1\"} | linux.sysctl: key must not be empty",
        "/linux/rootfsPropagation | \"foo\" | linux.rootfsPropagation: unknown propagation \"foo\"",
        "/linux/seccomp/defaultAction | \"SCMP_ACT_FOO\" | linux.seccomp.defaultAction: unknown action \"SCMP_ACT_FOO\"",
        "/linux/seccomp/defaultAction | REMOVE | linux.seccomp.defaultAction: must be present",
        "/linux/seccomp/architectures/1 | \"SCMP_ARCH_VAX\" | linux.seccomp.architectures[1]: unknown architecture \"SCMP_ARCH_VAX\"",
        "/linux/seccomp/flags | [\"SECCOMP_FILTER_FLAG_X\"] | linux.seccomp.flags[0]: unknown flag \"SECCOMP_FILTER_FLAG_X\"",
        "/linux/seccomp/syscalls/0/action | \"SCMP_ACT_NOPE\" | linux.seccomp.syscalls[0].action: unknown action \"SCMP_ACT_NOPE\"",
        "/linux/seccomp/syscalls/0/names | [] | linux.seccomp.syscalls[0].names: must not be empty",
        "/linux/seccomp/syscalls/0/args/0/op | \"SCMP_CMP_XX\" | linux.seccomp.syscalls[0].args[0].op: unknown operator \"SCMP_CMP_XX\"",
        "/linux/seccomp/syscalls/0/args/0/index | 6 | linux.seccomp.syscalls[0].args[0].index: must be between 0 and 5, got 6",
        "/linux/resources | {\"devices\":[{\"allow\":true,\"type\":\"x\"}]} | linux.resources.devices[0].type: unknown device type \"x\", expected one of a, b, c",
        "/linux/resources | {\"devices\":[{\"allow\":true,\"access\":\"rwx\"}]} | linux.resources.devices[0].access: must be a combination of r, w and m, got \"rwx\"",
        "/linux/personality | {\"domain\":\"LINUX64\"} | linux.personality.domain: unknown personality domain \"LINUX64\"",
    })
    void eachRuleHasAnExactMessage(String pointer, String json, String expected) throws Exception {
        Spec spec = mutated(pointer, json);
        SpecException e = assertThrows(SpecException.class, () -> SpecValidator.validate(spec));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void acceptedValues() throws Exception {
        for (String p : List.of("", "shared", "slave", "private", "unbindable", "rshared", "rslave", "rprivate", "runbindable")) {
            SpecValidator.validate(mutated("/linux/rootfsPropagation", Json.quote(p)));
        }
        for (String a : SeccompNames.ACTIONS) SpecValidator.validate(mutated("/linux/seccomp/defaultAction", Json.quote(a)));
        for (String o : SeccompNames.OPERATORS) SpecValidator.validate(mutated("/linux/seccomp/syscalls/0/args/0/op", Json.quote(o)));
        for (String n : Namespaces.byType().keySet()) {
            if (!n.equals("pid") && !n.equals("mount")) SpecValidator.validate(mutated("/linux/namespaces/2", "{\"type\":\"" + n + "\"}"));
        }
        for (String c : Capabilities.byName().keySet()) SpecValidator.validate(mutated("/process/capabilities/bounding/0", Json.quote(c)));
        SpecValidator.validate(mutated("/linux/seccomp/syscalls/0/args/0/index", "5"));
        SpecValidator.validate(mutated("/linux/devices/1", "{\"path\":\"/dev/f\",\"type\":\"p\"}"));
        SpecValidator.validate(mutated("/ociVersion", "\"1.2.0\""));
        SpecValidator.validate(mutated("/process/rlimits/1/soft", "10"));
        SpecValidator.validate(mutated("/process/rlimits/1", "{\"type\":\"RLIMIT_CORE\",\"hard\":18446744073709551615,\"soft\":18446744073709551615}"));
    }

    @Test
    void mappingsWithUserNamespaceAndOffsetsWithTimeNamespace() throws Exception {
        Spec s = mutated("/linux/namespaces", "[{\"type\":\"user\"},{\"type\":\"time\"}]");
        Linux l = s.linux();
        Spec ok = s.withLinux(new Linux(List.of(new IdMapping(0L, 1000L, 1L)), List.of(new IdMapping(0L, 1000L, 1L)),
                null, null, null, l.namespaces(), null, null, null, null, null, null, null, null,
                java.util.Map.of("monotonic", new TimeOffset(1L, 0L))));
        SpecValidator.validate(ok);
        Spec badClock = ok.withLinux(new Linux(null, null, null, null, null, l.namespaces(), null, null, null, null,
                null, null, null, null, java.util.Map.of("realtime", new TimeOffset(1L, 0L))));
        SpecException e = assertThrows(SpecException.class, () -> SpecValidator.validate(badClock));
        assertEquals("linux.timeOffsets.realtime: unknown clock \"realtime\"", e.getMessage());
    }

    @Test
    void processIsOptionalWhenNotCreating() throws Exception {
        Spec s = mutated("/process", "REMOVE");
        SpecValidator.validate(s, false);
        assertThrows(SpecException.class, () -> SpecValidator.validate(s, true));
    }

    @Test
    void allProblemsAreListedInDocumentOrder() throws Exception {
        Spec s = mutated("/process/args", "[]").withRoot(null);
        List<SpecValidator.Problem> ps = SpecValidator.problems(s, true);
        assertEquals(List.of("process.args: must not be empty", "root: must be present"),
                ps.stream().map(Object::toString).toList());
        SpecException e = assertThrows(SpecException.class, () -> SpecValidator.validate(s));
        assertEquals("process.args: must not be empty", e.getMessage());
    }

    @Test
    void validateProcessUsesThePrefix() throws Exception {
        Process p = mutated("/process/cwd", "\"rel\"").process();
        SpecException e = assertThrows(SpecException.class, () -> SpecValidator.validateProcess(p, ""));
        assertEquals("cwd: must be an absolute path, got \"rel\"", e.getMessage());
        e = assertThrows(SpecException.class, () -> SpecValidator.validateProcess(p, "process"));
        assertEquals("process.cwd: must be an absolute path, got \"rel\"", e.getMessage());
        Process noArgs = p.withArgs(List.of());
        e = assertThrows(SpecException.class, () -> SpecValidator.validateProcess(noArgs, ""));
        assertEquals("args: must not be empty", e.getMessage());
        assertTrue(SpecValidator.processProblems(mutated("/ociVersion", "\"1.0.0\"").process(), "").isEmpty());
    }

    @Test
    void nullElementsAreReportedNotThrown() throws Exception {
        Spec s = mutated("/mounts/1", "null");
        SpecException e = assertThrows(SpecException.class, () -> SpecValidator.validate(s));
        assertEquals("mounts[1]: expected an object, got null", e.getMessage());
        Spec s2 = mutated("/process/env", "[\"A=1\",null]");
        e = assertThrows(SpecException.class, () -> SpecValidator.validate(s2));
        assertEquals("process.env[1]: expected a string, got null", e.getMessage());
    }
}
