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
 * A private podman store for the test JVM, written by scripts/podman-setup.sh (containers.conf and
 * storage.conf under a temp dir: graph root and run root there, cgroupfs manager, file events
 * logger, network none, ulimits this host allows; installs podman with apt-get only if missing) with
 * the busybox image loaded. Podman has no daemon, but each container has a conmon: close() removes
 * this store's containers (their conmons exit with them) through scripts/teardown.sh, which also
 * checks that no conmon of this store is left before it unmounts and removes the dir.
 */
final class Podman implements ExtensionContext.Store.CloseableResource {
  static final String IMAGE = "docker.io/library/busybox:local";
  private static final OncePerRun<Podman> ONCE = new OncePerRun<>("jrunc-pod-", Podman::new, Podman::setUp);

  final Path dir;
  /** Every container's --cgroup-parent: apart from anyone else's libpod_parent, removed at the end. */
  final String cgroupParent;
  private boolean closed;

  private Podman(Path dir) {
    this.dir = dir;
    this.cgroupParent = "/jrunc-e2e-podman-" + ProcessHandle.current().pid();
  }

  static Podman get() {
    return ONCE.get();
  }

  private void setUp() {
    System.out.println("[e2e] private podman store in " + dir + " (installs podman with apt-get if missing)");
    Cmd.Result r = Cmd.run(List.of("bash", Containerd.scripts().resolve("podman-setup.sh").toString()),
        Map.of("PODMAN_DIR", dir.toString(), "SMOKE", "0", "ALT_RUNTIME", Rt.JRUNC.binary()), 1200);
    System.out.print(r.out());
    System.out.print(r.err());
    if (r.exit() != 0) throw new IllegalStateException("podman-setup.sh failed (" + r.exit() + ")");
  }

  private Map<String, String> env() {
    return Map.of("CONTAINERS_CONF", dir.resolve("containers.conf").toString(),
        "CONTAINERS_STORAGE_CONF", dir.resolve("storage.conf").toString());
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    Cmd.Result r = Cmd.run(List.of("bash", Containerd.scripts().resolve("teardown.sh").toString(), "podman"),
        Map.of("PODMAN_DIR", dir.toString(), "PODMAN_CGROUP_PARENT", cgroupParent.substring(1), "PURGE", "1"), 180);
    System.out.print(r.out());
    System.out.print(r.err());
  }

  /** `podman --runtime <rt binary> args...` on this store. */
  Cmd.Result podman(Rt rt, List<String> args) {
    return Cmd.run(argv(rt, args), env(), 120);
  }

  /** The same on a pty (scripts/ptyrun.c), for -it. */
  Cmd.Result podmanOnPty(Rt rt, List<String> args) {
    List<String> a = new ArrayList<>(List.of("env", "CONTAINERS_CONF=" + env().get("CONTAINERS_CONF"),
        "CONTAINERS_STORAGE_CONF=" + env().get("CONTAINERS_STORAGE_CONF")));
    a.addAll(argv(rt, args));
    return PtyRun.run(a, 120);
  }

  private static List<String> argv(Rt rt, List<String> args) {
    List<String> a = new ArrayList<>(List.of("podman", "--runtime", rt.binary()));
    a.addAll(args);
    return a;
  }

  /** conmon processes serving this store (their command line names its run root). */
  List<String> conmons() {
    List<String> pids = new ArrayList<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
        try {
          String cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
          if (cmdline.startsWith("/usr/bin/conmon ") && cmdline.contains(dir + "/")) pids.add(p.getFileName().toString());
        } catch (IOException gone) {
          // exited meanwhile
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pids;
  }
}
