package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.spec.Mount;
import dev.jrunc.spec.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sd_notify proxy, as runc's notify_socket.go: when the caller has NOTIFY_SOCKET, the container gets
 * {@code <state dir>/notify} bind-mounted read-only at {@code /run/notify} and
 * {@code NOTIFY_SOCKET=/run/notify/notify.sock}; start (or run) binds that datagram socket before the
 * init is released, waits for its READY= message and passes it on to the caller's socket with MAINPID.
 */
public final class NotifySocketPlanner {
  public static final String ENV = "NOTIFY_SOCKET";
  static final String DIR = "notify";
  static final String SOCKET = "notify.sock";
  static final String CONTAINER_DIR = "/run/notify";
  static final String CONTAINER_SOCKET = CONTAINER_DIR + "/" + SOCKET;

  private NotifySocketPlanner() {}

  /** Whether the caller's NOTIFY_SOCKET asks for the proxy (unset or empty: no). */
  static boolean wanted(String host) {
    return host != null && !host.isEmpty();
  }

  static Path dir(Path stateDir) {
    return stateDir.resolve(DIR);
  }

  static Path socket(Path stateDir) {
    return dir(stateDir).resolve(SOCKET);
  }

  /** runc's setupSpec: the bind mount of the notify directory and the container's NOTIFY_SOCKET. */
  static Spec setupSpec(Spec spec, Path stateDir) {
    List<Mount> mounts = new ArrayList<>(spec.mounts() == null ? List.of() : spec.mounts());
    mounts.add(new Mount(CONTAINER_DIR, null, dir(stateDir).toString(), List.of("bind", "nosuid", "noexec", "nodev", "ro")));
    List<String> env = new ArrayList<>(spec.process().env() == null ? List.of() : spec.process().env());
    env.add(ENV + "=" + CONTAINER_SOCKET);
    return spec.withMounts(mounts).withProcess(spec.process().withEnv(env));
  }

  /** runc's setupSocketDirectory: create or run makes the directory the socket is bound in. */
  static Plan mkdir(Path stateDir) {
    return new Plan().add(Section.PREPARE, OpCode.MKDIR, "mkdir " + dir(stateDir), dir(stateDir).toString(), 0755L, 0L);
  }

  /** Bind the container's socket (before the init is released). */
  static Plan bind(Path stateDir, Section section) {
    Path sock = socket(stateDir);
    return new Plan().add(section, OpCode.NOTIFY_BIND, "listen unixgram " + sock, sock.toString());
  }

  /**
   * Wait for READY= from the container (or for its init to exit), then forward it and MAINPID to the
   * caller's socket. {@code mainPid} "" names the front itself (a foreground run, as runc's own pid).
   */
  static Plan forward(String host, String initPid, String mainPid, Section section) {
    return new Plan().add(section, OpCode.NOTIFY_FORWARD, "notify " + host, host, initPid, mainPid, 0L);
  }
}
