package dev.jrunc.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Who asked for a plan: the front's cwd, environment, pid and stdio. In cold mode that is this JVM's own
 * (the front started it with all of them); a warm server answers many fronts at once and cannot chdir or
 * setenv per request, so every command reads them here, never from the process (System.getenv,
 * Path.of("").toAbsolutePath(), System.in).
 *
 * @param cwd the caller's working directory (absolute)
 * @param env the caller's environment
 * @param pid the front's pid (LISTEN_PID names it; its cgroup is where relative cgroups nest), -1: our parent
 * @param remote true when served by the warm server: the caller's fds are not ours
 */
public record Caller(Path cwd, Map<String, String> env, long pid, boolean remote) {
  private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();

  public Caller {
    cwd = cwd.toAbsolutePath().normalize();
    env = Map.copyOf(env);
  }

  /** The caller of this request: set by {@link #run}, else this JVM's own front (cold mode). */
  static Caller current() {
    Caller c = CURRENT.get();
    return c != null ? c : local();
  }

  /** Cold mode: this JVM is the front's child, started with the caller's cwd and environment. */
  static Caller local() {
    return Local.CALLER;
  }

  /** Made once, on first use (a cold JVM serves one caller; a server never asks for it). */
  private static final class Local {
    static final Caller CALLER = new Caller(Path.of("").toAbsolutePath(), System.getenv(), -1, false);
  }

  /** The front's pid; in cold mode looked up only when asked (it is our parent). */
  @Override
  public long pid() {
    return pid >= 0 ? pid : ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
  }

  /** Runs one request with this caller as {@link #current}. */
  <T> T run(Supplier<T> request) {
    Caller previous = CURRENT.get();
    CURRENT.set(this);
    try {
      return request.get();
    } finally {
      if (previous == null) CURRENT.remove();
      else CURRENT.set(previous);
    }
  }

  /** A path the caller gave, made absolute against the caller's cwd. */
  Path resolve(String path) {
    return cwd.resolve(path).normalize();
  }

  String getenv(String name) {
    return env.get(name);
  }

  /** The file whose lines "id:controllers:path" say which cgroups the caller is in. */
  Path cgroupFile() {
    return remote ? Path.of("/proc", Long.toString(pid()), "cgroup") : Path.of("/proc/self/cgroup");
  }

  /**
   * The caller's stdin. Only a cold planner reads it: a warm request the front gives up on (its deadline)
   * would still be reading, and could take input meant for the cold planner that replaces it.
   */
  InputStream stdin() {
    requireLocal("reading the caller's stdin");
    return System.in;
  }

  /** The caller's stdout as a path to open for a stream; only a cold planner may stream (see events). */
  Path streamingStdout() {
    requireLocal("a stream to the caller's stdout");
    return Path.of("/proc/self/fd/3");
  }

  /** Commands a server must not run for a caller: it declines, and the front plans them cold. */
  void requireLocal(String what) {
    if (remote) throw new ColdOnly(what);
  }

  /** Thrown to decline a request in the warm server; never reaches a cold caller. */
  public static final class ColdOnly extends RuntimeException {
    ColdOnly(String what) {
      super(what + " is planned by a cold planner only", null, false, false);
    }
  }
}
