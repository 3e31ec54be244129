package dev.jrunc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The quick config.json reader against databind: the same Spec, or null (databind decides); and the
 * quick spec tree against valueToTree: the same JSON.
 */
class QuickSpecReaderTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** What containerd and Docker (without seccomp) write, with every field the quick reader knows. */
    static final String RICH = """
        {"ociVersion":"1.1.0","hostname":"h","domainname":"d",
         "process":{"terminal":true,"consoleSize":{"height":24,"width":80},
           "user":{"uid":1000,"gid":1000,"umask":18,"additionalGids":[1,2,4294967295],"username":"u"},
           "args":["sh","-c","true"],"env":["PATH=/bin","A=b"],"cwd":"/","commandLine":"x",
           "capabilities":{"bounding":["CAP_KILL"],"effective":["CAP_KILL"],"inheritable":[],"permitted":["CAP_KILL"],"ambient":null},
           "rlimits":[{"type":"RLIMIT_NOFILE","hard":18446744073709551615,"soft":1024}],
           "noNewPrivileges":true,"apparmorProfile":"a","oomScoreAdj":-1000,"selinuxLabel":"s"},
         "root":{"path":"rootfs","readonly":true},
         "mounts":[{"destination":"/proc","type":"proc","source":"proc"},
           {"destination":"/m","type":"bind","source":"/s","options":["rbind","ro"],
            "uidMappings":[{"containerID":0,"hostID":100000,"size":65536}],"gidMappings":[{"containerID":0,"hostID":100000,"size":65536}]}],
         "hooks":{"prestart":[{"path":"/bin/true","args":["true"],"env":["X=1"],"timeout":5}],"createRuntime":[],
           "createContainer":null,"startContainer":[{"path":"/bin/true"}],"poststart":[],"poststop":[{"path":"/p"}]},
         "annotations":{"b":"1","a":"2"},
         "linux":{"uidMappings":[{"containerID":0,"hostID":1000,"size":1}],"gidMappings":[],
           "sysctl":{"net.ipv4.ip_forward":"1"},
           "resources":{"devices":[{"allow":false,"access":"rwm"},{"allow":true,"type":"c","major":1,"minor":3,"access":"rwm"}],
             "memory":{"limit":18446744073709551615,"reservation":-1,"swap":1048576,"kernel":0,"kernelTCP":0,
               "swappiness":18446744073709551615,"disableOOMKiller":false,"useHierarchy":true,"checkBeforeUpdate":false},
             "cpu":{"shares":1024,"quota":-1,"burst":0,"period":100000,"realtimeRuntime":0,"realtimePeriod":0,
               "cpus":"0-1","mems":"0","idle":0},
             "pids":{"limit":100},"unified":{"memory.high":"max"}},
           "cgroupsPath":"/a/b","namespaces":[{"type":"pid"},{"type":"network","path":"/proc/1/ns/net"}],
           "devices":[{"path":"/dev/x","type":"c","major":1,"minor":5,"fileMode":438,"uid":0,"gid":0}],
           "seccomp":{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":1,"architectures":["SCMP_ARCH_X86_64"],
             "flags":["SECCOMP_FILTER_FLAG_LOG"],"listenerPath":"/run/l.sock","listenerMetadata":"m",
             "syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW"},
               {"names":["personality"],"action":"SCMP_ACT_ALLOW","errnoRet":38,
                "args":[{"index":0,"value":18446744073709551615,"valueTwo":0,"op":"SCMP_CMP_EQ"}]}]},
           "rootfsPropagation":"private","maskedPaths":["/proc/kcore"],"readonlyPaths":["/proc/sys"],"mountLabel":"m"}}
        """;

    @Test
    void readsWhatEnginesWriteAsDatabindDoes() throws Exception {
        for (String json : List.of(RICH, DefaultSpec.toJson(DefaultSpec.create(false)), DefaultSpec.toJson(DefaultSpec.create(true)),
                "{}", "{\"process\":null,\"linux\":{}}",
                "{\"process\":{\"scheduler\":null,\"args\":[\"a\"],\"unknownKey\":null},\"linux\":{\"seccomp\":null,\"intelRdt\":null}}")) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            Spec quick = QuickSpecReader.read(bytes);
            assertNotNull(quick, json);
            assertEquals(Json.mapper().readValue(bytes, Spec.class), quick, json);
            assertSameTree(quick);
        }
    }

    @Test
    void leavesTreesOfOtherFieldsToDatabind() throws Exception {
        Spec withRdt = Json.mapper().readValue("{\"linux\":{\"intelRdt\":{\"closID\":\"a\"}}}", Spec.class);
        assertNull(QuickSpecTree.of(withRdt));
        Spec withExtra = Json.mapper().readValue("{\"vendorKey\":{\"a\":1}}", Spec.class);
        assertNull(QuickSpecTree.of(withExtra));
        Spec withScheduler = Json.mapper().readValue("{\"process\":{\"scheduler\":{\"policy\":\"SCHED_OTHER\"}}}", Spec.class);
        assertNull(QuickSpecTree.of(withScheduler));
    }

    /** The state file's config: what a default ObjectMapper's valueToTree makes of the spec. */
    private static void assertSameTree(Spec spec) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper plain = new com.fasterxml.jackson.databind.ObjectMapper();
        JsonNode quick = QuickSpecTree.of(spec);
        assertNotNull(quick);
        assertEquals(plain.writeValueAsString(plain.valueToTree(spec)), plain.writeValueAsString(quick));
        // exec reads the state file's copy back: the quick reader takes it (nulls and all)
        assertEquals(spec, QuickSpecReader.read(plain.writeValueAsBytes(quick)));
    }

    @Test
    void leavesTheRestToDatabind() {
        for (String json : List.of("", "[]", "null", "{", "{} {}", "{\"ociVersion\":1}", "{\"a\":1}", "{\"a\":null}", "{\"hostname\":\"a\",\"hostname\":\"b\"}",
                "{\"linux\":{\"intelRdt\":{}}}", "{\"linux\":{\"seccomp\":{\"syscalls\":[{\"args\":[{\"value\":-1}]}]}}}", "{\"process\":{\"scheduler\":{}}}", "{\"process\":{\"oomScoreAdj\":1.0}}",
                "{\"process\":{\"user\":{\"uid\":-1}}}", "{\"process\":{\"user\":{\"uid\":4294967296}}}",
                "{\"process\":{\"terminal\":\"true\"}}", "{\"linux\":{\"resources\":{\"blockIO\":{}}}}",
                "{\"annotations\":{\"a\":1}}", "{/*c*/}")) {
            assertNull(QuickSpecReader.read(json.getBytes(StandardCharsets.UTF_8)), json);
        }
    }

    /** Random damage to the rich config: wherever the quick reader answers, databind answers the same. */
    @Test
    void agreesWithDatabindOnDamagedConfigs() throws Exception {
        JsonNode[] damage = {F.textNode("x"), F.numberNode(1), F.numberNode(-1), F.numberNode(1.5), F.booleanNode(true),
            F.nullNode(), F.numberNode(new java.math.BigInteger("4294967296")), F.numberNode(new java.math.BigInteger("18446744073709551616")),
            F.numberNode(new java.math.BigInteger("-9223372036854775809")), F.numberNode(2147483648L), F.objectNode(),
            F.arrayNode(), F.objectNode().put("zz", 1), F.arrayNode().add("a").addNull()};
        JsonNode rich = Json.mapper().readTree(RICH);
        Random random = new Random(11);
        int answered = 0;
        for (int n = 0; n < 3000; n++) {
            JsonNode copy = rich.deepCopy();
            List<JsonNode> containers = new ArrayList<>();
            collect(copy, containers);
            for (int k = 1 + random.nextInt(2); k > 0; k--) {
                JsonNode c = containers.get(random.nextInt(containers.size()));
                JsonNode d = damage[random.nextInt(damage.length)].deepCopy();
                if (c instanceof ObjectNode o) {
                    List<String> names = new ArrayList<>();
                    o.fieldNames().forEachRemaining(names::add);
                    if (names.isEmpty() || random.nextInt(8) == 0) o.set("unknownKey", d);
                    else o.set(names.get(random.nextInt(names.size())), d);
                } else if (c instanceof ArrayNode a && !a.isEmpty()) {
                    a.set(random.nextInt(a.size()), d);
                }
            }
            byte[] bytes = Json.mapper().writeValueAsBytes(copy);
            Spec quick = QuickSpecReader.read(bytes);
            if (quick == null) continue;
            answered++;
            assertEquals(Json.mapper().readValue(bytes, Spec.class), quick, new String(bytes, StandardCharsets.UTF_8));
            assertSameTree(quick);
        }
        assertTrue(answered > 100, "too few damaged configs read to mean anything: " + answered);
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (!n.isContainerNode()) return;
        out.add(n);
        n.elements().forEachRemaining(e -> collect(e, out));
    }
}
