package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** --strace: the container's syscalls in the debug log, through a seccomp user-notification supervisor. */
@Tag("jrunc-only")
@ExtendWith(JruncExtension.class)
class StraceTest {
    /** The strace lines of a log, in order. */
    static List<String> straceLines(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains("level=debug msg=\"strace: ")).toList();
    }

    static Result runWith(Env env, String id, BundleConfig cfg, String... global) {
        env.trackId(id);
        List<String> a = new ArrayList<>(Arrays.asList(global));
        a.addAll(List.of("run", "--bundle", env.bundle(cfg).toString(), id));
        return env.rt(a.toArray(new String[0]));
    }

    @Test
    void logsTheContainersOpenatOfAKnownFile(Env env) throws Exception {
        Path log = env.tmp().resolve("strace.log");
        Result r = runWith(env, env.newId(), BundleConfig.busybox().sh("cat /etc/strace-marker 2>/dev/null; echo done"),
                "--log", log.toString(), "--strace").ok();
        assertEquals("done\n", r.out);
        List<String> lines = straceLines(log);
        assertTrue(lines.stream().anyMatch(l -> l.contains("openat(-100, \\\"/etc/strace-marker\\\", 0x0, 0)")),
                "openat of the marker in:\n" + String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("execve(\\\"/bin/sh\\\"")), "the exec of the process is logged too");
        assertTrue(lines.stream().anyMatch(l -> l.contains("exit_group(0)")));
    }

    @Test
    void withoutTheFlagNothingIsLogged(Env env) throws Exception {
        Path log = env.tmp().resolve("plain.log");
        runWith(env, env.newId(), BundleConfig.busybox().sh("cat /etc/strace-marker 2>/dev/null; true"), "--log", log.toString()).ok();
        assertTrue(!Files.exists(log) || straceLines(log).isEmpty());
    }

    @Test
    void straceSyscallsLimitsTheLog(Env env) throws Exception {
        Path log = env.tmp().resolve("openat.log");
        runWith(env, env.newId(), BundleConfig.busybox().sh("cat /etc/strace-marker 2>/dev/null; echo hi >/dev/null"),
                "--log", log.toString(), "--strace", "--strace-syscalls=openat").ok();
        List<String> lines = straceLines(log);
        assertFalse(lines.isEmpty());
        for (String l : lines) assertTrue(l.matches(".*strace: \\[pid \\d+\\] openat\\(.*"), l);
        assertTrue(lines.stream().anyMatch(l -> l.contains("/etc/strace-marker")));
    }

    @Test
    void supervisorOutlivesCreateAndExitsWithTheContainer(Env env) throws Exception {
        Path log = env.tmp().resolve("lifecycle.log");
        String id = env.newId();
        List<String> create = List.of("--log", log.toString(), "--strace", "create", "--bundle",
                env.bundle(BundleConfig.busybox().sh("cat /etc/after-start 2>/dev/null; true")).toString(),
                "--pid-file", env.pidFile(id).toString(), id);
        env.trackId(id);
        env.rt(create.toArray(new String[0])).ok();
        env.learnPid(env.pidFile(id));
        // the container's init is a fork of the front too (same argv until it execs): leave it out
        List<Long> supervisors = new ArrayList<>(processesWith(log.toString()));
        supervisors.remove(Long.valueOf(env.pid(id)));
        assertEquals(1, supervisors.size(), "one supervisor per container after create: " + supervisors);
        supervisors.forEach(p -> env.trackPid((int) (long) p));
        env.start(id).ok();
        env.awaitStatus(id, "stopped");
        Env.await("supervisor exit", Duration.ofSeconds(10), () -> processesWith(log.toString()).isEmpty());
        assertTrue(straceLines(log).stream().anyMatch(l -> l.contains("/etc/after-start")));
        env.delete(id).ok();
    }

    /** The option is recorded in the state: an exec'd process is traced too, to the exec's own --log. */
    @Test
    void execIsTracedToo(Env env) throws Exception {
        Path createLog = env.tmp().resolve("create.log");
        Path execLog = env.tmp().resolve("exec.log");
        String id = env.newId();
        env.trackId(id);
        env.rt("--log", createLog.toString(), "--strace", "run", "-d", "--bundle",
                env.bundle(BundleConfig.busybox().sh("exec sleep 1000")).toString(), "--pid-file", env.pidFile(id).toString(), id).ok();
        env.learnPid(env.pidFile(id));
        env.rt("--log", execLog.toString(), "exec", id, "sh", "-c", "cat /etc/exec-marker 2>/dev/null; true").ok();
        assertTrue(straceLines(execLog).stream().anyMatch(l -> l.contains("/etc/exec-marker")), straceLines(execLog).toString());
        assertTrue(straceLines(createLog).stream().noneMatch(l -> l.contains("/etc/exec-marker")), "the exec's syscalls go to the exec's log");
        Env.await("the exec's supervisor exits with the exec'd process", Duration.ofSeconds(10),
                () -> processesWith(execLog.toString()).isEmpty());
    }

    @Test
    void refusedWithASpecThatUsesNotify(Env env) {
        String id = env.newId();
        BundleConfig cfg = BundleConfig.busybox().sh("true");
        var seccomp = ((com.fasterxml.jackson.databind.node.ObjectNode) cfg.node().get("linux")).putObject("seccomp");
        seccomp.put("defaultAction", "SCMP_ACT_ALLOW").put("listenerPath", env.tmp().resolve("agent.sock").toString());
        var rule = seccomp.putArray("syscalls").addObject();
        rule.putArray("names").add("mkdir");
        rule.put("action", "SCMP_ACT_NOTIFY");
        Result r = runWith(env, id, cfg, "--strace");
        assertEquals(1, r.exit);
        r.errContains("--strace cannot be used with linux.seccomp rules that use SCMP_ACT_NOTIFY");
        env.assertNoStateDir(id);
    }

    /** Pids whose command line mentions s (the supervisor is a fork of the front: same argv). */
    static List<Long> processesWith(String s) {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.matches("\\d+")) continue;
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    String stat = Files.readString(p.resolve("stat"));
                    boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
                    if (cmd.contains(s) && !zombie) out.add(Long.parseLong(name));
                } catch (IOException gone) {
                    // exited while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
