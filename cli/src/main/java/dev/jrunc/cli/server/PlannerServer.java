package dev.jrunc.cli.server;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The warm planner: accepts fronts on a {@link SocketListener} and plans each request on its own thread,
 * so one slow request (a big config, a slow disk) never holds up the others. Exits once nothing has
 * been asked for the idle timeout.
 */
public final class PlannerServer {
  private final SocketListener listener;
  private final PeerCheck peers;
  private final Duration idleTimeout;
  private final ServerStats stats = new ServerStats();
  /** Two: what two fronts at once (containerd's parallel starts) take before a worker refills it. */
  private final CommandLinePool commandLines = new CommandLinePool(2);

  /** idleTimeout zero: never exit by itself. */
  public PlannerServer(SocketListener listener, PeerCheck peers, Duration idleTimeout) {
    this.listener = listener;
    this.peers = peers;
    this.idleTimeout = idleTimeout;
  }

  /** Serves until the idle timeout (or until the listener is closed); returns a summary line. */
  public String serve() throws IOException {
    ExecutorService workers = Executors.newCachedThreadPool(daemon("jrunc-plan"));
    // idle timeout and stalled requests
    ScheduledExecutorService idleWatch = Executors.newSingleThreadScheduledExecutor(daemon("jrunc-watch"));
    if (!idleTimeout.isZero()) {
      long nanos = idleTimeout.toNanos();
      long every = Math.max(10, Math.min(1000, idleTimeout.toMillis() / 4));
      idleWatch.scheduleWithFixedDelay(() -> {
        if (stats.idleFor(nanos)) closeQuietly();
      }, every, every, TimeUnit.MILLISECONDS);
    }
    workers.execute(commandLines::refill);
    try {
      while (true) {
        SocketChannel c;
        try {
          c = listener.channel().accept();
        } catch (ClosedChannelException e) {
          break; // the idle watch closed the listener
        } catch (IOException e) {
          // out of fds or memory for a moment: that front plans cold; keep serving the next ones
          System.err.println("jrunc server: accept: " + e.getMessage());
          pause();
          continue;
        }
        stats.started();
        workers.execute(new RequestWorker(c, peers, stats, idleWatch, commandLines));
      }
    } finally {
      idleWatch.shutdownNow();
      closeQuietly();
      workers.shutdown();
      try {
        // let the requests in flight answer (the JVM exits after this); a front that loses its answer
        // plans cold anyway
        workers.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return stats.toString();
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeQuietly() {
    try {
      listener.close();
    } catch (IOException e) {
      // already closed, or the file is gone: nothing to do
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
