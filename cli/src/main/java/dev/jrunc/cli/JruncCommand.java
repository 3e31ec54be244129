package dev.jrunc.cli;

import dev.jrunc.runtime.api.CallerIds;
import dev.jrunc.runtime.api.RuntimeOptions;
import dev.jrunc.runtime.api.SandboxOptions;
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
      InstallCommand.class, DoCommand.class, ServerCommand.class
    })
public final class JruncCommand {
  @Option(names = {"--root", "-root"}, description = "root directory for storage of container state (default: /run/jrunc, or $XDG_RUNTIME_DIR/jrunc for a user that is not root)")
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

  @Option(names = {"--overlay", "-overlay"}, arity = "0..1", fallbackValue = "tmpfs", paramLabel = "DIR",
      description = "overlay the rootfs so that the bundle is never written: the upper layer is a tmpfs that goes with the"
          + " container (--overlay, --overlay=tmpfs), or DIR/upper (kept after delete)")
  String overlay;

  @Option(names = {"--criu", "-criu"}, hidden = true, description = "path to the criu binary (ignored)")
  String criu;

  @Option(names = {"--network", "-network"}, description = "container network: sandbox (the spec's namespace, loopback up; default), none (a fresh namespace with only loopback) or host")
  String network;

  @Option(names = {"--net-veth", "-net-veth"}, paramLabel = "HOST-IF[:ADDR/LEN][,gw=IP][,mtu=N][,name=IF][,netns=NS][,host-addr=ADDR/LEN]",
      description = "create a veth pair: the container end (default eth0) with this address and default route, the host end HOST-IF in jrunc's network namespace or in netns (repeatable)")
  java.util.List<String> netVeth;

  @Option(names = {"--net-deny", "-net-deny"}, paramLabel = "CIDR[,CIDR...]",
      description = "drop the container's IPv4 packets to these networks (eBPF egress filter on its cgroup; repeatable)")
  java.util.List<String> netDeny;

  @Option(names = {"--strace", "-strace"}, arity = "0..1", fallbackValue = "true", description = "log the container's syscalls to the debug log (--log)")
  boolean strace;

  @Option(names = {"--strace-syscalls", "-strace-syscalls"}, split = ",", description = "with --strace: only these syscalls (comma-separated)")
  java.util.List<String> straceSyscalls;

  @Option(names = {"--help", "-help", "-h"}, usageHelp = true, description = "show help")
  boolean help;

  @Option(names = {"--version", "-version", "-v"}, versionHelp = true, description = "print the version")
  boolean version;

  RuntimeOptions options() {
    Caller caller = Caller.current();
    Path stateRoot = root != null ? caller.resolve(root.toString())
        : RuntimeOptions.defaultRoot(CallerIds.current(), caller.getenv("XDG_RUNTIME_DIR"));
    return new RuntimeOptions(stateRoot, log, logFormat, debug, systemdCgroup, rootless, sandbox());
  }

  private SandboxOptions sandbox() {
    // a directory is recorded absolute (against the caller's cwd): exec and delete may run from another
    String overlayValue = overlay == null || overlay.isEmpty() || overlay.equals("tmpfs") ? overlay
        : Caller.current().resolve(overlay).toString();
    return new SandboxOptions(network, overlayValue, strace, straceSyscalls, netVeth, netDeny);
  }
}
