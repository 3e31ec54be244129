package dev.jrunc.cli.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the server has done, and whether it is busy (for the idle timeout). Thread-safe. */
final class ServerStats {
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong declined = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicInteger active = new AtomicInteger();
  private volatile long lastActivity = System.nanoTime();

  void started() {
    active.incrementAndGet();
    lastActivity = System.nanoTime();
  }

  void finished() {
    lastActivity = System.nanoTime();
    active.decrementAndGet();
  }

  void served() {
    served.incrementAndGet();
  }

  void declined() {
    declined.incrementAndGet();
  }

  void refused() {
    refused.incrementAndGet();
  }

  void failed() {
    failed.incrementAndGet();
  }

  /** True when no request is running and none has for at least nanos. */
  boolean idleFor(long nanos) {
    return active.get() == 0 && System.nanoTime() - lastActivity >= nanos;
  }

  @Override
  public String toString() {
    return "served " + served + ", declined " + declined + ", refused " + refused + ", failed " + failed;
  }
}
