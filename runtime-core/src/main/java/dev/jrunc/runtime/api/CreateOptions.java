package dev.jrunc.runtime.api;

import java.nio.file.Path;

/**
 * What create and run take beyond the spec, as runc's flags.
 *
 * @param bundle absolute bundle directory
 * @param pidFile absolute pid file path, or null
 * @param consoleSocket AF_UNIX path that receives the pty master, or null
 * @param preserveFds number of fds after stdio (and LISTEN_FDS) to pass into the container
 * @param listenFds fds passed by socket activation (LISTEN_FDS for our pid), 0 if none
 * @param detach for run: return once started (create always detaches)
 * @param keep for run: keep the stopped container instead of deleting it
 * @param callerCgroupFile the caller's /proc/PID/cgroup: a relative cgroupsPath nests under the cgroup of
 *     the process that runs jrunc, which is not the planner's own when a warm server plans
 * @param notifySocket the caller's NOTIFY_SOCKET (sd_notify proxy, as runc), or null
 */
public record CreateOptions(
    String id,
    Path bundle,
    Path pidFile,
    String consoleSocket,
    boolean noPivot,
    boolean noNewKeyring,
    int preserveFds,
    int listenFds,
    boolean detach,
    boolean keep,
    Path callerCgroupFile,
    String notifySocket) {
  public static final Path OWN_CGROUP_FILE = Path.of("/proc/self/cgroup");

  public CreateOptions {
    callerCgroupFile = callerCgroupFile == null ? OWN_CGROUP_FILE : callerCgroupFile;
  }

  public CreateOptions(String id, Path bundle, Path pidFile, String consoleSocket, boolean noPivot, boolean noNewKeyring,
      int preserveFds, int listenFds, boolean detach, boolean keep, Path callerCgroupFile) {
    this(id, bundle, pidFile, consoleSocket, noPivot, noNewKeyring, preserveFds, listenFds, detach, keep, callerCgroupFile, null);
  }

  /** The planner runs in the caller's cgroup (cold mode, embedders). */
  public CreateOptions(String id, Path bundle, Path pidFile, String consoleSocket, boolean noPivot, boolean noNewKeyring,
      int preserveFds, int listenFds, boolean detach, boolean keep) {
    this(id, bundle, pidFile, consoleSocket, noPivot, noNewKeyring, preserveFds, listenFds, detach, keep, null, null);
  }
}
