package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * --network=sandbox|none|host and --net-veth, on real containers. Veth tests put the host end in network
 * namespaces made here (`ip netns add jrunc-it-...`), with addresses from 10.213.0.0/16 used only inside
 * them: the host's own network is never touched. Every namespace is deleted after the test, pass or fail.
 */
@Tag("jrunc-only")
@ExtendWith(JruncExtension.class)
class NetworkTest {
    private final List<String> netnsMade = new ArrayList<>();

    @AfterEach
    void deleteNamespaces() {
        for (String ns : netnsMade) ip("netns", "del", ns);
    }

    /** A fresh named network namespace for this test (deleted after it). */
    private String netns() {
        String name = "jrunc-it-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        netnsMade.add(name);
        ProcessResult r = ip("netns", "add", name);
        assertEquals(0, r.exit, "ip netns add " + name + ": " + r.out);
        return name;
    }

    /** A host-end name unlikely to exist anywhere. */
    private static String ifname() {
        return "jv" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    }

    record ProcessResult(int exit, String out) {}

    static ProcessResult run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return new ProcessResult(p.waitFor(), out);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ProcessResult ip(String... args) {
        List<String> a = new ArrayList<>(List.of("ip"));
        a.addAll(Arrays.asList(args));
        return run(a.toArray(new String[0]));
    }

    /** busybox from the test rootfs (static), run in a test namespace. */
    static ProcessResult inNetns(String ns, String... busyboxArgs) {
        List<String> a = new ArrayList<>(List.of("ip", "netns", "exec", ns, Env.baseRootfs().resolve("bin/busybox").toString()));
        a.addAll(Arrays.asList(busyboxArgs));
        return run(a.toArray(new String[0]));
    }

    static boolean linkExists(String ns, String name) {
        return ip("-n", ns, "link", "show", name).exit == 0;
    }

    /** Foreground run with global flags before the command. */
    static Result runWith(Env env, BundleConfig cfg, String... global) {
        String id = env.trackId(env.newId());
        List<String> a = new ArrayList<>(Arrays.asList(global));
        a.addAll(List.of("run", "--bundle", env.bundle(cfg).toString(), id));
        return env.rt(a.toArray(new String[0]));
    }

