package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** linux.seccomp in real containers: errno and kill actions, argument rules, Docker's profile, notify, bad profiles. */
@ExtendWith(JruncExtension.class)
class SeccompTest {
    static final ObjectMapper M = new ObjectMapper();
    /** x86_64 syscall numbers busybox's mkdir uses. */
    static final int NR_MKDIR = 83, NR_MKDIRAT = 258;

    /** A profile: default ALLOW, then rules given as {names, action, extra fields...}. */
    static ObjectNode allowAllBut(String action, String... names) {
        ObjectNode s = M.createObjectNode();
        s.put("defaultAction", "SCMP_ACT_ALLOW");
        ObjectNode rule = s.putArray("syscalls").addObject();
        ArrayNode n = rule.putArray("names");
        for (String name : names) n.add(name);
        rule.put("action", action);
        return s;
    }

    static ObjectNode rule(ObjectNode profile) {
        return (ObjectNode) profile.get("syscalls").get(0);
    }

    static BundleConfig with(ObjectNode seccomp) {
        BundleConfig c = BundleConfig.busybox();
        ((ObjectNode) c.node().get("linux")).set("seccomp", seccomp);
        return c;
    }

    static Result run(Env env, BundleConfig cfg, String script) {
        return env.runForeground(env.newId(), env.bundle(cfg.sh(script)));
    }

    @Test
    void errnoRuleDeniesOnlyThatSyscall(Env env) {
        Result r = run(env, with(allowAllBut("SCMP_ACT_ERRNO", "mkdir", "mkdirat")),
                "mkdir /tmp/d; echo rc=$?; touch /tmp/f && echo touched; ls /tmp; rm /tmp/f && echo removed");
        r.ok();
        assertTrue(r.err.contains("Operation not permitted"), r.describe());
        assertEquals("rc=1\ntouched\nf\nremoved\n", r.out);
    }

    @Test
    void withoutTheProfileMkdirWorks(Env env) {
        // The control for the test above: the same script without linux.seccomp.
        assertEquals("rc=0\n", run(env, BundleConfig.busybox(), "mkdir /tmp/d; echo rc=$?").ok().out);
    }

    @Test
    void errnoRetIsReturned(Env env) {
        ObjectNode p = allowAllBut("SCMP_ACT_ERRNO", "mkdir", "mkdirat");
        rule(p).put("errnoRet", 28); // ENOSPC
        Result r = run(env, with(p), "mkdir /tmp/d; echo rc=$?").ok();
        assertTrue(r.err.contains("No space left on device"), r.describe());
        assertEquals("rc=1\n", r.out);
    }

    @Test
    void defaultErrnoRetAppliesToTheDefaultAction(Env env) {
        // Allow-list profile: deny by default with EXDEV, allow everything the shell needs but mkdir.
        ObjectNode p = docker();
        p.put("defaultErrnoRet", 18); // EXDEV
        for (JsonNode rule : p.get("syscalls")) {
            ArrayNode names = (ArrayNode) rule.get("names");
            for (int i = names.size() - 1; i >= 0; i--) {
                if (names.get(i).asText().startsWith("mkdir")) names.remove(i);
            }
        }
        Result r = run(env, with(p), "mkdir /tmp/d; echo rc=$?").ok();
        assertTrue(r.err.contains("Invalid cross-device link"), r.describe());
    }

    @Test
    void argumentRuleActsOnExactlyThoseArguments(Env env) {
        // personality(PER_LINUX32 = 8) is denied; personality(PER_LINUX = 0) is not.
        ObjectNode p = allowAllBut("SCMP_ACT_ERRNO", "personality");
        ObjectNode arg = rule(p).putArray("args").addObject();
        arg.put("index", 0);
        arg.put("value", 8);
        arg.put("op", "SCMP_CMP_EQ");
        Result r = run(env, with(p), "linux64 uname -m; echo rc64=$?; linux32 uname -m; echo rc32=$?").ok();
        assertEquals("x86_64\nrc64=0\nrc32=1\n", r.out);
        assertTrue(r.err.contains("Operation not permitted"), r.describe());
    }

