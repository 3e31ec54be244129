package dev.jrunc.cli;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.spec.DefaultSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "spec", description = "create a new specification file")
final class SpecCommand implements PlanCommand {
  @Option(names = {"--bundle", "-bundle", "-b"}, description = "path to the root of the bundle directory")
  String bundle;

  @Option(names = {"--rootless", "-rootless"}, arity = "0..1", fallbackValue = "true", description = "generate a configuration for a rootless container")
  boolean rootless;

  @Override
  public Plan plan(JruncRuntime runtime) {
    Path dir = bundle == null || bundle.isEmpty() ? Caller.current().cwd() : Caller.current().resolve(bundle);
    Path config = dir.resolve("config.json");
    if (Files.exists(config)) throw new JruncException("File config.json exists. Remove it first");
    String json = DefaultSpec.toJson(DefaultSpec.create(rootless));
    return new Plan().add(Section.PREPARE, OpCode.WRITE, "write " + config, config.toString(),
        json.getBytes(StandardCharsets.UTF_8), 0666L, Flags.EXCL);
  }
}
