package dev.jrunc.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Per-test view of the private containerd: unique container ids, a runtime --root per runtime under
 * the test's own temp dir, and cleanup of every id the test used (ctr task kill/delete, container
 * delete, then the runtime's own delete --force), even when the test failed.
 */
final class CtrEnv {
  private static final AtomicInteger SEQ = new AtomicInteger();
  final Containerd ctrd;
  final Path dir;
  private final Set<String> ids = new LinkedHashSet<>();

  CtrEnv(Containerd ctrd) {
    this.ctrd = ctrd;
    try {
      this.dir = Files.createTempDirectory(Path.of("/tmp"), "jrunc-e2e-t-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh container id (containerd's id rules: [A-Za-z0-9]+([._-][A-Za-z0-9]+)*). */
  String id(String name) {
    String id = "e2e-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet() + "-" + name;
    ids.add(id);
    return id;
  }

  /** The --runc-root given to the shim for this runtime; the shim appends /<namespace>. */
  Path runtimeRoot(Rt rt) {
    Path p = dir.resolve(rt.name() + "-root");
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** The --root the runtime actually gets from the shim (for calling the runtime directly). */
  Path stateRoot(Rt rt) {
    return runtimeRoot(rt).resolve(ctrd.namespace);
  }

  /** `ctr run --runc-binary B --runc-root R [opts] IMAGE id [cmd]`. */
  Cmd.Result run(Rt rt, List<String> opts, String id, String... cmd) {
    List<String> a = new ArrayList<>(List.of("run", "--runc-binary", rt.binary(), "--runc-root", runtimeRoot(rt).toString()));
    a.addAll(opts);
    a.add(Containerd.IMAGE);
    a.add(id);
    a.addAll(List.of(cmd));
    return ctrd.ctr(a);
  }

  /** The same scenario with --rm and a fresh id per runtime. */
  Cmd.Result runRm(Rt rt, String name, List<String> opts, String... cmd) {
    List<String> o = new ArrayList<>(List.of("--rm"));
    o.addAll(opts);
    return run(rt, o, id(name + "-" + rt.name()), cmd);
  }

  /** The runtime binary itself, with the root the shim uses. */
  Cmd.Result runtime(Rt rt, String... args) {
    List<String> a = new ArrayList<>(List.of(rt.binary(), "--root", stateRoot(rt).toString()));
    a.addAll(List.of(args));
    return Cmd.run(a, java.util.Map.of(), 60);
  }

  /** The bundle the shim made for this container (config.json, log.json, init.pid). */
  Path bundle(String id) {
    return ctrd.bundle(id);
  }

  /** The task's status column in `ctr task ls` (RUNNING, STOPPED, ...) or null if not listed. */
  String taskStatus(String id) {
    for (String line : ctrd.ctr("task", "ls").out().split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 3 && f[0].equals(id)) return f[2];
    }
    return null;
  }

  boolean containerListed(String id) {
    return List.of(ctrd.ctr("containers", "ls", "-q").out().split("\n")).contains(id);
  }

  /** Polls `ctr task ls` until the task has this status (or 10 s pass). */
  boolean awaitStatus(String id, String status) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (status.equals(taskStatus(id))) return true;
      Thread.sleep(100);
    }
    return false;
  }

  void cleanup() {
    for (String id : ids) {
      if (taskStatus(id) != null) {
        ctrd.ctr("task", "kill", "-s", "SIGKILL", id);
        try {
          awaitStatus(id, "STOPPED");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ctrd.ctr("task", "delete", "-f", id);
      }
      if (containerListed(id)) ctrd.ctr("containers", "delete", id);
      for (Rt rt : List.of(Rt.JRUNC, Rt.RUNC)) {
        if (Files.isDirectory(stateRoot(rt))) runtime(rt, "delete", "--force", id);
      }
    }
    removeDir();
  }

  private void removeDir() {
    try {
      String mounts = Files.readString(Path.of("/proc/self/mounts"));
      if (mounts.contains(" " + dir + "/")) {
        System.err.println("[e2e] not removing " + dir + ": something is still mounted below it");
        return;
      }
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (IOException e) {
      System.err.println("[e2e] cleanup of " + dir + ": " + e);
    }
  }
}