    @Test
    void maskedEqualityComparesTheMaskedBits(Env env) {
        // Deny personality when (persona & 0xff) == 8: PER_LINUX32 | ADDR_NO_RANDOMIZE (0x0040008) too.
        ObjectNode p = allowAllBut("SCMP_ACT_ERRNO", "personality");
        ObjectNode arg = rule(p).putArray("args").addObject();
        arg.put("index", 0);
        arg.put("value", 0xff);
        arg.put("valueTwo", 8);
        arg.put("op", "SCMP_CMP_MASKED_EQ");
        Result r = run(env, with(p), "linux32 -R true; echo rc32R=$?; linux64 -R true; echo rc64R=$?").ok();
        assertEquals("rc32R=1\nrc64R=0\n", r.out);
    }

    @Test
    void killProcessKillsWithSigsys(Env env) {
        Result r = env.runForeground(env.newId(), env.bundle(with(allowAllBut("SCMP_ACT_KILL_PROCESS", "mkdir", "mkdirat"))
                .args("mkdir", "/tmp/d")));
        assertEquals(128 + 31, r.exit, r.describe());
    }

    @Test
    void killThreadKillsASingleThreadedProcess(Env env) {
        Result r = run(env, with(allowAllBut("SCMP_ACT_KILL", "mkdir", "mkdirat")),
                "mkdir /tmp/d; echo status=$?; test -d /tmp/d || echo absent").ok();
        assertEquals("status=" + (128 + 31) + "\nabsent\n", r.out);
    }

    @Test
    void filterWithoutNoNewPrivsIsLoadedBeforeTheCapabilityDrop(Env env) {
        // Without no_new_privs, seccomp(2) needs CAP_SYS_ADMIN: it must come before the switch to uid 1000.
        BundleConfig c = with(allowAllBut("SCMP_ACT_ERRNO", "mkdir", "mkdirat")).noNewPrivileges(false).user(1000, 1000);
        Result r = run(env, c, "id -u; grep NoNewPrivs /proc/self/status; grep Seccomp: /proc/self/status; mkdir /tmp/d; echo rc=$?").ok();
        assertEquals("1000\nNoNewPrivs:\t0\nSeccomp:\t2\nrc=1\n", r.out);
    }

