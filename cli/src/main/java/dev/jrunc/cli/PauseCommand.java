package dev.jrunc.cli;

import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.Plan;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "pause", description = "pause suspends all processes inside the container")
final class PauseCommand implements PlanCommand {
  @Parameters(arity = "0..*") List<String> args;

  @Override
  public Plan plan(JruncRuntime runtime) {
    return runtime.pause(Args.exactlyOne("pause", args));
  }
}
