package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** `jrunc do -- CMD`: a command in a throwaway sandbox over the host's /, no bundle. */
@Tag("jrunc-only")
@ExtendWith(JruncExtension.class)
class DoTest {

    /** Nothing of the container is left: no state dir, no mount. */
    static void assertNothingLeft(Env env) throws Exception {
        if (Files.isDirectory(env.root())) {
            try (var s = Files.list(env.root())) {
                assertEquals(0, s.count(), "no container state left in " + env.root());
            }
        }
        assertTrue(Harness.mountsUnder(env.tmp()).isEmpty(), "nothing mounted on the host");
    }

    @Test
    void echoHi(Env env) throws Exception {
        Result r = env.rt("do", "--", "echo", "hi").ok();
        assertEquals("hi\n", r.out);
        assertNothingLeft(env);
    }

    @Test
    void exitCodePropagates(Env env) throws Exception {
        env.rt("do", "--", "sh", "-c", "exit 3").exit(3);
        env.rt("do", "false").exit(1);
        assertNothingLeft(env);
    }

    @Test
    void hostFilesAreVisibleButWritesStayInTheSandbox(Env env) throws Exception {
        Path host = env.tmp().resolve("host-file");
        Files.writeString(host, "from host\n");
        Result r = env.rtIn(env.tmp(), "do", "--", "sh", "-c",
                "pwd; cat host-file; echo changed > host-file; cat host-file; echo new > made-inside; rm " + Env.binary() + " && echo removed").ok();
        assertEquals(env.tmp() + "\nfrom host\nchanged\nremoved\n", r.out, "the caller's cwd, the host's files, writable");
        assertEquals("from host\n", Files.readString(host), "the host file is unchanged");
        assertFalse(Files.exists(env.tmp().resolve("made-inside")));
        assertTrue(Files.exists(Path.of(Env.binary())));
        assertNothingLeft(env);
    }

    @Test
    void isolatedNamespacesAndNoNetwork(Env env) throws Exception {
        Result r = env.rt("do", "--", "sh", "-c", "echo $$; ls /sys/class/net; readlink /proc/self/ns/net; id -u").ok();
        String[] l = r.out.split("\n");
        assertEquals("1", l[0], "a pid namespace of its own");
        assertEquals("lo", l[1], "no network device but loopback");
        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString(), l[2]);
        assertEquals("0", l[3]);
        assertNothingLeft(env);
    }

    @Test
    void envAndCwdFlags(Env env) throws Exception {
        Result r = env.rt("do", "--cwd", "/usr", "--env", "GREETING=hello", "--", "sh", "-c", "pwd; echo $GREETING").ok();
        assertEquals("/usr\nhello\n", r.out);
    }

    @Test
    void missingCommandFails(Env env) throws Exception {
        env.rt("do", "--", "/no/such/command").failed().errContains("no/such/command");
        assertNothingLeft(env);
    }
}
