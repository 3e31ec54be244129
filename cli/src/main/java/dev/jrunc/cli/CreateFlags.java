package dev.jrunc.cli;

import dev.jrunc.runtime.api.CreateOptions;
import dev.jrunc.runtime.api.JruncException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The flags create and run share, as runc's. Paths are made absolute against the caller's cwd. */
final class CreateFlags {
  @Parameters(index = "0", arity = "0..1", paramLabel = "<container-id>")
  String id;

  @Option(names = {"--bundle", "-bundle", "-b"}, description = "path to the root of the bundle directory, defaults to the current directory")
  String bundle;

  @Option(names = {"--console-socket", "-console-socket"}, description = "path to an AF_UNIX socket which will receive a file descriptor referencing the master end of the console's pseudoterminal")
  String consoleSocket;

  @Option(names = {"--pid-file", "-pid-file"}, description = "specify the file to write the process id to")
  String pidFile;

  @Option(names = {"--no-pivot", "-no-pivot"}, arity = "0..1", fallbackValue = "true", description = "do not use pivot root to jail process inside rootfs")
  boolean noPivot;

  @Option(names = {"--no-new-keyring", "-no-new-keyring"}, arity = "0..1", fallbackValue = "true", description = "do not create a new session keyring for the container")
  boolean noNewKeyring;

  @Option(names = {"--preserve-fds", "-preserve-fds"}, description = "pass N additional file descriptors to the container (stdio + $LISTEN_FDS + N in total)")
  int preserveFds;

  CreateOptions toOptions(String command, boolean detach, boolean keep) {
    if (id == null || id.isEmpty()) throw new UsageException("jrunc: \"" + command + "\" requires exactly 1 argument(s)");
    Path cwd = Caller.current().cwd();
    Path bundleDir = bundle == null || bundle.isEmpty() ? cwd : cwd.resolve(bundle).normalize();
    Path pid = pidFile == null || pidFile.isEmpty() ? null : cwd.resolve(pidFile).normalize();
    if (preserveFds < 0) throw new JruncException("--preserve-fds must be non-negative");
    return new CreateOptions(id, bundleDir, pid, emptyToNull(consoleSocket), noPivot, noNewKeyring, preserveFds,
        listenFds(), detach, keep, Caller.current().cgroupFile(), Caller.current().getenv("NOTIFY_SOCKET"));
  }

  /** Socket activation: LISTEN_FDS counts only when LISTEN_PID names the front (our parent), as go-systemd. */
  static int listenFds() {
    Caller caller = Caller.current();
    String fds = caller.getenv("LISTEN_FDS");
    String pid = caller.getenv("LISTEN_PID");
    if (fds == null || pid == null) return 0;
    long front = caller.pid();
    try {
      return Long.parseLong(pid) == front ? Math.max(0, Integer.parseInt(fds)) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