    static ObjectNode docker() {
        try (InputStream in = SeccompTest.class.getResourceAsStream("docker-default-oci-amd64.json")) {
            return (ObjectNode) M.readTree(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void dockerDefaultProfile(Env env) {
        Result r = run(env, with(docker()),
                "echo hello; ls / >/dev/null && echo ls-ok; mkdir /tmp/d && echo mkdir-ok;"
                        + " unshare -U true; echo unshare=$?; mount -t tmpfs t /mnt; echo mount=$?;"
                        + " grep Seccomp: /proc/self/status").ok();
        assertEquals("hello\nls-ok\nmkdir-ok\nunshare=1\nmount=1\nSeccomp:\t2\n", r.out);
        assertTrue(r.err.contains("unshare: unshare(0x10000000): Operation not permitted"), r.describe());
    }

    @Test
    void notifyReachesTheAgentWhichAnswers(Env env) throws Exception {
        Path sock = env.tmp().resolve("agent.sock");
        ObjectNode p = allowAllBut("SCMP_ACT_NOTIFY", "mkdir", "mkdirat");
        p.put("listenerPath", sock.toString());
        p.put("listenerMetadata", "meta-1");
        String id = env.newId();
        try (SeccompAgent agent = new SeccompAgent(sock, 0, 0)) {
            // The agent fakes success: mkdir returns 0 but the kernel never made the directory.
            Result r = env.runForeground(id, env.bundle(with(p).annotation("org.example.k", "v1")
                    .sh("mkdir /tmp/d; echo rc=$?; test -d /tmp/d && echo present || echo absent")));
            r.ok();
            assertEquals("rc=0\nabsent\n", r.out);
            assertNull(agent.failure);
            ConsoleSocket.Received got = agent.received;
            assertEquals(1, got.fds.length, "one fd");
            JsonNode st = M.readTree(got.payload);
            assertEquals("[\"seccompFd\"]", st.get("fds").toString());
            assertEquals("meta-1", st.get("metadata").asText());
            int pid = env.readPidFile(env.pidFile(id));
            assertEquals(pid, st.get("pid").asInt());
            JsonNode state = st.get("state");
            assertEquals(id, state.get("id").asText());
            assertEquals("creating", state.get("status").asText());
            assertEquals(pid, state.get("pid").asInt());
            assertTrue(state.get("bundle").asText().startsWith(env.tmp().toString()), state.toString());
            assertEquals("v1", state.get("annotations").get("org.example.k").asText());
            assertFalse(agent.notified.isEmpty());
            assertTrue(agent.notified.stream().allMatch(nr -> nr == NR_MKDIR || nr == NR_MKDIRAT), agent.notified.toString());
        }
    }

    @Test
    void notifyWithoutAnAgentFailsAndLeavesNothing(Env env) {
        ObjectNode p = allowAllBut("SCMP_ACT_NOTIFY", "mkdir");
        p.put("listenerPath", env.tmp().resolve("nobody.sock").toString());
        String id = env.newId();
        Result r = env.create(id, env.bundle(with(p).sh("true")));
        r.failed().errContains("nobody.sock");
        env.assertNoStateDir(id);
        env.assertListEmpty();
    }

    void assertRejected(Env env, ObjectNode profile, String... expected) {
        String id = env.newId();
        Result r = env.create(id, env.bundle(with(profile).sh("true")));
        r.failed();
        for (String e : expected) r.errContains(e);
        assertFalse(r.err.strip().contains("\n"), "one line: " + r.err);
        env.assertNoStateDir(id);
        env.assertListEmpty();
    }

    static boolean jrunc() {
        return !Harness.isRunc();
    }

    @Test
    void unknownOperatorIsRejected(Env env) {
        ObjectNode p = allowAllBut("SCMP_ACT_ERRNO", "mkdir");
        ObjectNode arg = rule(p).putArray("args").addObject();
        arg.put("index", 0);
        arg.put("value", 1);
        arg.put("op", "SCMP_CMP_FOO");
        if (jrunc()) assertRejected(env, p, "linux.seccomp.syscalls[0].args[0].op", "SCMP_CMP_FOO");
        else assertRejected(env, p, "SCMP_CMP_FOO");
    }

    @Test
    void unknownActionIsRejected(Env env) {
        ObjectNode p = allowAllBut("SCMP_ACT_FOO", "mkdir");
        if (jrunc()) assertRejected(env, p, "linux.seccomp.syscalls[0].action", "SCMP_ACT_FOO");
        else assertRejected(env, p, "SCMP_ACT_FOO");
    }

    @Test
    void argumentIndexSixIsRejected(Env env) {
        ObjectNode p = allowAllBut("SCMP_ACT_ERRNO", "mkdir");
        ObjectNode arg = rule(p).putArray("args").addObject();
        arg.put("index", 6);
        arg.put("value", 1);
        arg.put("op", "SCMP_CMP_EQ");
        if (jrunc()) assertRejected(env, p, "linux.seccomp.syscalls[0].args[0].index");
        else assertRejected(env, p);
    }

    @Test
    void notifyWithoutListenerPathIsRejected(Env env) {
        ObjectNode p = allowAllBut("SCMP_ACT_NOTIFY", "mkdir");
        if (jrunc()) assertRejected(env, p, "linux.seccomp.listenerPath");
        else assertRejected(env, p);
    }

    @Test
    void unusedListenerPathIsNotContacted(Env env) {
        ObjectNode p = allowAllBut("SCMP_ACT_ERRNO", "mkdir", "mkdirat");
        p.put("listenerPath", env.tmp().resolve("nobody.sock").toString());
        assertEquals("rc=1\n", run(env, with(p), "mkdir /tmp/d 2>/dev/null; echo rc=$?").ok().out);
        assertFalse(Files.exists(env.tmp().resolve("nobody.sock")));
    }

    @Test
    void notifyOfTheSyscallsTheRuntimeUsesAfterLoadingDoesNotDeadlock(Env env) throws Exception {
        // The runtime still runs code between loading the filter and the exec (fd hand-over, ready
        // message, exec.fifo): a NOTIFY rule on those syscalls must not hang the create.
        Path sock = env.tmp().resolve("agent.sock");
        ObjectNode p = allowAllBut("SCMP_ACT_NOTIFY", "sendmsg", "openat");
        p.put("listenerPath", sock.toString());
        try (SeccompAgent agent = SeccompAgent.continuing(sock)) {
            Result r = env.runForeground(env.newId(), env.bundle(with(p).args("/bin/echo", "ok")));
            assertNull(agent.failure);
            assertEquals(1, agent.received.fds.length, r.describe());
            r.ok();
        }
    }
}
