package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** --overlay[=DIR]: the container writes to an overlay upper layer, never to the bundle's rootfs. */
@Tag("jrunc-only")
@ExtendWith(JruncExtension.class)
class OverlayTest {
    private static final String WRITE = "echo new > /written && cat /written && echo changed > /etc/passwd && rm /bin/true"
            + " && grep -c '^overlay / overlay ' /proc/self/mounts";

    @Test
    void tmpfsOverlayLeavesRootfsUntouchedAndGoesWithTheContainer(Env env) throws Exception {
        Path bundle = env.bundle(BundleConfig.busybox().readonlyRoot(false).sh(WRITE));
        String passwd = Files.readString(bundle.resolve("rootfs/etc/passwd"));
        String id = env.newId();
        Result r = env.rt("--overlay", "run", "--bundle", bundle.toString(), id).ok();
        assertEquals("new\n1\n", r.out, "the write is visible inside, on an overlay root");
        assertFalse(Files.exists(bundle.resolve("rootfs/written")), "the rootfs got no new file");
        assertEquals(passwd, Files.readString(bundle.resolve("rootfs/etc/passwd")), "the rootfs's file is unchanged");
        assertTrue(Files.exists(bundle.resolve("rootfs/bin/true"), java.nio.file.LinkOption.NOFOLLOW_LINKS), "the removed file is still there");
        env.assertNoStateDir(id);
        assertTrue(Harness.mountsUnder(env.tmp()).isEmpty(), "nothing mounted on the host");
    }

    @Test
    void tmpfsUpperLivesOnlyInTheContainersMountNamespaceUntilDelete(Env env) throws Exception {
        Path bundle = env.bundle(BundleConfig.busybox().readonlyRoot(false).args("sleep", "60"));
        String id = env.newId();
        env.trackId(id);
        env.rt("--overlay", "create", "--bundle", bundle.toString(), "--pid-file", env.pidFile(id).toString(), id).ok();
        env.learnPid(env.pidFile(id));
        int pid = env.pid(id);
        env.start(id).ok();
        env.execIn(id, List.of(), "sh", "-c", "echo inside > /w").ok();
        Path upper = env.root().resolve(id).resolve("overlay");
        String containerMounts = Files.readString(Path.of("/proc/" + pid + "/mountinfo"));
        assertTrue(containerMounts.contains("upperdir=" + upper.resolve("upper")), containerMounts);
        assertTrue(Harness.mountsUnder(env.root()).isEmpty(), "the upper tmpfs is not mounted on the host");
        assertFalse(Files.exists(bundle.resolve("rootfs/w")));
        env.delete(id, "--force").ok();
        Env.awaitDead(pid);
        assertFalse(Files.exists(upper), "the upper layer's mount point went with the state dir");
        env.assertNoStateDir(id);
    }

    @Test
    void overlayDirectoryIsKeptAfterDelete(Env env) throws Exception {
        Path bundle = env.bundle(BundleConfig.busybox().readonlyRoot(false).sh(WRITE));
        Path dir = env.tmp().resolve("changes");
        String id = env.newId();
        Result r = env.rt("--overlay=" + dir, "run", "--bundle", bundle.toString(), id).ok();
        assertEquals("new\n1\n", r.out);
        env.assertNoStateDir(id);
        assertEquals("new\n", Files.readString(dir.resolve("upper/written")), "the container's changes are kept in DIR/upper");
        assertEquals("changed\n", Files.readString(dir.resolve("upper/etc/passwd")));
        assertFalse(Files.exists(bundle.resolve("rootfs/written")));
        // the next container starts from the kept changes
        Path again = env.bundle(BundleConfig.busybox().readonlyRoot(false).sh("cat /written"));
        assertEquals("new\n", env.rt("--overlay=" + dir, "run", "--bundle", again.toString(), env.newId()).ok().out);
        assertTrue(Harness.mountsUnder(env.tmp()).isEmpty());
    }

    @Test
    void readOnlyRootStaysReadOnly(Env env) throws Exception {
        // root.readonly: the overlay is remounted read-only like a plain rootfs; the spec's promise holds
        Path bundle = env.bundle(BundleConfig.busybox().readonlyRoot(true)
                .sh("echo x > /w 2>/dev/null && echo WRITABLE || echo denied; grep -c '^overlay / overlay ro' /proc/self/mounts"));
        assertEquals("denied\n1\n", env.rt("--overlay", "run", "--bundle", bundle.toString(), env.newId()).ok().out);
        assertFalse(Files.exists(bundle.resolve("rootfs/w")));
    }

    @Test
    void rootfsOnAReadOnlyFileSystemIsWritableThroughTheOverlay(Env env) throws Exception {
        Path bundle = env.bundle(BundleConfig.busybox().readonlyRoot(false).sh("echo new > /written && cat /written"));
        Path rootfs = bundle.resolve("rootfs");
        String id = env.newId();
        // the rootfs read-only in a private mount namespace of unshare's, which ends with it
        String script = "mount --bind " + rootfs + " " + rootfs + " && mount -o remount,bind,ro " + rootfs
                + " && ! touch " + rootfs + "/probe 2>/dev/null && exec " + Env.binary() + " --root " + env.root()
                + " --overlay run --bundle " + bundle + " " + id;
        Result r = env.command(List.of("unshare", "-m", "--propagation", "private", "sh", "-c", script), null, Env.CMD_TIMEOUT, null);
        r.ok();
        assertEquals("new\n", r.out);
        assertFalse(Files.exists(rootfs.resolve("written")));
        env.assertNoStateDir(id);
    }

    @Test
    void overlayDirThatIsAFileIsRefused(Env env) throws Exception {
        Path bundle = env.bundle(BundleConfig.busybox().args("true"));
        Path file = env.tmp().resolve("afile");
        Files.writeString(file, "x");
        String id = env.newId();
        env.rt("--overlay=" + file, "run", "--bundle", bundle.toString(), id).exit(1).errContains("--overlay: " + file + ": not a directory");
        env.assertNoStateDir(id);
    }

    @Test
    void failedCreateLeavesNoOverlayBehind(Env env) throws Exception {
        // the command is missing: create fails after the overlay was mounted in the container
        Path bundle = env.bundle(BundleConfig.busybox().readonlyRoot(false).args("/no/such/binary"));
        String id = env.newId();
        env.rt("--overlay", "create", "--bundle", bundle.toString(), id).failed().errContains("no/such/binary");
        env.assertNoStateDir(id);
        assertTrue(Harness.mountsUnder(env.tmp()).isEmpty(), "nothing mounted on the host");
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(env.root().toString()), "no mount names the state dir");
    }
}