    static String hostNetns() throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
    }

    @Test
    void loopbackIsUpInSandboxMode(Env env) {
        // IFF_UP|IFF_LOOPBACK = 0x9 (runc leaves it 0x8, down), and 127.0.0.1 answers
        String script = "cat /sys/class/net/lo/flags; nc -l -p 7000 -e echo pong & sleep 0.3; nc 127.0.0.1 7000 </dev/null";
        assertEquals("0x9\npong\n", runWith(env, BundleConfig.busybox().sh(script)).ok().out);
        assertEquals("0x9\npong\n", runWith(env, BundleConfig.busybox().sh(script), "--network=sandbox").ok().out);
    }

    @Test
    void noneIgnoresTheSpecsNamespacePath(Env env) throws Exception {
        String ns = netns();
        String testNs = nsInode("/var/run/netns/" + ns);
        BundleConfig cfg = BundleConfig.busybox().withoutNamespace("network").namespace("network", "/var/run/netns/" + ns)
                .sh("readlink /proc/self/ns/net; ls /sys/class/net | tr '\\n' ' '; echo; cat /sys/class/net/lo/flags");
        String[] joined = runWith(env, cfg).ok().out.split("\n");
        assertEquals(testNs, joined[0], "sandbox mode joins the spec's path");
        String[] fresh = runWith(env, cfg, "--network=none").ok().out.split("\n");
        assertNotEquals(testNs, fresh[0]);
        assertNotEquals(hostNetns(), fresh[0]);
        assertEquals("lo ", fresh[1]);
        assertEquals("0x9", fresh[2]);
    }

    private static String nsInode(String path) {
        return "net:[" + run("stat", "-L", "-c", "%i", path).out.trim() + "]";
    }

    @Test
    void hostSeesTheHostsInterfaces(Env env) throws Exception {
        String out = runWith(env, BundleConfig.busybox().sh("readlink /proc/self/ns/net; ls /sys/class/net | sort | tr '\\n' ' '"),
                "--network=host").ok().out;
        String[] l = out.split("\n");
        assertEquals(hostNetns(), l[0]);
        List<String> host;
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            host = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(String.join(" ", host) + " ", l[1]);
    }

    /** Busybox caps plus CAP_NET_RAW, for ping. */
    private static BundleConfig pinger(String script) {
        return BundleConfig.busybox().capabilities("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_KILL", "CAP_SETGID",
                "CAP_SETUID", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_AUDIT_WRITE").sh(script);
    }

    /** run -d with global flags before the command; learns the pid. */
    static void detachedWith(Env env, String id, BundleConfig cfg, String... global) {
        env.trackId(id);
        List<String> a = new ArrayList<>(Arrays.asList(global));
        a.addAll(List.of("run", "-d", "--bundle", env.bundle(cfg).toString(), "--pid-file", env.pidFile(id).toString(), id));
        env.rt(a.toArray(new String[0])).ok();
        env.learnPid(env.pidFile(id));
    }

    @Test
    void vethBetweenContainerAndATestNamespaceBothWays(Env env) {
        String ns = netns();
        String host = ifname();
        String id = env.newId();
        detachedWith(env, id, pinger("nc -l -p 7001 -e echo from-container & sleep 60"),
                "--net-veth=" + host + ":10.213.1.2/24,gw=10.213.1.1,mtu=1400,netns=" + ns + ",host-addr=10.213.1.1/24");
        assertTrue(linkExists(ns, host), "the host end is in the test namespace");

        // container -> test namespace: ping the host end; the route and MTU are the flag's
        Result r = env.execIn(id, List.of(), "sh", "-c",
                "ping -c1 -W3 10.213.1.1 >/dev/null && echo ping-ok; ip route | grep default; cat /sys/class/net/eth0/mtu").ok();
        assertEquals("ping-ok\ndefault via 10.213.1.1 dev eth0 \n1400\n", r.out);

        // test namespace -> container: ping, and a TCP connection to the container's listener
        assertEquals(0, inNetns(ns, "ping", "-c1", "-W3", "10.213.1.2").exit);
        ProcessResult tcp = inNetns(ns, "nc", "-w", "3", "10.213.1.2", "7001");
        assertEquals("from-container\n", tcp.out());

        env.kill(id, "KILL").ok();
        env.awaitStatus(id, "stopped");
        env.delete(id).ok();
        assertTrue(!linkExists(ns, host), "the pair is gone with the container");
    }

    @Test
    void netDenyDropsEgressToThoseNetworksOnly(Env env) {
        String ns = netns();
        String host = ifname();
        // a second address in the test namespace (on its own loopback, /32: no route changes)
        assertEquals(0, ip("-n", ns, "link", "set", "lo", "up").exit());
        assertEquals(0, ip("-n", ns, "addr", "add", "10.213.3.3/32", "dev", "lo").exit());
        String script = "for a in 10.213.3.1 10.213.3.3; do ping -c1 -W2 $a >/dev/null 2>&1 && echo $a-ok || echo $a-denied; done";
        String veth = "--net-veth=" + host + ":10.213.3.2/24,gw=10.213.3.1,netns=" + ns + ",host-addr=10.213.3.1/24";
        assertEquals("10.213.3.1-ok\n10.213.3.3-ok\n", runWith(env, pinger(script), veth).ok().out);
        assertEquals("10.213.3.1-ok\n10.213.3.3-denied\n", runWith(env, pinger(script), veth, "--net-deny=10.213.3.3").ok().out);
    }

    @Test
    void deleteRemovesAHostEndThatOutlivedTheContainer(Env env) {
        String containerNs = netns(); // persistent: the pair survives the container's exit
        String hostNs = netns();
        String host = ifname();
        String id = env.newId();
        BundleConfig cfg = BundleConfig.busybox().withoutNamespace("network").namespace("network", "/var/run/netns/" + containerNs)
                .sh("true");
        detachedWith(env, id, cfg, "--net-veth=" + host + ",netns=" + hostNs);
        env.awaitStatus(id, "stopped");
        assertTrue(linkExists(hostNs, host), "the pair outlives the container in a persistent namespace");
        env.delete(id).ok();
        assertTrue(!linkExists(hostNs, host), "delete removed the host end");
        assertTrue(!linkExists(containerNs, "eth0"), "and with it the container end");
    }

    @Test
    void aTakenNameIsAOneLineErrorAndStaysUntouched(Env env) {
        String ns = netns();
        String host = ifname();
        assertEquals(0, ip("-n", ns, "link", "add", host, "type", "veth", "peer", "name", host + "p").exit());
        String id = env.trackId(env.newId());
        Result r = env.rt("--net-veth=" + host + ":10.213.2.2/24,netns=" + ns, "run", "-d", "--bundle",
                env.bundle(BundleConfig.busybox().sh("sleep 60")).toString(), id);
        assertEquals(1, r.exit);
        r.errContains("create veth eth0 with host end " + host + " in /var/run/netns/" + ns + ": file exists");
        assertEquals(1, r.err.strip().split("\n").length, r.err);
        env.assertNoStateDir(id);
        assertTrue(linkExists(ns, host), "a link jrunc did not make is not deleted");
    }

    @Test
    void vethNeedsItsOwnNamespace(Env env) {
        String id = env.trackId(env.newId());
        Result r = env.rt("--network=host", "--net-veth=" + ifname(), "run", "--bundle",
                env.bundle(BundleConfig.busybox().sh("true")).toString(), id);
        assertEquals(1, r.exit);
        r.errContains("--net-veth needs the container's own network namespace");
        env.assertNoStateDir(id);
    }
}
