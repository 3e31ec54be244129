package dev.jrunc.cli;

import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "create", description = "create a container")
final class CreateCommand implements PlanCommand {
  @Mixin CreateFlags flags;

  @Override
  public Plan plan(JruncRuntime runtime) {
    return runtime.create(flags.toOptions("create", true, false));
  }

  @Override
  public String errorPrefix() {
    return "jrunc create failed: ";
  }
}
