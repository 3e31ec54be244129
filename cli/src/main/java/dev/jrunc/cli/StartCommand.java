package dev.jrunc.cli;

import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "start", description = "executes the user defined process in a created container")
final class StartCommand implements PlanCommand {
  @Parameters(arity = "0..*") java.util.List<String> args;

  @Override
  public Plan plan(JruncRuntime runtime) {
    return runtime.start(Args.exactlyOne("start", args), Caller.current().getenv("NOTIFY_SOCKET"));
  }
}
