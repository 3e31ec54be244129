package dev.jrunc.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One private containerd for the whole test JVM, started by the repo's scripts/ctr-setup.sh (own
 * config, root, state and socket under a temp dir, CRI plugin off; installs containerd with apt-get
 * only if missing) and stopped by scripts/teardown.sh, which signals only the pid recorded at start
 * (and only while its cmdline still names our config). Stopped at the end of the run even when tests
 * fail (JUnit root-store resource), and from a shutdown hook if the JVM dies early.
 */
final class Containerd implements ExtensionContext.Store.CloseableResource {
  static final String IMAGE = "docker.io/library/busybox:local";
  private static final OncePerRun<Containerd> ONCE = new OncePerRun<>("jrunc-e2e-ctrd-", Containerd::new, Containerd::start);

  final Path dir;
  final String namespace;
  private boolean closed;

  private Containerd(Path dir) {
    this.dir = dir;
    // Our own ctr namespace: our containers' cgroups are /<ns>/<id>, apart from anyone else's.
    this.namespace = "jrunc-e2e-" + ProcessHandle.current().pid();
  }

  static Containerd get() {
    return ONCE.get();
  }

  static Path scripts() {
    String s = System.getProperty("jrunc.e2e.scripts");
    if (s != null && !s.isBlank()) return Path.of(s);
    Path cwd = Path.of("").toAbsolutePath();
    return Files.isDirectory(cwd.resolve("scripts")) ? cwd.resolve("scripts") : cwd.resolve("e2e-tests/scripts");
  }

  private void start() {
    System.out.println("[e2e] starting a private containerd in " + dir + " (installs containerd with apt-get if missing)");
    Cmd.Result r = Cmd.run(List.of("bash", scripts().resolve("ctr-setup.sh").toString()),
        // ctr reads CONTAINERD_NAMESPACE: the image is imported into our namespace
        Map.of("CTRD_DIR", dir.toString(), "SMOKE", "0", "CONTAINERD_NAMESPACE", namespace), 900);
    System.out.print(r.out());
    System.out.print(r.err());
    if (r.exit() != 0) {
      throw new IllegalStateException("ctr-setup.sh failed (" + r.exit() + "); see " + dir + "/containerd.log");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    Cmd.Result r = Cmd.run(List.of("bash", scripts().resolve("teardown.sh").toString(), "ctr"),
        Map.of("CTRD_DIR", dir.toString(), "CTR_NS", namespace, "PURGE", "1"), 120);
    System.out.print(r.out());
    System.out.print(r.err());
  }

  Path socket() {
    return dir.resolve("ctrd.sock");
  }

  /** The bundle dir the shim gives the runtime for a container. */
  Path bundle(String id) {
    return dir.resolve("state/io.containerd.runtime.v2.task").resolve(namespace).resolve(id);
  }

  /** `ctr --connect-timeout 2s -a SOCK -n NS args...`. */
  Cmd.Result ctr(List<String> args) {
    List<String> argv = new ArrayList<>(List.of("ctr", "--connect-timeout", "2s", "-a", socket().toString(), "-n", namespace));
    argv.addAll(args);
    return Cmd.run(argv, Map.of(), 90);
  }

  Cmd.Result ctr(String... args) {
    return ctr(List.of(args));
  }
}
