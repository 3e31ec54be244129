package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The warm path end to end: `jrunc server` on a private socket, the front using it (its --debug line
 * says so), the front planning cold when the server is absent, dead, slow or refuses, the socket's
 * permissions and SO_PEERCRED check, the idle timeout, socket activation.
 */
@ExtendWith(JruncExtension.class)
class PlannerServerTest {
    private static final String WARM = "planned by the planner server";

    @BeforeEach
    void jruncOnly() {
        assumeFalse(Harness.isRunc(), "jrunc's own planner server");
    }

    /** {@code jrunc --debug --root ROOT ARGS} from cwd, asking the server at socket. */
    private static Result via(Env env, Path socket, Path cwd, String... args) {
        return via(env, socket, cwd, List.of(), args);
    }

    private static Result via(Env env, Path socket, Path cwd, List<String> prefix, String... args) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(List.of(Env.binary(), "--debug", "--root", env.root().toString()));
        argv.addAll(List.of(args));
        return env.command(argv, cwd, Env.CMD_TIMEOUT, Map.of(PlannerServerFixture.SOCKET_ENV, socket.toString()));
    }

    @Test
    void theWarmPassReallyGoesThroughItsServer(Env env) {
        assumeTrue(Harness.warmMode(), "the suite's warm pass (-Djrunc.server=true)");
        env.rt("--debug", "--version").ok().errContains(WARM);
    }

    @Test
    void warmLifecycleUsesTheCallersCwd(Env env) throws Exception {
        try (PlannerServerFixture server = PlannerServerFixture.start(Env.binary(), env.tmp().resolve("srv"), "--idle-timeout", "0")) {
            Path bundle = env.bundle(BundleConfig.busybox().sh("exec sleep 1000"));
            String id = env.newId();
            // no --bundle and a relative --pid-file: both are the caller's cwd, not the server's
            Result c = via(env, server.socket(), bundle, "create", "--pid-file", "rel.pid", id).ok().errContains(WARM);
            assertEquals("", c.out);
            Path pidFile = bundle.resolve("rel.pid");
            assertTrue(Files.exists(pidFile), "pid file in the caller's cwd");
            env.learnPid(pidFile);
            assertEquals(bundle.toString(), env.state(id).path("bundle").asText());
            via(env, server.socket(), null, "start", id).ok().errContains(WARM);
            env.awaitStatus(id, "running");
            Result exec = via(env, server.socket(), null, "exec", id, "echo", "hi-from-exec").ok().errContains(WARM);
            assertEquals("hi-from-exec\n", exec.out);
            via(env, server.socket(), null, "delete", "--force", id).ok().errContains(WARM);
            env.assertNoStateDir(id);

            Path once = env.bundle(BundleConfig.of("sh", "-c", "exit 3"));
            via(env, server.socket(), once, "run", env.newId()).exit(3).errContains(WARM);
            // the server kept running through all of it
            assertTrue(server.process().isAlive(), server.log());
        }
    }

    @Test
    void absentDeadOrSlowServerMeansTheColdPath(Env env) throws Exception {
        Path bundle = env.bundle(BundleConfig.of("true"));
        via(env, env.tmp().resolve("absent.sock"), null, "run", "--bundle", bundle.toString(), env.newId()).ok()
                .errContains("unavailable (connect: no such file or directory): planning cold");

        PlannerServerFixture dead = PlannerServerFixture.start(Env.binary(), env.tmp().resolve("dead"), "--idle-timeout", "0");
        dead.close(); // killed, not idle: its socket file stays behind
        assertTrue(Files.exists(dead.socket()));
        via(env, dead.socket(), null, "run", "--bundle", bundle.toString(), env.newId()).ok()
                .errContains("unavailable (connect: connection refused)");

        // listening, never answering: the front gives up at its deadline (3 s) and plans cold
        Path slow = env.tmp().resolve("slow.sock");
        try (ServerSocketChannel hung = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            hung.bind(UnixDomainSocketAddress.of(slow));
            long t0 = System.nanoTime();
            via(env, slow, null, "run", "--bundle", bundle.toString(), env.newId()).ok()
                    .errContains("unavailable (read plan: connection timed out)");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 2900 && ms < 20000, "gave up after the deadline: " + ms + " ms");
        }
        env.assertListEmpty();
    }

    @Test
    void onlyRootMayAskAndTheIdleTimeoutEndsTheServer(Env env) throws Exception {
        try (PlannerServerFixture server = PlannerServerFixture.start(Env.binary(), env.tmp().resolve("srv"), "--idle-timeout", "3s")) {
            Path sock = server.socket();
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock.getParent())));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            List<String> nobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
            // the directory keeps other users from even connecting
            via(env, sock, null, nobody, "--version").ok().errContains("unavailable (connect: permission denied)");
            // opened up by mistake: the server still refuses them (SO_PEERCRED), and the front plans cold
            Files.setPosixFilePermissions(sock.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-rw-rw-"));
            via(env, sock, null, nobody, "--version").ok().outContains("jrunc version").errContains("unavailable (");
            via(env, sock, null, "--version").ok().outContains("jrunc version").errContains(WARM);
            // idle for 3 s: it exits 0 by itself and removes its socket
            assertTrue(server.process().waitFor(30, TimeUnit.SECONDS), "exited when idle");
            assertEquals(0, server.process().exitValue(), server.log());
            assertTrue(server.log().contains("served 1, declined 0, refused 1"), server.log());
            assertTrue(Files.notExists(sock), "socket removed");
        }
    }

    @Test
    void socketActivationServesTheInheritedSocket(Env env) throws Exception {
        assumeTrue(env.command(List.of("python3", "--version"), null, Env.CMD_TIMEOUT, null).exit == 0, "python3 plays systemd here");
        Path sock = env.tmp().resolve("activated.sock");
        // as systemd with StandardInput=socket: a listening unix socket on fd 0, then exec the service
        String py = "import os,socket,sys\n"
                + "s=socket.socket(socket.AF_UNIX)\ns.bind(sys.argv[1])\ns.listen(16)\nos.dup2(s.fileno(),0)\n"
                + "os.execv(sys.argv[2],[sys.argv[2],'server','--idle-timeout','2s'])\n";
        ProcessBuilder pb = new ProcessBuilder("python3", "-c", py, sock.toString(), Env.binary())
                .redirectErrorStream(true).redirectOutput(env.tmp().resolve("activated.log").toFile());
        pb.environment().put(PlannerServerFixture.SOCKET_ENV, "");
        Process p = pb.start();
        Reaper.javaChildren.add(p.pid());
        try {
            Env.await("the activated server answers", java.time.Duration.ofSeconds(30), () -> {
                Result r = via(env, sock, null, "--version");
                return r.err.contains(WARM);
            });
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exited when idle");
            assertEquals(0, p.exitValue());
            assertTrue(Files.exists(sock), "an inherited socket is systemd's: left in place");
        } finally {
            if (p.isAlive()) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            if (!p.isAlive()) Reaper.javaChildren.remove(p.pid());
        }
    }
}
