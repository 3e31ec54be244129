package dev.jrunc.cli;

import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", description = "create and run a container")
final class RunCommand implements PlanCommand {
  @Mixin CreateFlags flags;

  @Option(names = {"--detach", "-detach", "-d"}, arity = "0..1", fallbackValue = "true", description = "detach from the container's process")
  boolean detach;

  @Option(names = {"--keep", "-keep"}, arity = "0..1", fallbackValue = "true", description = "do not delete the container after it exits")
  boolean keep;

  @Option(names = {"--no-subreaper", "-no-subreaper"}, arity = "0..1", fallbackValue = "true", description = "disable the use of the subreaper used to reap reparented processes")
  boolean noSubreaper;

  @Override
  public Plan plan(JruncRuntime runtime) {
    return runtime.run(flags.toOptions("run", detach, keep));
  }

  @Override
  public String errorPrefix() {
    return "jrunc run failed: ";
  }
}
