package dev.jrunc.runtime.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What `exec` asks for, as runc's flags. With {@code processFile} the process comes from that JSON and
 * every process flag here (args, cwd, env, user, gids, caps, tty, no-new-privs) is ignored, as runc.
 *
 * @param args the command after the container id (ignored with a process file)
 * @param user "" or uid[:gid], numeric
 * @param cgroups --cgroup values, "[controller[,controller]:]path" below the container's cgroup
 * @param listenFds socket-activation fds passed by the caller (LISTEN_FDS for the front)
 */
public record ExecOptions(
    String id,
    Path processFile,
    List<String> args,
    String cwd,
    List<String> env,
    String user,
    List<Long> additionalGids,
    List<String> caps,
    boolean tty,
    boolean noNewPrivs,
    String consoleSocket,
    boolean detach,
    Path pidFile,
    int preserveFds,
    int listenFds,
    List<String> cgroups,
    boolean ignorePaused) {

  public ExecOptions {
    args = args == null ? List.of() : List.copyOf(args);
    env = env == null ? List.of() : List.copyOf(env);
    additionalGids = additionalGids == null ? List.of() : List.copyOf(additionalGids);
    caps = caps == null ? List.of() : List.copyOf(caps);
    cgroups = cgroups == null ? List.of() : List.copyOf(cgroups);
  }

  /** A plain foreground exec of a command, as embedders most often want. */
  public static ExecOptions command(String id, List<String> args) {
    return new ExecOptions(id, null, args, null, null, null, null, null, false, false, null, false, null, 0, 0, null, false);
  }
}
