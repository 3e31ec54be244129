package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** process.terminal with --console-socket: the runtime sends the pty master over the socket. */
@ExtendWith(JruncExtension.class)
class ConsoleTest {

    @Test
    void consoleSocketReceivesPtyMaster(Env env) throws Exception {
        Path sock = env.tmp().resolve("console.sock");
        String id = env.newId();
        Path bundle = env.bundle(BundleConfig.busybox().terminal(true).consoleSize(10, 20)
                .sh("echo tty=$(tty); stty size; test -t 0 && test -t 1 && test -t 2 && echo all-ttys; read line; echo got-$line; sleep 1000"));
        try (ConsoleSocket cs = new ConsoleSocket(sock)) {
            Result c = env.create(id, bundle, "--console-socket", sock.toString()).ok();
            assertEquals("", c.out);
            ConsoleSocket.Received rec = cs.receive();
            assertEquals(1, rec.controlMessages, "one SCM_RIGHTS message");
            assertEquals(1, rec.fds.length, "exactly one fd");
            assertEquals("/dev/ptmx", rec.payload, "payload is the master's name");
            int master = rec.fds[0];
            try {
                String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + master)).toString();
                assertTrue(target.endsWith("ptmx"), "a pty master: " + target);
                env.start(id).ok();
                String out = ConsoleSocket.readUntil(master, "all-ttys", 15_000);
                assertTrue(out.contains("tty=/dev/"), out);
                assertTrue(out.contains("10 20"), "consoleSize applied: " + out);
                assertTrue(out.contains("all-ttys"), out);
                ConsoleSocket.write(master, "hello\n");
                String more = ConsoleSocket.readUntil(master, "got-hello", 15_000);
                assertTrue(more.contains("got-hello"), out + more);
            } finally {
                ConsoleSocket.closeFd(master);
            }
        }
    }

    @Test
    void consoleIsControllingTerminalAndDevConsole(Env env) throws Exception {
        Path sock = env.tmp().resolve("console.sock");
        String id = env.newId();
        Path bundle = env.bundle(BundleConfig.busybox().terminal(true)
                .sh("test -c /dev/console && echo console-ok; ps -o pid,tty 2>/dev/null | head -3; "
                        + "cat /proc/self/stat | cut -d' ' -f6,7 | tr ' ' ':' ; echo done-marker; sleep 1000"));
        try (ConsoleSocket cs = new ConsoleSocket(sock)) {
            env.create(id, bundle, "--console-socket", sock.toString()).ok();
            int master = cs.receive().fds[0];
            try {
                env.start(id).ok();
                String out = ConsoleSocket.readUntil(master, "done-marker", 15_000);
                assertTrue(out.contains("console-ok"), out);
                // session id (field 6) is 1 (setsid in a pid ns) and tty_nr (field 7) is non-zero: a controlling tty.
                String line = out.lines().filter(l -> l.matches("\\d+:\\d+")).findFirst().orElse("");
                assertTrue(line.startsWith("1:"), "setsid: " + out);
                assertTrue(!line.endsWith(":0"), "controlling tty set: " + out);
            } finally {
                ConsoleSocket.closeFd(master);
            }
        }
    }

    @Test
    void runDetachedWithConsoleSocket(Env env) throws Exception {
        Path sock = env.tmp().resolve("console.sock");
        String id = env.newId();
        Path bundle = env.bundle(BundleConfig.busybox().terminal(true).sh("echo detached-tty; sleep 1000"));
        try (ConsoleSocket cs = new ConsoleSocket(sock)) {
            env.runDetached(id, bundle, "--console-socket", sock.toString()).ok();
            int master = cs.receive().fds[0];
            try {
                assertTrue(ConsoleSocket.readUntil(master, "detached-tty", 15_000).contains("detached-tty"));
                assertEquals("running", env.status(id));
            } finally {
                ConsoleSocket.closeFd(master);
            }
        }
    }
}
