package dev.jrunc.cli;

import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.Plan;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = "delete any resources held by the container often used with detached container")
final class DeleteCommand implements PlanCommand {
  @Option(names = {"--force", "-force", "-f"}, arity = "0..1", fallbackValue = "true", description = "Forcibly deletes the container if it is still running (uses SIGKILL)")
  boolean force;

  @Parameters(arity = "0..*") List<String> args;

  @Override
  public Plan plan(JruncRuntime runtime) {
    return runtime.delete(Args.exactlyOne("delete", args), force);
  }
}
