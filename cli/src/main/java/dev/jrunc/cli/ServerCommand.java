package dev.jrunc.cli;

import dev.jrunc.cli.server.PeerCheck;
import dev.jrunc.cli.server.PlannerServer;
import dev.jrunc.cli.server.SocketListener;
import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.PlanEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `jrunc server`: keeps this planner JVM warm on a root-only unix socket, so that fronts get their plan
 * in about a millisecond instead of starting a JVM (docs/plan-protocol.md, "Warm mode"). Not one of
 * runc's commands, so it is hidden from the usage list. It plans nothing itself: when it exits (idle
 * timeout) the front that started it exits 0.
 */
@Command(name = "server", hidden = true, description = "serve plans to jrunc fronts on a unix socket (the warm planner)")
final class ServerCommand implements PlanCommand {
  /** Where fronts look when JRUNC_PLANNER_SOCKET is not set (the front has the same default). */
  static final String DEFAULT_SOCKET = "/run/jrunc-planner/planner.sock";

  @Option(names = {"--socket", "-socket"}, description = "the unix socket to listen on (default: " + DEFAULT_SOCKET
      + "; ignored when started with a listening socket as stdin, as systemd's socket activation does)")
  String socket;

  @Option(names = {"--idle-timeout", "-idle-timeout"}, description = "exit after this long without a request, 0 = never (default: 10m)")
  String idleTimeout = "10m";

  @Override
  public Plan plan(JruncRuntime runtime) {
    Caller caller = Caller.current();
    caller.requireLocal("the planner server"); // a server never runs inside another one
    Duration idle;
    try {
      idle = GoDuration.parse(idleTimeout);
    } catch (IllegalArgumentException e) {
      throw new UsageException("invalid value \"" + idleTimeout + "\" for flag -idle-timeout: parse error");
    }
    if (idle.isNegative()) throw new JruncException("--idle-timeout must not be negative: " + idleTimeout);
    Path path = caller.resolve(socket == null || socket.isEmpty() ? DEFAULT_SOCKET : socket);
    SocketListener listener;
    try {
      listener = SocketListener.inherited();
      if (listener == null) listener = SocketListener.bind(path);
    } catch (IOException e) {
      throw new JruncException("listen on " + path + ": " + e.getMessage());
    }
    try {
      String summary = new PlannerServer(listener, PeerCheck.rootAndSelf(), idle).serve();
      System.err.println("jrunc server: exiting after " + idleTimeout + " idle: " + summary);
      if (listener.stdoutBeforeDetach() != null) {
        // fd 1 is /dev/null now (see SocketListener): answer our front through the pipe we kept
        try (OutputStream planOut = listener.stdoutBeforeDetach()) {
          planOut.write(PlanEncoder.encode(new Plan()));
        }
        System.exit(0);
      }
    } catch (IOException e) {
      throw new JruncException("serve on " + path + ": " + e.getMessage());
    }
    return new Plan();
  }
}
