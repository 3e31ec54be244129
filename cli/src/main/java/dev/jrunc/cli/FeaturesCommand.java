package dev.jrunc.cli;

import dev.jrunc.runtime.api.Features;
import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `jrunc features`: the OCI features document (runc-cli.md §5.4). */
@Command(name = "features", description = "show the enabled features")
final class FeaturesCommand implements PlanCommand {
  @Parameters(arity = "0..*", hidden = true) List<String> args;

  @Override
  public Plan plan(JruncRuntime runtime) {
    if (args != null && !args.isEmpty()) throw new UsageException("jrunc: \"features\" requires exactly 0 argument(s)");
    return new Plan().add(Section.PREPARE, OpCode.STDOUT, "", Features.json(annotations()).getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, String> annotations() {
    Map<String, String> a = new LinkedHashMap<>();
    String commit = VersionProvider.class.getPackage().getImplementationVersion();
    a.put("dev.jrunc.version", VersionProvider.VERSION);
    a.put("dev.jrunc.commit", commit == null ? "unknown" : commit);
    a.put("dev.jrunc.checkpoint.enabled", "false");
    // The seccomp compiler is jrunc's own (no libseccomp): say so where runc names libseccomp's version.
    a.put("dev.jrunc.seccomp.compiler", "jrunc-bpf");
    return a;
  }
}
