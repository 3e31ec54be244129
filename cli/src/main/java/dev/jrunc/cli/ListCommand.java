package dev.jrunc.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.runtime.planner.StatePlanner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", description = "lists containers started by jrunc with the given root")
final class ListCommand implements PlanCommand {
  @Option(names = {"--format", "-format", "-f"}, defaultValue = "table", description = "select one of: table or json (default: \"table\")")
  String format;

  @Option(names = {"--quiet", "-quiet", "-q"}, arity = "0..1", fallbackValue = "true", description = "display only container IDs")
  boolean quiet;

  @Override
  public Plan plan(JruncRuntime runtime) {
    if (!format.equals("table") && !format.equals("json")) throw new JruncException("invalid format option");
    StringBuilder warnings = new StringBuilder();
    List<ObjectNode> rows = runtime.list(warnings);
    String out;
    if (quiet) out = StatePlanner.quietList(rows);
    else if (format.equals("json")) out = StatePlanner.listJson(rows);
    else out = StatePlanner.listTable(rows);
    if (warnings.length() > 0) System.err.print(warnings);
    return new Plan().add(Section.PREPARE, OpCode.STDOUT, "", out.getBytes(StandardCharsets.UTF_8));
  }
}
