package dev.jrunc.cli;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.api.RuntimeOptions;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.PlanEncoder;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.runtime.planner.Logging;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The planner's entry point. The native front starts this JVM with the caller's argv, cwd and env; its
 * stdout is a pipe to the front, which carries one plan and nothing else. Every outcome, an error too,
 * is a plan: the front reports and logs errors, so the log format is handled in one place.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws IOException {
    Timing.mark("main");
    OutputStream planOut = new FileOutputStream(FileDescriptor.out);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    Plan plan = plan(args);
    Timing.mark("planned");
    planOut.write(PlanEncoder.encode(plan));
    planOut.flush();
    Timing.mark("encoded");
    System.err.flush();
    // halt, not exit: there are no shutdown hooks, and System.exit starts the JDK's logging
    // machinery (Runtime.exit is logged since JDK 21): a few ms of class loading for nothing.
    Runtime.getRuntime().halt(0);
  }

  /**
   * Plans one request of the warm server for this caller (its cwd, env, pid; see {@link Caller}).
   * Throws {@link Caller.ColdOnly} for what only a cold planner may do; otherwise as {@link #plan(String[])}.
   */
  public static Plan plan(String[] args, Caller caller, Supplier<CommandLine> picocli) {
    return caller.run(() -> plan(args, picocli));
  }

  /** Parses the command line and plans the command; never throws (but see {@link #plan(String[], Caller, CommandLine)}). */
  public static Plan plan(String[] args) {
    return plan(args, Main::newCommandLine);
  }

  /**
   * The command line model, configured: picocli keeps each parse's values in it, so one serves one
   * request (the warm server builds the next ones while it waits for requests).
   */
  public static CommandLine newCommandLine() {
    JruncCommand top = new JruncCommand();
    CommandLine cl = new CommandLine(top);
    Timing.mark("commandline");
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // Go's flag package does not bundle short flags: "-fjson" is an unknown flag, not "-f json".
    cl.setPosixClusteredShortOptionsAllowed(false);
    // exec and ps do not reorder flags (urfave's SkipArgReorder): everything after the id is the command's.
    // do: everything from the command on is the command's.
    for (String name : List.of("exec", "ps", "do")) cl.getSubcommands().get(name).setStopAtPositional(true);
    addHelpOptions(cl);
    return cl;
  }

  /** The quick parse of the common shapes first; anything else (help, errors, rare flags) through picocli. */
  private static Plan plan(String[] args, Supplier<CommandLine> picocli) {
    QuickCommandLine.Parsed quick = QuickCommandLine.parse(args);
    if (quick != null) {
      Timing.mark("parsed");
      Plan plan = planCommand(quick.top(), quick.command(), Logging.config(earlyOptions(args), "", 1), null);
      if (plan != null) return plan;
    }
    return planWithPicocli(args, picocli.get());
  }

  /** The full parse: picocli's model of every command, its help and its error messages. */
  static Plan planWithPicocli(String[] args, CommandLine cl) {
    JruncCommand top = cl.getCommand();
    Plan logConfig = Logging.config(earlyOptions(args), "", 1);
    ParseResult parsed;
    try {
      parsed = cl.parseArgs(args);
    } catch (CommandLine.UnmatchedArgumentException e) {
      List<String> unmatched = e.getUnmatched();
      if (e.getCommandLine() == cl && !unmatched.isEmpty() && !unmatched.get(0).startsWith("-")) {
        return Plan.failure(logConfig, "No help topic for '" + unmatched.get(0) + "'", 3);
      }
      String flag = unmatched.isEmpty() ? "" : unmatched.get(0);
      if (flag.startsWith("-")) {
        String msg = "flag provided but not defined: -" + flag.replaceFirst("^-+", "").replaceFirst("=.*", "");
        return usageError(logConfig, e.getCommandLine(), msg);
      }
      return usageError(logConfig, e.getCommandLine(), e.getMessage());
    } catch (CommandLine.ParameterException e) {
      return usageError(logConfig, e.getCommandLine(), e.getMessage());
    }
    // picocli does not reject unmatched words when --help is given; runc does: `runc frob --help`
    // is "No help topic", exit 3 (callers probe for commands this way).
    List<String> stray = parsed.unmatched();
    if (parsed.subcommand() == null && !stray.isEmpty() && !stray.get(0).startsWith("-")) {
      return Plan.failure(logConfig, "No help topic for '" + stray.get(0) + "'", 3);
    }
    if (cl.isUsageHelpRequested()) return stdout(usage(cl));
    if (cl.isVersionHelpRequested()) return stdout(String.join("\n", cl.getCommandSpec().version()) + "\n");
    Timing.mark("parsed");
    ParseResult sub = parsed.subcommand();
    if (sub == null) return stdout(usage(cl));
    if (sub.isUsageHelpRequested()) return stdout(usage(sub.commandSpec().commandLine()));
    return planCommand(top, (PlanCommand) sub.commandSpec().userObject(), logConfig, sub.commandSpec().commandLine());
  }

  /** picocli's model of jrunc's command line, configured to read argv as runc does. */

  /**
   * Plans a parsed command. A usage error is worded with {@code help}'s usage text; without it
   * (the quick parse) the result is null, and picocli parses the command line again for the message.
   */
  private static Plan planCommand(JruncCommand top, PlanCommand command, Plan logConfig, CommandLine help) {
    try {
      RuntimeOptions options = top.options();
      Plan config = Logging.config(options, command.errorPrefix(), command.failureExitCode());
      try {
        return new Plan().addAll(config).addAll(command.plan(JruncRuntime.open(options)));
      } catch (UsageException e) {
        return help == null ? null : usageError(config, help, e.getMessage());
      } catch (JruncException e) {
        return Plan.failure(config, e.getMessage(), e.exitCode());
      }
    } catch (JruncException e) {
      return Plan.failure(logConfig, e.getMessage(), e.exitCode());
    } catch (Caller.ColdOnly e) {
      throw e;
    } catch (RuntimeException e) {
      // A bug, not bad input: still one line for the user, the trace on stderr for us.
      e.printStackTrace();
      return Plan.failure(logConfig, "internal error: " + e, 1);
    }
  }

  /**
   * runc's `CMD --help` prints the command's help and exits 0 for every command: give each subcommand
   * (those other classes add too) a help option, under the names it does not already use.
   */
  private static void addHelpOptions(CommandLine top) {
    for (CommandLine sub : top.getSubcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      if (spec.options().stream().anyMatch(OptionSpec::usageHelp)) continue;
      String[] names = java.util.stream.Stream.of("--help", "-help", "-h")
          .filter(n -> spec.findOption(n) == null).toArray(String[]::new);
      if (names.length > 0) spec.addOption(OptionSpec.builder(names).usageHelp(true).description("show help").build());
    }
  }

  /** runc's shape: "Incorrect Usage[: flag error]." and the help on stdout, the error logged, exit 1. */
  private static Plan usageError(Plan logConfig, CommandLine command, String message) {
    boolean flagError = message.startsWith("flag provided");
    String help = (flagError ? "Incorrect Usage: " + message : "Incorrect Usage.") + "\n\n" + usage(command);
    return new Plan().addAll(logConfig).add(Section.PREPARE, OpCode.STDOUT, "", help.getBytes(StandardCharsets.UTF_8))
        .add(Section.PREPARE, OpCode.FAIL, "", message, 1L);
  }

  private static Plan stdout(String text) {
    return new Plan().add(Section.PREPARE, OpCode.STDOUT, "", text.getBytes(StandardCharsets.UTF_8));
  }

  private static String usage(CommandLine cl) {
    StringWriter w = new StringWriter();
    cl.usage(new PrintWriter(w), CommandLine.Help.Ansi.OFF);
    return w.toString();
  }

  /** The log options, found before a full parse so that even a parse error is logged where asked. */
  private static RuntimeOptions earlyOptions(String[] args) {
    String log = null, format = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i].replaceFirst("^--?", "--");
      if (a.equals("--log") && i + 1 < args.length) log = args[++i];
      else if (a.startsWith("--log=")) log = a.substring(6);
      else if (a.equals("--log-format") && i + 1 < args.length) format = args[++i];
      else if (a.startsWith("--log-format=")) format = a.substring(13);
      // the other global flags with a value: containerd's argv is `--root R --log L --log-format json CMD`
      else if (a.equals("--root") || a.equals("--rootless") || a.equals("--criu")) i++;
      else if (!a.startsWith("--")) break;
    }
    try {
      return new RuntimeOptions(null, log, format, false, false, null);
    } catch (JruncException e) {
      return new RuntimeOptions(null, log, "text", false, false, null);
    }
  }
}
