package dev.jrunc.cli;

import dev.jrunc.runtime.api.ExecOptions;
import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.Plan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `exec`, flag for flag as runc 1.1.5. Everything after the container id is the command (Main turns
 * picocli's stop-at-positional on for this command, as urfave's SkipArgReorder).
 */
@Command(name = "exec", description = "execute new process inside the container")
final class ExecCommand implements PlanCommand {
  @Option(names = {"--console-socket", "-console-socket"}, description = "path to an AF_UNIX socket which will receive a file descriptor referencing the master end of the console's pseudoterminal")
  String consoleSocket;

  @Option(names = {"--cwd", "-cwd"}, description = "current working directory in the container")
  String cwd;

  @Option(names = {"--env", "-env", "-e"}, description = "set environment variables")
  List<String> env = new ArrayList<>();

  @Option(names = {"--tty", "-tty", "-t"}, arity = "0..1", fallbackValue = "true", description = "allocate a pseudo-TTY")
  boolean tty;

  @Option(names = {"--user", "-user", "-u"}, description = "UID (format: <uid>[:<gid>])")
  String user;

  @Option(names = {"--additional-gids", "-additional-gids", "-g"}, description = "additional gids")
  List<Long> additionalGids = new ArrayList<>();

  @Option(names = {"--process", "-process", "-p"}, description = "path to the process.json")
  String process;

  @Option(names = {"--detach", "-detach", "-d"}, arity = "0..1", fallbackValue = "true", description = "detach from the container's process")
  boolean detach;

  @Option(names = {"--pid-file", "-pid-file"}, description = "specify the file to write the process id to")
  String pidFile;

  @Option(names = {"--process-label", "-process-label"}, description = "set the asm process label for the process commonly used with selinux (ignored: no SELinux support)")
  String processLabel;

  @Option(names = {"--apparmor", "-apparmor"}, description = "set the apparmor profile for the process (ignored: no AppArmor support)")
  String apparmor;

  @Option(names = {"--no-new-privs", "-no-new-privs"}, arity = "0..1", fallbackValue = "true", description = "set the no new privileges value for the process")
  boolean noNewPrivs;

  @Option(names = {"--cap", "-cap", "-c"}, description = "add a capability to the bounding set for the process")
  List<String> caps = new ArrayList<>();

  @Option(names = {"--preserve-fds", "-preserve-fds"}, description = "Pass N additional file descriptors to the container (stdio + $LISTEN_FDS + N in total)")
  int preserveFds;

  @Option(names = {"--cgroup", "-cgroup"}, description = "run the process in an (existing) sub-cgroup(s). Format is [<controller>:]<cgroup>.")
  List<String> cgroups = new ArrayList<>();

  @Option(names = {"--ignore-paused", "-ignore-paused"}, arity = "0..1", fallbackValue = "true", description = "allow exec in a paused container")
  boolean ignorePaused;

  @Parameters(arity = "0..*", paramLabel = "<container-id> <command>")
  List<String> args;

  @Override
  public Plan plan(JruncRuntime runtime) {
    if (args == null || args.isEmpty()) throw new UsageException("jrunc: \"exec\" requires a minimum of 1 argument(s)");
    Path cwdPath = Caller.current().cwd();
    Path pid = pidFile == null || pidFile.isEmpty() ? null : cwdPath.resolve(pidFile).normalize();
    Path proc = process == null || process.isEmpty() ? null : cwdPath.resolve(process).normalize();
    if (preserveFds < 0) throw new dev.jrunc.runtime.api.JruncException("--preserve-fds must be non-negative", 255);
    ExecOptions o = new ExecOptions(args.get(0), proc, args.subList(1, args.size()), cwd, env, user, additionalGids, caps, tty,
        noNewPrivs, consoleSocket == null || consoleSocket.isEmpty() ? null : consoleSocket, detach, pid, preserveFds,
        CreateFlags.listenFds(), cgroups, ignorePaused);
    return runtime.exec(o);
  }

  @Override
  public int failureExitCode() {
    return 255;
  }
}
