package dev.jrunc.cli;

import dev.jrunc.runtime.api.CallerIds;
import dev.jrunc.runtime.api.CreateOptions;
import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.planner.DoSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `jrunc do [flags] -- CMD [ARGS]`, as gVisor's `runsc do`: the command in a fresh container whose root
 * is the host's "/" under an overlay (a tmpfs upper layer unless --overlay=DIR), with no network but its
 * own loopback, then the container is deleted and jrunc exits with the command's status. No bundle.
 */
@Command(name = "do", description = "run a command in a sandbox whose root is the host's / under an overlay (no bundle needed)")
final class DoCommand implements PlanCommand {
  @Option(names = {"--cwd", "-cwd"}, description = "working directory in the container (default: the current one)")
  String cwd;

  @Option(names = {"--env", "-env", "-e"}, description = "set an environment variable (NAME=VALUE) on top of the current environment")
  List<String> env = new ArrayList<>();

  @Option(names = {"--id", "-id"}, description = "the container's id (default: do-RANDOM)")
  String id;

  @Option(names = {"--host-network", "-host-network"}, arity = "0..1", fallbackValue = "true", description = "use the host's network instead of an empty network namespace")
  boolean hostNetwork;

  @Parameters(arity = "1..*", paramLabel = "CMD", description = "the command and its arguments")
  List<String> command;

  @Override
  public Plan plan(JruncRuntime runtime) {
    String dir = cwd != null ? cwd : Caller.current().cwd().toString();
    String name = id != null ? id : String.format("do-%08x", new SecureRandom().nextInt());
    var spec = DoSpec.create(command, environment(), dir, isTerminal(), hostNetwork, CallerIds.current());
    return runtime.runSpec(new CreateOptions(name, null, null, null, false, false, 0, 0, false, false), spec);
  }

  /** The caller's environment (without the front's own variables), then --env. */
  private List<String> environment() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : Caller.current().env().entrySet()) {
      if (e.getKey().startsWith("JRUNC_") || e.getKey().startsWith("_JRUNC")) continue;
      out.add(e.getKey() + "=" + e.getValue());
    }
    if (out.stream().noneMatch(s -> s.startsWith("PATH="))) out.add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    out.addAll(env);
    return out;
  }

  /** A terminal when the caller's stdin is one: the command then gets a pty, as an interactive shell needs. */
  private static boolean isTerminal() {
    try {
      // the front's stdin (this JVM's parent in cold mode, the requesting front in warm mode)
      String in = Files.readSymbolicLink(Path.of("/proc/" + Caller.current().pid() + "/fd/0")).toString();
      return in.startsWith("/dev/pts/") || in.startsWith("/dev/tty") || in.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  @Override
  public String errorPrefix() {
    return "jrunc do failed: ";
  }
}
