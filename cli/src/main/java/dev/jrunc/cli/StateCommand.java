package dev.jrunc.cli;

import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "state", description = "output the state of a container")
final class StateCommand implements PlanCommand {
  @Parameters(arity = "0..*") java.util.List<String> args;

  @Override
  public Plan plan(JruncRuntime runtime) {
    String json = runtime.state(Args.exactlyOne("state", args));
    return new Plan().add(Section.PREPARE, OpCode.STDOUT, "", json.getBytes(StandardCharsets.UTF_8));
  }
}
