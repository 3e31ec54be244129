package dev.jrunc.cli;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.Plan;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "kill", description = "kill sends the specified signal (default: SIGTERM) to the container's init process")
final class KillCommand implements PlanCommand {
  @Option(names = {"--all", "-all", "-a"}, arity = "0..1", fallbackValue = "true", description = "send the specified signal to all processes inside the container")
  boolean all;

  @Parameters(arity = "0..*") List<String> args;

  @Override
  public Plan plan(JruncRuntime runtime) {
    if (args == null || args.isEmpty() || args.size() > 2) {
      throw new UsageException("jrunc: \"kill\" requires a minimum of 1 and a maximum of 2 argument(s)");
    }
    int signal = args.size() == 2 ? Signals.parse(args.get(1)) : 15;
    return runtime.kill(args.get(0), signal, all);
  }
}
