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

/** What the container sees: namespaces, mounts, devices, process attributes. */
@ExtendWith(JruncExtension.class)
class SandboxTest {

    /** Runs {@code sh -c script} in the foreground, asserts exit 0 and returns stdout. */
    static String sh(Env env, BundleConfig cfg, String script) {
        String id = env.newId();
        Result r = env.runForeground(id, env.bundle(cfg.sh(script)));
        r.ok();
        return r.out;
    }

    static String sh(Env env, String script) {
        return sh(env, BundleConfig.busybox(), script);
    }

    static String hostNs(String type) throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/" + type)).toString();
    }

    @Test
    void pidNamespace(Env env) {
        assertEquals("1\n", sh(env, "echo $$"));
        // Only the container's processes are visible.
        String ps = sh(env, "ls /proc | grep -E '^[0-9]+$' | sort -n | head -1");
        assertEquals("1\n", ps);
    }

    @Test
    void hostPidNamespaceWhenNotRequested(Env env) {
        String id = env.newId();
        Result r = env.runForeground(id, env.bundle(BundleConfig.busybox().withoutNamespace("pid").sh("echo $$"))).ok();
        // In the host pid ns, $$ is the host pid: the one in the pid file.
        assertEquals(env.pid(id) + "\n", r.out);
    }

    @Test
    void utsHostname(Env env) throws Exception {
        assertEquals("box-one\n", sh(env, BundleConfig.busybox().hostname("box-one"), "hostname"));
        assertNotEquals(hostNs("uts"), sh(env, "readlink /proc/self/ns/uts").trim());
    }

    @Test
    void mountNamespace(Env env) throws Exception {
        Path marker = env.tmp().resolve("host-marker");
        Files.writeString(marker, "x");
        String out = sh(env, BundleConfig.busybox().tmpfs("/scratch"),
                "test -e " + marker + " && echo visible || echo hidden; readlink /proc/self/ns/mnt; grep -c ' /scratch ' /proc/self/mounts");
        String[] l = out.split("\n");
        assertEquals("hidden", l[0]);
        assertNotEquals(hostNs("mnt"), l[1]);
        assertEquals("1", l[2]);
        assertTrue(Harness.mountsUnder(env.tmp()).isEmpty(), "no container mount leaks into the host mount ns");
    }

    @Test
    void bindMountReadWriteAndReadOnly(Env env) throws Exception {
        Path rw = env.hostDir("rw");
        Path ro = env.hostDir("ro");
        Files.writeString(ro.resolve("existing"), "host-data\n");
        String out = sh(env, BundleConfig.busybox().bind(rw.toString(), "/rw").bind(ro.toString(), "/ro", "ro"),
                "echo written > /rw/f && echo rw-ok; cat /ro/existing; if echo x > /ro/new 2>/dev/null; then echo ro-WRITABLE; else echo ro-denied; fi;"
                        + " touch /ro/existing 2>/dev/null && echo ro-touch-WRITABLE || echo ro-touch-denied");
        assertEquals("rw-ok\nhost-data\nro-denied\nro-touch-denied\n", out);
        assertEquals("written\n", Files.readString(rw.resolve("f")));
        assertFalse(Files.exists(ro.resolve("new")));
    }

    @Test
    void readonlyRoot(Env env) {
        String out = sh(env, BundleConfig.busybox().readonlyRoot(true).tmpfs("/tmp"),
                "touch /x 2>/dev/null && echo root-WRITABLE || echo root-ro; touch /tmp/y && echo tmp-rw");
        assertEquals("root-ro\ntmp-rw\n", out);
        // Control: the same without readonly is writable.
        assertEquals("root-rw\n", sh(env, BundleConfig.busybox().readonlyRoot(false), "touch /x && echo root-rw"));
    }

    @Test
    void tmpfsMount(Env env) {
        String out = sh(env, BundleConfig.busybox().tmpfs("/scratch", "size=1m", "mode=1777"),
                "awk '$2==\"/scratch\"{print $3}' /proc/self/mounts; stat -c %a /scratch; echo hi > /scratch/f && cat /scratch/f");
        assertEquals("tmpfs\n1777\nhi\n", out);
    }

    @Test
    void procAndSysMounted(Env env) {
        String out = sh(env, "awk '$2==\"/proc\"||$2==\"/sys\"{print $2, $3}' /proc/self/mounts; test -r /proc/self/status && echo proc-ok;"
                + " test -d /sys/kernel && echo sys-ok; grep ' /sys ' /proc/self/mounts | grep -q '[ ,]ro[ ,]' && echo sys-ro");
        assertEquals("/proc proc\n/sys sysfs\nproc-ok\nsys-ok\nsys-ro\n", out);
    }

    @Test
    void devNodesAndLinks(Env env) {
        String out = sh(env, "for d in null zero full random urandom tty; do test -c /dev/$d && echo $d; done;"
                + " test -d /dev/pts && echo pts; test -c /dev/pts/ptmx && echo pts-ptmx; test -e /dev/ptmx && echo ptmx;"
                + " awk '$2==\"/dev/shm\"{print $3}' /proc/self/mounts; awk '$2==\"/dev/pts\"{print $3}' /proc/self/mounts;"
                + " readlink /dev/fd; readlink /dev/stdin; readlink /dev/stdout; readlink /dev/stderr;"
                + " echo hi > /dev/null && echo null-w; head -c 5 /dev/zero | wc -c; head -c 3 /dev/urandom | wc -c;"
                + " echo x 2>/dev/null > /dev/full || echo full-enospc");
        assertEquals("null\nzero\nfull\nrandom\nurandom\ntty\npts\npts-ptmx\nptmx\ntmpfs\ndevpts\n"
                + "/proc/self/fd\n/proc/self/fd/0\n/proc/self/fd/1\n/proc/self/fd/2\nnull-w\n5\n3\nfull-enospc\n", out);
    }

    @Test
    void devicesAreCreatedAndAllowed(Env env) {
        String out = sh(env, BundleConfig.busybox().device("/dev/mynull", "c", 1, 3, 0666, 0, 0),
                "stat -c '%F %t:%T %a' /dev/mynull; echo data > /dev/mynull && echo write-ok; wc -c < /dev/mynull");
        assertEquals("character special file 1:3 666\nwrite-ok\n0\n", out);
    }

    @Test
    void maskedPaths(Env env) throws Exception {
        // Default maskedPaths: /proc/timer_list (a file: /dev/null over it) and /sys/firmware (a dir: empty ro tmpfs);
        // plus a masked dir of our own.
        BundleConfig cfg = BundleConfig.busybox().addMaskedPath("/masked");
        String id = env.newId();
        Path bundle = env.bundle(cfg.sh("wc -c < /proc/timer_list; ls -A /sys/firmware | wc -l; ls -A /masked | wc -l;"
                + " cat /masked/secret 2>/dev/null || echo no-secret; touch /masked/new 2>/dev/null && echo masked-WRITABLE || echo masked-ro"));
        Files.createDirectories(bundle.resolve("rootfs/masked"));
        Files.writeString(bundle.resolve("rootfs/masked/secret"), "s3cret\n");
        Result r = env.runForeground(id, bundle).ok();
        assertEquals("0\n0\n0\nno-secret\nmasked-ro\n", r.out);
        // Control: not masked, the contents are visible.
        String id2 = env.newId();
        BundleConfig plain = BundleConfig.busybox().maskedPaths()
                .sh("cat /masked/secret; test $(wc -c < /proc/timer_list) -gt 0 && echo timer-list; test $(ls -A /sys/firmware | wc -l) -gt 0 && echo firmware");
        Path b2 = env.bundle(plain);
        Files.createDirectories(b2.resolve("rootfs/masked"));
        Files.writeString(b2.resolve("rootfs/masked/secret"), "s3cret\n");
        assertEquals("s3cret\ntimer-list\nfirmware\n", env.runForeground(id2, b2).ok().out);
    }

    @Test
    void readonlyPaths(Env env) {
        BundleConfig caps = BundleConfig.busybox().capabilities("CAP_NET_ADMIN", "CAP_SYS_ADMIN", "CAP_KILL");
        String out = sh(env, caps.copy(), "sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward' 2>&1; "
                + "awk '$2==\"/proc/sys\"{print $2}' /proc/self/mounts | head -1");
        assertTrue(out.contains("Read-only file system"), out);
        assertTrue(out.endsWith("/proc/sys\n"), out);
        // Control: without readonlyPaths the same write succeeds (new netns, CAP_NET_ADMIN).
        assertEquals("1\n", sh(env, caps.copy().readonlyPaths(), "echo 1 > /proc/sys/net/ipv4/ip_forward && cat /proc/sys/net/ipv4/ip_forward"));
    }

    @Test
    void sysctl(Env env) {
        assertEquals("1\n", sh(env, BundleConfig.busybox().sysctl("net.ipv4.ip_forward", "1"), "cat /proc/sys/net/ipv4/ip_forward"));
        assertEquals("0\n", sh(env, "cat /proc/sys/net/ipv4/ip_forward"));
    }

    /** runc's init joins a session keyring named after the container; --no-new-keyring keeps the caller's (/proc/keys unmasked to see it). */
    @Test
    void sessionKeyringOfItsOwn(Env env) {
        String script = "grep -c \" keyring *_ses\\.$CID:\" /proc/keys; true";
        String id = env.newId();
        Result r = env.runForeground(id, env.bundle(BundleConfig.busybox().maskedPaths().env("CID=" + id).sh(script))).ok();
        assertEquals("1\n", r.out, "the container's session keyring _ses." + id + " exists");
        String other = env.newId();
        r = env.runForeground(other, env.bundle(BundleConfig.busybox().maskedPaths().env("CID=" + other).sh(script)), "--no-new-keyring").ok();
        assertEquals("0\n", r.out, "no keyring is created with --no-new-keyring");
    }

    @Test
    void networkNamespace(Env env) throws Exception {
        String out = sh(env, "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; readlink /proc/self/ns/net");
        String[] l = out.split("\n");
        assertEquals("lo", l[0], out);
        assertEquals(2, l.length, "only lo: " + out);
        assertNotEquals(hostNs("net"), l[1]);
        // Without the namespace the host's interfaces are visible.
        String host = sh(env, BundleConfig.busybox().withoutNamespace("network"), "readlink /proc/self/ns/net");
        assertEquals(hostNs("net"), host.trim());
    }

    @Test
    void ipcNamespace(Env env) throws Exception {
        assertNotEquals(hostNs("ipc"), sh(env, "readlink /proc/self/ns/ipc").trim());
        assertEquals(hostNs("ipc"), sh(env, BundleConfig.busybox().withoutNamespace("ipc"), "readlink /proc/self/ns/ipc").trim());
    }

    @Test
    void userNamespaceWithMappings(Env env) throws Exception {
        BundleConfig cfg = BundleConfig.busybox().namespace("user")
                .uidMapping(0, 100000, 65536).gidMapping(0, 100000, 65536);
        String out = sh(env, cfg, "cat /proc/self/uid_map /proc/self/gid_map | tr -s ' '; id -u; id -g; readlink /proc/self/ns/user");
        String[] l = out.split("\n");
        assertEquals(" 0 100000 65536", l[0]);
        assertEquals(" 0 100000 65536", l[1]);
        assertEquals("0", l[2]);
        assertEquals("0", l[3]);
        assertNotEquals(hostNs("user"), l[4]);
    }

    @Test
    void userNamespaceHostUid(Env env) {
        Path out = env.hostDir("out");
        BundleConfig cfg = BundleConfig.busybox().namespace("user")
                .uidMapping(0, 100000, 65536).gidMapping(0, 100000, 65536)
                .bind(out.toString(), "/out").sh("touch /out/f; exec sleep 1000");
        String id = env.newId();
        Path bundle = env.bundle(cfg);
        try {
            Files.createDirectories(bundle.resolve("rootfs/out")); // container root (host 100000) cannot mkdir in the rootfs
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int pid = env.startContainer(id, bundle);
        Env.await("file", java.time.Duration.ofSeconds(10), () -> Files.exists(out.resolve("f")));
        try {
            assertEquals(100000, (int) Files.getAttribute(out.resolve("f"), "unix:uid"), "created by host uid 100000");
            String status = Files.readString(Path.of("/proc/" + pid + "/status"));
            assertTrue(status.contains("\nUid:\t100000\t100000\t100000\t100000\n"), status);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void cgroupNamespace(Env env) throws Exception {
        String cg = "/" + Harness.cgroupParent() + "/" + env.tmp().getFileName() + "-cgns";
        String with = sh(env, BundleConfig.busybox().namespace("cgroup").cgroupsPath(cg), "grep -E '^[0-9]+:memory:' /proc/self/cgroup; readlink /proc/self/ns/cgroup");
        String[] l = with.split("\n");
        assertTrue(l[0].endsWith(":memory:/"), with);
        assertNotEquals(hostNs("cgroup"), l[1]);
        String cg2 = cg + "2";
        String without = sh(env, BundleConfig.busybox().cgroupsPath(cg2), "grep -E '^[0-9]+:memory:' /proc/self/cgroup");
        assertTrue(without.trim().endsWith(":memory:" + cg2), without);
    }

    @Test
    @Tag("jrunc-only")
    void timeNamespaceOffsets(Env env) throws Exception {
        // runc 1.1.5 has no time namespace support; the spec (linux.timeOffsets, namespace "time") is clear.
        long offset = 10L * 86400;
        String out = sh(env, BundleConfig.busybox().namespace("time").timeOffset("boottime", offset, 0).timeOffset("monotonic", offset, 0),
                "cut -d. -f1 /proc/uptime; readlink /proc/self/ns/time");
        String[] l = out.split("\n");
        double hostUptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        long inside = Long.parseLong(l[0]);
        assertTrue(inside >= offset + (long) hostUptime - 5, "uptime inside " + inside + " vs host " + hostUptime);
        assertNotEquals(hostNs("time"), l[1]);
    }

    @Test
    void joinNetworkNamespaceByPath(Env env) throws Exception {
        String a = env.newId();
        int pidA = env.startContainer(a, env.bundle(BundleConfig.of("sleep", "1000").sharedRootfs()));
        String nsA = Files.readSymbolicLink(Path.of("/proc/" + pidA + "/ns/net")).toString();
        assertNotEquals(hostNs("net"), nsA);
        String out = sh(env, BundleConfig.busybox().namespace("network", "/proc/" + pidA + "/ns/net"), "readlink /proc/self/ns/net");
        assertEquals(nsA + "\n", out);
    }

    @Test
    void processUserAndGroups(Env env) {
        String out = sh(env, BundleConfig.busybox().user(1000, 1000, 2001, 2002), "id -u; id -g; id -G; id");
        // setgroups() gets exactly additionalGids (the primary gid is not added).
        assertEquals("1000\n1000\n1000 2001 2002\nuid=1000(user) gid=1000(user) groups=2001(extra1),2002(extra2)\n", out);
        assertEquals("Groups:\t2001 2002", sh(env, BundleConfig.busybox().user(1000, 1000, 2001, 2002), "grep Groups: /proc/self/status").strip());
        assertEquals("0\n0\n", sh(env, "id -u; id -g"));
    }

    @Test
    void umask(Env env) {
        String out = sh(env, BundleConfig.busybox().umask(077), "umask; touch /tmp/f; stat -c %a /tmp/f");
        assertEquals("0077\n600\n", out);
        assertEquals("0022\n", sh(env, "umask"), "default umask is 0022");
    }

    @Test
    void envAndCwd(Env env) {
        String out = sh(env, BundleConfig.busybox().env("FOO=bar baz", "EMPTY=").cwd("/tmp"),
                "echo \"$FOO\"; pwd; env | sort");
        assertEquals("bar baz\n/tmp\nEMPTY=\nFOO=bar baz\nHOME=/root\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nPWD=/tmp\nSHLVL=1\nTERM=xterm\n", out);
    }

    @Test
    void homeFromPasswdForUser(Env env) {
        assertEquals("/home/user\n", sh(env, BundleConfig.busybox().user(1000, 1000), "echo $HOME"));
    }

    @Test
    void missingCwdIsCreated(Env env) {
        assertEquals("/new/dir\n", sh(env, BundleConfig.busybox().cwd("/new/dir"), "pwd"));
    }

    @Test
    void capabilities(Env env) {
        String out = sh(env, BundleConfig.busybox().capabilities("CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"),
                "grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb)' /proc/self/status");
        // CAP_CHOWN=0, CAP_KILL=5, CAP_NET_BIND_SERVICE=10 -> 0x421. Ambient stays empty: the kernel raises an
        // ambient cap only if it is also inheritable, and inheritable is not set here.
        assertEquals("CapInh:\t0000000000000000\nCapPrm:\t0000000000000421\nCapEff:\t0000000000000421\n"
                + "CapBnd:\t0000000000000421\nCapAmb:\t0000000000000000\n", out);
        // Default (runc spec): AUDIT_WRITE(29), KILL(5), NET_BIND_SERVICE(10) -> 0x20000420; no CAP_NET_RAW.
        assertEquals("CapEff:\t0000000020000420\n", sh(env, "grep CapEff /proc/self/status"));
    }

    @Test
    void capabilitiesOfNonRootUser(Env env) {
        // Ambient capabilities (also inheritable) survive the switch to uid 1000 and are effective.
        BundleConfig cfg = BundleConfig.busybox().user(1000, 1000).capabilities("CAP_NET_BIND_SERVICE");
        ((com.fasterxml.jackson.databind.node.ObjectNode) cfg.node().path("process").path("capabilities"))
                .putArray("inheritable").add("CAP_NET_BIND_SERVICE");
        String out = sh(env, cfg, "grep -E '^Cap(Inh|Eff|Amb)' /proc/self/status");
        assertEquals("CapInh:\t0000000000000400\nCapEff:\t0000000000000400\nCapAmb:\t0000000000000400\n", out);
        // Without ambient, a non-root user has no effective capabilities.
        String none = sh(env, BundleConfig.busybox().user(1000, 1000), "grep -E '^CapEff' /proc/self/status");
        assertEquals("CapEff:\t0000000000000000\n", none);
    }

    @Test
    void rlimits(Env env) {
        String out = sh(env, BundleConfig.busybox().rlimit("RLIMIT_NOFILE", 500, 800).rlimit("RLIMIT_NPROC", 333, 444),
                "ulimit -n; ulimit -Hn; grep -E 'Max (open files|processes)' /proc/self/limits | tr -s ' '");
        assertEquals("500\n800\nMax processes 333 444 processes \nMax open files 500 800 files \n", out);
    }

    @Test
    void noNewPrivileges(Env env) {
        assertEquals("NoNewPrivs:\t1\n", sh(env, BundleConfig.busybox().noNewPrivileges(true), "grep NoNewPrivs /proc/self/status"));
        assertEquals("NoNewPrivs:\t0\n", sh(env, BundleConfig.busybox().noNewPrivileges(false), "grep NoNewPrivs /proc/self/status"));
    }

    @Test
    void oomScoreAdj(Env env) {
        assertEquals("500\n", sh(env, BundleConfig.busybox().oomScoreAdj(500), "cat /proc/self/oom_score_adj"));
    }

    @Test
    void hostPathsOfRootfs(Env env) {
        // The container's / is the bundle's rootfs: a file placed there on the host is visible.
        String id = env.newId();
        Path bundle = env.bundle(BundleConfig.of("cat", "/hello.txt"));
        try {
            Files.writeString(bundle.resolve("rootfs/hello.txt"), "from-host\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals("from-host\n", env.runForeground(id, bundle).ok().out);
    }
}
