package dev.jrunc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrunc.e2e.DockerExtension.Docker;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * `docker run --runtime jrunc` (registered by path in daemon.json) against `--runtime runc`: same
 * output and exit code. Docker adds its default seccomp profile, /etc/hosts etc. bind mounts and a
 * cgroup mount that ctr does not. The scenarios run with `--security-opt seccomp=unconfined` so that
 * they test the rest; seccompDefaultProfileIsApplied tests Docker's profile itself.
 */
@ExtendWith(DockerExtension.class)
class DockerRunTest {
  private static final List<String> UNCONFINED = List.of("--security-opt", "seccomp=unconfined");

  private static List<String> opts(String... more) {
    List<String> o = new java.util.ArrayList<>(UNCONFINED);
    o.addAll(List.of(more));
    return o;
  }

  private static Cmd.Result sameAsRunc(Function<Rt, Cmd.Result> scenario) {
    Cmd.Result j = scenario.apply(Rt.JRUNC);
    Cmd.Result r = scenario.apply(Rt.RUNC);
    assertEquals(r.exit(), j.exit(), "exit code differs from runc's\nrunc:  " + r + "\njrunc: " + j);
    assertEquals(r.out(), j.out(), "stdout differs from runc's\nrunc:  " + r + "\njrunc: " + j);
    return j;
  }

  @Test
  void hostForwardingSysctlUntouched(Docker d) throws Exception {
    // dockerd turns on net.ipv4.ip_forward unless --ip-forward=false, which breaks other tests here
    d.run(Rt.JRUNC, opts(), "true");
    assertEquals(d.dockerd.ipForwardBefore, java.nio.file.Files.readString(Dockerd.IP_FORWARD));
  }

  @Test
  void echoHi(Docker d) {
    Cmd.Result r = sameAsRunc(rt -> d.run(rt, opts(), "echo", "hi"));
    assertEquals(0, r.exit(), r.toString());
    assertEquals("hi\n", r.out());
  }

  @Test
  void exitCode(Docker d) {
    assertEquals(7, sameAsRunc(rt -> d.run(rt, opts(), "sh", "-c", "exit 7")).exit());
  }

  @Test
  void envAndWorkdir(Docker d) {
    Cmd.Result r = sameAsRunc(rt -> d.run(rt, opts("-e", "FOO=bar", "-w", "/tmp"), "sh", "-c", "echo $FOO; pwd"));
    assertEquals("bar\n/tmp\n", r.out(), r.toString());
  }

  @Test
  void user(Docker d) {
    Cmd.Result r = sameAsRunc(rt -> d.run(rt, opts("--user", "1000:1000"), "id"));
    assertEquals("uid=1000 gid=1000 groups=1000\n", r.out(), r.toString());
  }

  @Test
  void readOnly(Docker d) {
    Cmd.Result r = sameAsRunc(rt -> d.run(rt, opts("--read-only"), "sh", "-c", "touch /x 2>/dev/null; echo $?"));
    assertEquals("1\n", r.out(), r.toString());
  }

  @Test
  void bindMountReadOnly(Docker d) throws Exception {
    java.nio.file.Path src = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("/tmp"), "jrunc-e2e-bind-");
    try {
      java.nio.file.Files.writeString(src.resolve("f"), "from host\n");
      Cmd.Result r = sameAsRunc(rt -> d.run(rt, opts("-v", src + ":/mnt:ro"), "sh", "-c", "cat /mnt/f; touch /mnt/g 2>/dev/null; echo $?"));
      assertEquals("from host\n1\n", r.out(), r.toString());
      assertTrue(java.nio.file.Files.notExists(src.resolve("g")));
    } finally {
      java.nio.file.Files.deleteIfExists(src.resolve("f"));
      java.nio.file.Files.deleteIfExists(src);
    }
  }

  @Test
  void interactiveTty(Docker d) {
    // `docker run -it`: the runtime gets --console-socket and hands the pty master to the shim;
    // --network none keeps dockerd's "IPv4 forwarding is disabled" warning off the terminal
    assumeTrue(PtyRun.binary() != null, PtyRun.whyUnavailable());
    Cmd.Result r = sameAsRunc(rt -> d.onPty("run", "--rm", "-it", "--pull", "never", "--runtime", rt.name(), "--name", d.name(),
        "--network", "none", "--security-opt", "seccomp=unconfined", Dockerd.IMAGE,
        "sh", "-c", "test -t 0 && test -t 1 && echo isatty; tty; exit 3"));
    assertEquals(3, r.exit(), r.toString());
    assertEquals("isatty\r\n/dev/pts/0\r\n", r.out(), r.toString());
  }

  @Test
  void seccompDefaultProfileIsApplied(Docker d) {
    Cmd.Result probe = d.run(Rt.JRUNC, List.of(), "true");
    assumeFalse(probe.err().contains("linux.seccomp: not supported yet"), "jrunc has no seccomp support yet");
    Cmd.Result r = sameAsRunc(rt -> d.run(rt, List.of(), "sh", "-c", "grep Seccomp: /proc/self/status"));
    assertEquals("Seccomp:\t2\n", r.out(), r.toString());
  }

  @Test
  void missingBinaryExits127(Docker d) {
    Cmd.Result r = sameAsRunc(rt -> d.run(rt, opts(), "/nonexistent"));
    assertEquals(127, r.exit(), r.toString());
    assertTrue(r.err().contains("OCI runtime create failed") && r.err().contains("no such file or directory"), r.toString());
    // the user sees the runtime's own words: the same as runc's but for its name
    // (the docker client may add "error waiting for container: context canceled": a client-side race)
    assertEquals(ociLine(d.run(Rt.RUNC, opts(), "/nonexistent").err()), ociLine(r.err()).replace("jrunc create failed", "runc create failed"));
  }

  private static String ociLine(String err) {
    return err.lines().filter(l -> l.contains("OCI runtime")).findFirst().orElse(err);
  }
}
