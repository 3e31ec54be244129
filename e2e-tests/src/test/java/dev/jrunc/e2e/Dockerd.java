package dev.jrunc.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One private dockerd for the test JVM, started by scripts/docker-setup.sh (data and exec roots under a
 * temp dir, --iptables=false --bridge=none, its own --cgroup-parent; installs docker.io with apt-get
 * only if missing) with jrunc registered by path as runtime "jrunc"; stopped by scripts/teardown.sh,
 * which signals only the pid dockerd recorded (dockerd stops its own containerd).
 */
final class Dockerd implements ExtensionContext.Store.CloseableResource {
  static final String IMAGE = "docker.io/library/busybox:local";
  private static final OncePerRun<Dockerd> ONCE = new OncePerRun<>("jrunc-dkd-", Dockerd::new, Dockerd::start);

  final Path dir;
  final String cgroupParent;
  /** The host's net.ipv4.ip_forward before dockerd started (it must not change it). */
  String ipForwardBefore;
  private boolean closed;

  private Dockerd(Path dir) {
    this.dir = dir;
    // absolute: a relative parent would land below whatever cgroup the runtime runs in
    this.cgroupParent = "/jrunc-e2e-docker-" + ProcessHandle.current().pid();
  }

  static Dockerd get() {
    return ONCE.get();
  }

  static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

  private void start() {
    try {
      ipForwardBefore = Files.readString(IP_FORWARD);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println("[e2e] starting a private dockerd in " + dir + " (installs docker.io with apt-get if missing)");
    Cmd.Result r = Cmd.run(List.of("bash", Containerd.scripts().resolve("docker-setup.sh").toString()),
        Map.of("DOCKERD_DIR", dir.toString(), "SMOKE", "0", "ALT_NAME", "jrunc", "ALT_RUNTIME", Rt.JRUNC.binary(),
            "CGROUP_PARENT", cgroupParent), 1200);
    System.out.print(r.out());
    System.out.print(r.err());
    if (r.exit() != 0) throw new IllegalStateException("docker-setup.sh failed (" + r.exit() + "); see " + dir + "/dockerd.log");
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    Cmd.Result r = Cmd.run(List.of("bash", Containerd.scripts().resolve("teardown.sh").toString(), "docker"),
        Map.of("DOCKERD_DIR", dir.toString(), "DOCKER_CGROUP_PARENT", cgroupParent, "PURGE", "1"), 180);
    System.out.print(r.out());
    System.out.print(r.err());
  }

  /** Debian's docker client (matches the 20.10 daemon) against our socket. */
  Cmd.Result docker(List<String> args) {
    List<String> argv = new ArrayList<>(List.of("/usr/bin/docker", "-H", "unix://" + dir.resolve("docker.sock")));
    argv.addAll(args);
    return Cmd.run(argv, Map.of(), 120);
  }

  Cmd.Result docker(String... args) {
    return docker(List.of(args));
  }
}
