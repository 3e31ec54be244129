package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * NOTIFY_SOCKET, as runc: the container gets /run/notify (its state dir's notify/, read-only) and
 * NOTIFY_SOCKET=/run/notify/notify.sock; start (or run) waits for its READY=1 and passes it on to the
 * caller's socket, then MAINPID=<init pid>. Test names stay short: the socket path must fit in sun_path.
 */
@ExtendWith(JruncExtension.class)
class NotifySocketTest {
    /** Sends argv[1] as one datagram to $NOTIFY_SOCKET: busybox has no unixgram client. */
    private static final String SDNOTIFY_C = """
            #include <stdlib.h>
            #include <string.h>
            #include <sys/socket.h>
            #include <sys/un.h>
            int main(int argc, char **argv) {
                const char *p = getenv("NOTIFY_SOCKET");
                if (argc < 2 || !p) return 2;
                struct sockaddr_un sa = {0};
                sa.sun_family = AF_UNIX;
                strncpy(sa.sun_path, p, sizeof sa.sun_path - 1);
                int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
                if (fd < 0) return 3;
                return sendto(fd, argv[1], strlen(argv[1]), 0, (struct sockaddr *)&sa, sizeof sa) < 0 ? 4 : 0;
            }
            """;

    /** Appends every datagram received at argv[1] to argv[2]. */
    private static final String RECEIVER_PY = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.bind(sys.argv[1])
            while True:
                d = s.recv(4096)
                with open(sys.argv[2], 'ab') as f:
                    f.write(d)
            """;

    private Process receiver;

    @AfterEach
    void stopReceiver() throws InterruptedException {
        if (receiver != null) {
            receiver.destroyForcibly(); // only the process this test started
            receiver.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The host side: a datagram socket in the test's dir, its messages collected in a file. */
    private Path listen(Env env, Path got) throws IOException {
        Path sock = env.tmp().resolve("host.sock");
        receiver = new ProcessBuilder("python3", "-c", RECEIVER_PY, sock.toString(), got.toString())
                .redirectErrorStream(true).redirectOutput(env.tmp().resolve("receiver.log").toFile()).start();
        Env.await("the host notify socket", Duration.ofSeconds(15), () -> Files.exists(sock));
        return sock;
    }

    /** A static sdnotify helper in a host dir the container binds at /helper. */
    private static Path helper(Env env) throws Exception {
        Path dir = env.hostDir("helper");
        Path src = env.tmp().resolve("sdnotify.c");
        Files.writeString(src, SDNOTIFY_C);
        Process cc = new ProcessBuilder("gcc", "-static", "-O2", "-o", dir.resolve("sdnotify").toString(), src.toString())
                .redirectErrorStream(true).start();
        String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, "gcc: " + out);
        return dir;
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The receiver writes what it got asynchronously: wait for it, then compare exactly. */
    private static void awaitGot(Path got, String want) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!read(got).equals(want) && System.nanoTime() < end) Thread.sleep(20);
        assertEquals(want, read(got), "the READY= line, then MAINPID=<the init's host pid>");
    }

    @Test
    void start(Env env) throws Exception {
        Path got = env.tmp().resolve("got");
        Path host = listen(env, got);
        Path out = env.hostDir("out");
        Path bundle = env.bundle(BundleConfig.busybox()
                .bind(helper(env).toString(), "/helper")
                .bind(out.toString(), "/out")
                .sh("echo \"$NOTIFY_SOCKET\" > /out/env; ls -l /run/notify > /out/ls; grep ' /run/notify ' /proc/self/mountinfo > /out/mnt; "
                        + "while [ ! -e /out/go ]; do sleep 0.1; done; /helper/sdnotify 'READY=1'; exec sleep 1000"));
        String id = env.newId();
        Map<String, String> notify = Map.of("NOTIFY_SOCKET", host.toString());

        Result c = env.rtEnv(notify, "create", "--bundle", bundle.toString(), "--pid-file", env.pidFile(id).toString(), id);
        env.learnPid(env.pidFile(id));
        c.ok();
        int pid = env.pid(id);
        assertTrue(Files.isDirectory(env.root().resolve(id).resolve("notify")), "create makes <root>/<id>/notify");

        CompletableFuture<Result> start = CompletableFuture.supplyAsync(() -> env.rtEnv(notify, "start", id));
        Env.awaitFile(out.resolve("env"), "/run/notify/notify.sock\n");
        Thread.sleep(1000);
        assertFalse(start.isDone(), "start must wait for READY=1: " + (start.isDone() ? start.get().describe() : ""));
        assertEquals("", read(got), "nothing forwarded before READY=1");
        Files.writeString(out.resolve("go"), "");

        start.get(Env.CMD_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS).ok();
        awaitGot(got, "READY=1\nMAINPID=" + pid + "\n");
        assertTrue(Env.readFile(out.resolve("ls")).contains("notify.sock"), "the socket is visible in /run/notify");
        String mnt = Env.readFile(out.resolve("mnt"));
        for (String opt : List.of("ro", "nosuid", "nodev", "noexec")) {
            assertTrue(List.of(mnt.split(" ")[5].split(",")).contains(opt), "/run/notify is mounted " + opt + ": " + mnt);
        }

        env.kill(id, "KILL").ok();
        env.awaitStatus(id, "stopped");
        env.delete(id).ok();
        env.assertNoStateDir(id);
    }

    @Test
    void runD(Env env) throws Exception {
        Path got = env.tmp().resolve("got");
        Path host = listen(env, got);
        Path bundle = env.bundle(BundleConfig.busybox()
                .bind(helper(env).toString(), "/helper")
                .sh("sleep 0.5; /helper/sdnotify \"$(printf 'READY=1\\nSTATUS=up')\"; exec sleep 1000"));
        String id = env.newId();
        Result r = env.rtEnv(Map.of("NOTIFY_SOCKET", host.toString()),
                "run", "-d", "--bundle", bundle.toString(), "--pid-file", env.pidFile(id).toString(), id);
        env.learnPid(env.pidFile(id));
        r.ok();
        int pid = env.pid(id);
        // run -d returns once READY=1 is forwarded; only the receiver's own write may lag
        awaitGot(got, "READY=1\nMAINPID=" + pid + "\n");
        env.kill(id, "KILL").ok();
        env.awaitStatus(id, "stopped");
        env.delete(id).ok();
    }

    @Test
    void fg(Env env) throws Exception {
        Path got = env.tmp().resolve("got");
        Path host = listen(env, got);
        Path bundle = env.bundle(BundleConfig.busybox()
                .bind(helper(env).toString(), "/helper")
                .sh("/helper/sdnotify READY=1; exit 3"));
        String id = env.newId();
        Result r = env.rtEnv(Map.of("NOTIFY_SOCKET", host.toString()),
                "run", "--bundle", bundle.toString(), "--pid-file", env.pidFile(id).toString(), id);
        r.exit(3);
        int init = env.readPidFile(env.pidFile(id));
        Env.await("READY=1 and MAINPID", Duration.ofSeconds(10), () -> read(got).matches("READY=1\nMAINPID=\\d+\n"));
        // a foreground run stays to reap the init: MAINPID is the runtime's own pid, as runc
        assertFalse(read(got).equals("READY=1\nMAINPID=" + init + "\n"), read(got));
        env.assertNoStateDir(id);
    }

    @Test
    void noReady(Env env) throws Exception {
        Path got = env.tmp().resolve("got");
        Path host = listen(env, got);
        Path bundle = env.bundle(BundleConfig.busybox().sh("sleep 0.3; exit 0"));
        String id = env.newId();
        Map<String, String> notify = Map.of("NOTIFY_SOCKET", host.toString());
        env.rtEnv(notify, "create", "--bundle", bundle.toString(), "--pid-file", env.pidFile(id).toString(), id).ok();
        env.learnPid(env.pidFile(id));
        // the init exits without READY=1: start returns instead of waiting for ever, and forwards nothing
        env.rtEnv(notify, "start", id).ok();
        env.awaitStatus(id, "stopped");
        Thread.sleep(200);
        assertEquals("", read(got));
        env.delete(id).ok();
    }

    @Test
    void none(Env env) throws Exception {
        Path out = env.hostDir("out");
        Path bundle = env.bundle(BundleConfig.busybox()
                .bind(out.toString(), "/out")
                .sh("echo \"env=$NOTIFY_SOCKET\" > /out/env; if [ -e /run/notify ]; then echo yes; else echo no; fi > /out/dir"));
        String id = env.newId();
        env.createOk(id, bundle);
        assertFalse(Files.exists(env.root().resolve(id).resolve("notify")), "no notify dir without NOTIFY_SOCKET");
        env.start(id).ok();
        env.awaitStatus(id, "stopped");
        assertEquals("env=\n", Env.readFile(out.resolve("env")));
        assertEquals("no\n", Env.readFile(out.resolve("dir")), "no /run/notify mount without NOTIFY_SOCKET");
        env.delete(id).ok();
    }
}
