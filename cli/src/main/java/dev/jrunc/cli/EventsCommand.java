package dev.jrunc.cli;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * runc's `events`. With --stats: one line, printed by the front like any output. Without: a stream that
 * lasts as long as the container, so it cannot be a plan; this JVM writes it to the caller's stdout,
 * which the front gives it as fd 3 (docs/plan-protocol.md), and then plans nothing.
 */
@Command(name = "events", description = "display container events such as OOM notifications, cpu, memory, and IO usage statistics")
final class EventsCommand implements PlanCommand {
  @Option(names = {"--interval", "-interval"}, description = "set the stats collection interval (default: 5s)")
  String interval = "5s";

  @Option(names = {"--stats", "-stats"}, arity = "0..1", fallbackValue = "true", description = "display the container's stats then exit")
  boolean stats;

  @Parameters(arity = "0..*") List<String> args;

  @Override
  public Plan plan(JruncRuntime runtime) {
    String id = Args.exactlyOne("events", args);
    Duration every;
    try {
      every = GoDuration.parse(interval);
    } catch (IllegalArgumentException e) {
      throw new UsageException("invalid value \"" + interval + "\" for flag -interval: parse error");
    }
    runtime.state(id); // runc looks the container up first: "container does not exist" wins
    if (every.isNegative() || every.isZero()) throw new JruncException("duration interval must be greater than 0");
    if (stats) {
      return new Plan().add(Section.PREPARE, OpCode.STDOUT, "", runtime.stats(id).getBytes(StandardCharsets.UTF_8));
    }
    // The caller's stdout, reopened (a pipe or tty is the same one; a regular file is appended to).
    try (OutputStream out = Files.newOutputStream(Caller.current().streamingStdout(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      runtime.events(id, every, line -> {
        try {
          out.write(line.getBytes(StandardCharsets.UTF_8));
          out.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException | IOException e) {
      // The reader went away (EPIPE): nothing left to report to.
      return new Plan();
    }
    return new Plan();
  }
}
