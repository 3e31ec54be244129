package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What an exec'd process sees and how exec, pause and ps behave, as a user of runc relies on. */
@ExtendWith(JruncExtension.class)
class ExecBehaviourTest {

    private static String running(Env env, BundleConfig cfg) {
        String id = env.newId();
        env.startContainer(id, env.bundle(cfg));
        return id;
    }

    private static String link(int pid, String ns) throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + ns)).toString();
    }

    @Test
    void execSeesTheContainersHostnamePidsMountsAndCgroup(Env env) throws Exception {
        Path shared = env.hostDir("shared");
        Files.writeString(shared.resolve("marker"), "from-host\n");
        String id = running(env, BundleConfig.of("sleep", "1000").hostname("inside").bind(shared.toString(), "/shared"));
        int init = env.pid(id);
        Result r = env.execIn(id, List.of(), "sh", "-c",
                "hostname; echo $$; cat /proc/1/cmdline | tr '\\0' ' '; echo; cat /shared/marker; cat /proc/self/cgroup | sort | md5sum; cat /proc/1/cgroup | sort | md5sum").ok();
        String[] l = r.out.split("\n");
        assertEquals("inside", l[0], r.out);
        assertNotEquals("1", l[1], "the exec'd process is not the pid namespace's init");
        assertTrue(Integer.parseInt(l[1]) < 1000, "a pid of the container's namespace, not a host pid: " + l[1]);
        assertEquals("sleep 1000 ", l[2], "pid 1 is the container's init");
        assertEquals("from-host", l[3], "the container's mounts");
        assertEquals(l[4], l[5], "same cgroups as the init");

        // From the host: a detached exec is in every namespace and cgroup of the init.
        env.execIn(id, List.of("-d"), "sleep", "1000").ok();
        int pid = env.readPidFile(env.lastExecPidFile(id));
        for (String ns : List.of("mnt", "uts", "ipc", "net", "pid", "cgroup")) {
            assertEquals(link(init, ns), link(pid, ns), ns + " namespace");
        }
        assertEquals(Files.readString(Path.of("/proc/" + init + "/cgroup")), Files.readString(Path.of("/proc/" + pid + "/cgroup")));
        assertEquals(Files.readSymbolicLink(Path.of("/proc/" + init + "/root")), Files.readSymbolicLink(Path.of("/proc/" + pid + "/root")));
    }

    @Test
    void userFlagGivesThatUid(Env env) throws Exception {
        String id = running(env, BundleConfig.of("sleep", "1000"));
        assertEquals("1000 0\n", env.execIn(id, List.of("--user", "1000"), "sh", "-c", "echo $(id -u) $(id -g)").ok().out);
        env.execIn(id, List.of("-d", "-u", "1234:55"), "sleep", "1000").ok();
        int pid = env.readPidFile(env.lastExecPidFile(id));
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        assertTrue(status.contains("\nUid:\t1234\t1234\t1234\t1234\n"), status);
        assertTrue(status.contains("\nGid:\t55\t55\t55\t55\n"), status);
        env.execIn(id, List.of("--user", "bob"), "true").exit(255).errContains("parsing bob as int");
    }

    @Test
    void exitCodesPropagate(Env env) {
        String id = running(env, BundleConfig.of("sleep", "1000"));
        env.execIn(id, List.of(), "true").exit(0);
        env.execIn(id, List.of(), "sh", "-c", "exit 3").exit(3);
        env.execIn(id, List.of(), "sh", "-c", "exit 254").exit(254);
        env.execIn(id, List.of(), "sh", "-c", "kill -9 $$").exit(137);
        env.execIn(id, List.of(), "sh", "-c", "kill -TERM $$").exit(143);
    }

    @Test
    void detachedExecReturnsAtOnceWithTheRightPid(Env env) throws Exception {
        String id = running(env, BundleConfig.of("sleep", "1000"));
        long t0 = System.nanoTime();
        env.execIn(id, List.of("-d"), "sh", "-c", "exec sleep 987").ok().outEquals("");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 10_000, "detached exec returned after " + ms + " ms");
        int pid = env.readPidFile(env.lastExecPidFile(id));
        assertTrue(Reaper.isAlive(pid));
        Env.await("exec'd sleep", Duration.ofSeconds(5), () -> cmdline(pid).equals("sleep 987"));
        assertEquals(link(env.pid(id), "pid"), link(pid, "pid"));
        // it is in the container's cgroup, so kill --all reaches it
        env.kill(id, "KILL", "--all").ok();
        Env.awaitDead(pid);
    }

    @Test
    void deleteForceKillsExecdProcesses(Env env) {
        String id = running(env, BundleConfig.of("sleep", "1000"));
        env.execIn(id, List.of("-d"), "sleep", "1000").ok();
        int pid = env.readPidFile(env.lastExecPidFile(id));
        env.delete(id, "--force").ok();
        Env.awaitDead(pid);
        env.assertNoStateDir(id);
    }

    private static String cmdline(int pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).replace('\0', ' ').trim();
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void twentyConcurrentExecs(Env env) throws Exception {
        String id = running(env, BundleConfig.of("sleep", "1000"));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Result>> fs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                // Twenty planner JVMs at once on a small, shared host: allow more than the usual 40 s.
                List<String> argv = List.of(Env.binary(), "--root", env.root().toString(), "exec", "-e", "N=" + n, id, "sh", "-c", "echo $N $$");
                fs.add(pool.submit(() -> env.command(argv, null, Duration.ofSeconds(180), null)));
            }
            Set<String> ns = new HashSet<>(), pids = new HashSet<>();
            for (Future<Result> f : fs) {
                Result r = f.get();
                r.ok();
                String[] w = r.out.trim().split(" ");
                ns.add(w[0]);
                pids.add(w[1]);
            }
            assertEquals(20, ns.size());
            assertEquals(20, pids.size(), "each exec is its own process");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void execIntoStoppedOrMissingFailsCleanlyWith255(Env env) {
        String id = env.newId();
        int pid = env.startContainer(id, env.bundle(BundleConfig.of("true").sharedRootfs()));
        Env.awaitDead(pid);
        env.awaitStatus(id, "stopped");
        env.execIn(id, List.of(), "true").exit(255).errContains("exec failed: cannot exec in a stopped container").outEquals("");
        assertEquals("stopped", env.status(id), "exec changed nothing");
        env.delete(id).ok();
        env.execIn(id, List.of(), "true").exit(255).errContains("exec failed: container does not exist");
    }

    @Test
    void failedExecLeavesNothingBehind(Env env) {
        String id = running(env, BundleConfig.of("sleep", "1000"));
        env.execIn(id, List.of(), "/nonexistent").exit(255)
                .errContains("exec failed: unable to start container process: exec: ").errContains("stat /nonexistent: no such file or directory");
        env.execIn(id, List.of(), new String[0]).exit(255).errContains("process args cannot be empty");
        // only the init is left in the container, and it dies at once on delete --force
        assertEquals("[" + env.pid(id) + "]\n", env.rt("ps", "--format", "json", id).ok().out);
        long t0 = System.nanoTime();
        env.delete(id, "--force").ok();
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 5000, "delete --force was slow: a zombie held the pid namespace");
    }

    @Test
    void psTableShowsOnlyTheContainersProcesses(Env env) {
        String id = running(env, BundleConfig.of("sleep", "1000"));
        int init = env.pid(id);
        Result r = env.rt("ps", id).ok();
        String[] lines = r.out.split("\n");
        assertTrue(lines[0].contains("PID") && lines[0].contains("CMD"), r.out);
        assertEquals(2, lines.length, r.out);
        assertEquals(String.valueOf(init), lines[1].trim().split("\\s+")[1], r.out);
        // the options after the id are ps's own
        Result o = env.rt("ps", id, "-o", "pid,comm").ok();
        assertEquals("PID COMMAND", o.out.split("\n")[0].trim().replaceAll("\\s+", " "));
        assertEquals(init + " sleep", o.out.split("\n")[1].trim().replaceAll("\\s+", " "));
        env.rt("ps", id, "-o", "comm").exit(1).errContains("couldn't find PID field in ps output");
    }

    @Test
    void pauseStopsACountingLoopAndResumeRestartsIt(Env env) throws Exception {
        Path out = env.hostDir("out");
        String id = running(env, BundleConfig.busybox().bind(out.toString(), "/out").sh("i=0; while true; do i=$((i+1)); echo $i > /out/n; done"));
        Path n = out.resolve("n");
        Env.await("counting", Duration.ofSeconds(10), () -> count(n) > 10);
        env.rt("pause", id).ok();
        String freezer = env.state(id).path("id").asText(); // existence check of state
        assertEquals(id, freezer);
        assertEquals("paused", env.status(id));
        Thread.sleep(100);
        long a = count(n);
        Thread.sleep(300);
        assertEquals(a, count(n), "a paused loop does not count");
        env.execIn(id, List.of(), "true").exit(255).errContains("cannot exec in a paused container (use --ignore-paused to override)");
        env.rt("resume", id).ok();
        Env.await("counting again", Duration.ofSeconds(10), () -> count(n) > a + 10);
        assertEquals("running", env.status(id));
    }

    private static long count(Path p) {
        try {
            return Long.parseLong(Files.readString(p).trim());
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * This host has no usable /dev/ptmx (devpts with ptmxmode=000), so tmux runs in a private mount
     * namespace with its own /dev and devpts instance; the host's /dev is not touched. jrunc runs
     * inside tmux exactly as a person would type it.
     */
    private static final String PTY_SANDBOX = String.join("\n",
            "set -e",
            "mount -t tmpfs -o mode=755 tmpfs /dev",
            "mknod -m 666 /dev/null c 1 3; mknod -m 666 /dev/zero c 1 5; mknod -m 666 /dev/full c 1 7",
            "mknod -m 666 /dev/random c 1 8; mknod -m 666 /dev/urandom c 1 9; mknod -m 666 /dev/tty c 5 0",
            "ln -s /proc/self/fd /dev/fd; mkdir /dev/pts /dev/shm",
            "mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts /dev/pts",
            "ln -s pts/ptmx /dev/ptmx",
            "exec \"$@\"", "");

    @Test
    void ttyExecWorksInTmux(Env env) throws Exception {
        String id = running(env, BundleConfig.of("sleep", "1000"));
        Path sandbox = env.tmp().resolve("ptyns.sh");
        Files.writeString(sandbox, PTY_SANDBOX);
        Path exit = env.tmp().resolve("tmux-exit");
        String cmd = Env.binary() + " --root " + env.root() + " exec -t " + id + " sh; echo $? > " + exit;
        List<String> tmux = List.of("tmux", "-S", env.tmp().resolve("tmux.sock").toString(), "-f", "/dev/null");
        try {
            List<String> start = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private", "sh", sandbox.toString()));
            start.addAll(concat(tmux, "new-session", "-d", "-s", "t", "-x", "100", "-y", "30", cmd));
            env.command(start, null, Env.CMD_TIMEOUT, Map.of("TERM", "xterm")).ok();
            Env.await("shell prompt", Duration.ofSeconds(20), () -> pane(env, tmux).contains("#"), () -> pane(env, tmux));
            run(env, tmux, "send-keys", "-t", "t", "tty; stty size; echo ans-$((6*7))", "Enter");
            Env.await("answer in the pane", Duration.ofSeconds(20), () -> pane(env, tmux).contains("ans-42"), () -> pane(env, tmux));
            String screen = pane(env, tmux);
            assertTrue(screen.contains("/dev/pts/"), screen);
            assertTrue(screen.contains("30 100"), "the pane's size reaches the pty: " + screen);
            run(env, tmux, "send-keys", "-t", "t", "exit 5", "Enter");
            Env.await("exit status", Duration.ofSeconds(20), () -> Files.exists(exit) && !Env.readFile(exit).isEmpty());
            assertEquals("5", Env.readFile(exit).trim());
        } finally {
            env.command(concat(tmux, "kill-server"), null, Env.CMD_TIMEOUT, null);
        }
    }

    /** containerd's `exec -t`: detached, the pty master sent to its console socket. */
    @Test
    void detachedTtyExecSendsThePtyMasterToTheConsoleSocket(Env env) throws Exception {
        String id = running(env, BundleConfig.of("sleep", "1000"));
        Path sock = env.tmp().resolve("exec-console.sock");
        try (ConsoleSocket cs = new ConsoleSocket(sock)) {
            env.execIn(id, List.of("-d", "-t", "--console-socket", sock.toString()), "sh", "-c",
                    "echo tty=$(tty); test -t 0 && test -t 1 && echo all-ttys; read line; echo got-$line; sleep 1000").ok();
            ConsoleSocket.Received rec = cs.receive();
            assertEquals("/dev/ptmx", rec.payload);
            assertEquals(1, rec.fds.length);
            int master = rec.fds[0];
            try {
                String out = ConsoleSocket.readUntil(master, "all-ttys", 15_000);
                assertTrue(out.contains("tty=/dev/pts/"), out);
                ConsoleSocket.write(master, "hello\n");
                assertTrue(ConsoleSocket.readUntil(master, "got-hello", 15_000).contains("got-hello"));
            } finally {
                ConsoleSocket.closeFd(master);
            }
        }
        env.execIn(id, List.of("-d", "-t"), "true").exit(255).errContains("cannot allocate tty if runc will detach without setting console socket");
    }

    /** runc lets exec into a created container (its init is still waiting for start). */
    @Test
    void execIntoACreatedContainer(Env env) {
        String id = env.newId();
        int init = env.createOk(id, env.bundle(BundleConfig.of("sleep", "1000").hostname("made")));
        env.execIn(id, List.of(), "hostname").ok().outEquals("made\n");
        assertEquals("created", env.status(id));
        assertTrue(Reaper.isAlive(init));
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> r = new ArrayList<>(a);
        r.addAll(List.of(b));
        return r;
    }

    private static void run(Env env, List<String> tmux, String... args) {
        env.command(concat(tmux, args), null, Env.CMD_TIMEOUT, Map.of("TERM", "xterm")).ok();
    }

    private static String pane(Env env, List<String> tmux) {
        return env.command(concat(tmux, "capture-pane", "-p", "-t", "t"), null, Env.CMD_TIMEOUT, null).out;
    }
}
