package dev.jrunc.cli.server;

import dev.jrunc.cli.Caller;
import dev.jrunc.cli.Main;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.PlanEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection: check the peer, read its request, plan it as the cold planner would for that caller,
 * write the plan, close. Closing without a plan declines: the front then plans cold, so every failure
 * here (a refused peer, a bad request, a bug) costs only time, never a wrong result. Planning has no side
 * effects (the front executes the plan), so a crash anywhere leaves no container state half-changed.
 */
final class RequestWorker implements Runnable {
  /** Well past the front's deadline (3 s, front/src/planner_server.h). */
  static final long STALL_SECONDS = 30;

  private final SocketChannel connection;
  private final PeerCheck peers;
  private final ServerStats stats;
  private final ScheduledExecutorService watchdog;
  private final CommandLinePool commandLines;

  RequestWorker(SocketChannel connection, PeerCheck peers, ServerStats stats, ScheduledExecutorService watchdog,
      CommandLinePool commandLines) {
    this.connection = connection;
    this.peers = peers;
    this.stats = stats;
    this.watchdog = watchdog;
    this.commandLines = commandLines;
  }

  @Override
  public void run() {
    // A peer that never finishes its request must not hold a thread for ever: the front gives up after
    // its deadline anyway, so closing the connection later than that loses nothing.
    ScheduledFuture<?> stall = watchdog.schedule(this::closeQuietly, STALL_SECONDS, TimeUnit.SECONDS);
    try (SocketChannel c = connection) {
      if (!peers.allows(c)) {
        stats.refused();
        return;
      }
      InputStream in = Channels.newInputStream(c);
      PlanRequest request = PlanRequest.read(in);
      Caller caller = new Caller(request.cwd(), request.env(), request.pid(), true);
      Plan plan = Main.plan(request.args().toArray(String[]::new), caller, commandLines::take);
      ByteBuffer out = ByteBuffer.wrap(PlanEncoder.encode(plan));
      while (out.hasRemaining()) c.write(out);
      stats.served();
    } catch (Caller.ColdOnly e) {
      stats.declined();
    } catch (IOException e) {
      // The front went away, or sent something we do not understand: it plans cold (or is gone).
      stats.failed();
    } catch (RuntimeException | Error e) {
      // A bug: the caller still gets its answer, from the cold path; the trace is for us.
      stats.failed();
      e.printStackTrace();
    } finally {
      stall.cancel(false);
      stats.finished();
    }
    // the front has its plan (the connection is closed): get the next request's model ready
    try {
      commandLines.refill();
    } catch (RuntimeException e) {
      e.printStackTrace(); // a bug; take() builds them on demand anyway
    }
  }

  private void closeQuietly() {
    try {
      connection.close();
    } catch (IOException e) {
      // closed already
    }
  }
}
