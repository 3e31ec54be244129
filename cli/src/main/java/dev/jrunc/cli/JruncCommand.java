package dev.jrunc.cli;

import dev.jrunc.runtime.api.RuntimeOptions;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level command: runc's global flags (each also in runc's single-dash spelling). */
@Command(
    name = "jrunc",
    versionProvider = VersionProvider.class,
    subcommands = {
      CreateCommand.class, StartCommand.class, RunCommand.class, StateCommand.class, ListCommand.class,
      KillCommand.class, DeleteCommand.class, SpecCommand.class, UpdateCommand.class, EventsCommand.class,
      FeaturesCommand.class, ExecCommand.class, PauseCommand.class, ResumeCommand.class, PsCommand.class,
      InstallCommand.class, ServerCommand.class
    })
public final class JruncCommand {
  @Option(names = {"--root", "-root"}, description = "root directory for storage of container state (default: /run/jrunc)")
  Path root;

  @Option(names = {"--log", "-log"}, description = "set the log file to write jrunc logs to (default is '/dev/stderr')")
  String log;

  @Option(names = {"--log-format", "-log-format"}, description = "set the log format ('text' (default), or 'json')")
  String logFormat;

  @Option(names = {"--debug", "-debug"}, arity = "0..1", fallbackValue = "true", description = "enable debug logging")
  boolean debug;

  @Option(names = {"--systemd-cgroup", "-systemd-cgroup"}, arity = "0..1", fallbackValue = "true",
      description = "enable systemd cgroup support, expects cgroupsPath to be of form \"slice:prefix:name\"")
  boolean systemdCgroup;

  @Option(names = {"--rootless", "-rootless"}, description = "ignore cgroup permission errors ('true', 'false', or 'auto')")
  String rootless;

  @Option(names = {"--criu", "-criu"}, hidden = true, description = "path to the criu binary (ignored)")
  String criu;

  @Option(names = {"--help", "-help", "-h"}, usageHelp = true, description = "show help")
  boolean help;

  @Option(names = {"--version", "-version", "-v"}, versionHelp = true, description = "print the version")
  boolean version;

  RuntimeOptions options() {
    return new RuntimeOptions(root == null ? null : Caller.current().resolve(root.toString()), log, logFormat, debug, systemdCgroup, rootless);
  }
}
