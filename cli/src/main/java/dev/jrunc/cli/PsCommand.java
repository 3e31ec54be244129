package dev.jrunc.cli;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `ps ID [ps options...]`: everything after the id goes to ps(1) (stop-at-positional, set in Main). */
@Command(name = "ps", description = "ps displays the processes running inside a container")
final class PsCommand implements PlanCommand {
  @Option(names = {"--format", "-format", "-f"}, description = "select one of: table or json (default: \"table\")")
  String format = "table";

  @Parameters(arity = "0..*", paramLabel = "<container-id> [ps options]")
  List<String> args;

  @Override
  public Plan plan(JruncRuntime runtime) {
    if (args == null || args.isEmpty()) throw new UsageException("jrunc: \"ps\" requires a minimum of 1 argument(s)");
    String out = switch (format) {
      case "json" -> runtime.psJson(args.get(0));
      case "table" -> runtime.psTable(args.get(0), args.subList(1, args.size()));
      default -> throw new JruncException("invalid format option");
    };
    return new Plan().add(Section.PREPARE, OpCode.STDOUT, "", out.getBytes(StandardCharsets.UTF_8));
  }
}
