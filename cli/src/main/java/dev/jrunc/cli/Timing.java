package dev.jrunc.cli;

import java.lang.management.ManagementFactory;

/**
 * Start-up checkpoints for the cold path: with JRUNC_TIMING=1 each {@link #mark} prints the time
 * since the JVM started (and since the previous mark) on stderr. Off, a mark costs one field read.
 */
final class Timing {
  private static final boolean ON = System.getenv("JRUNC_TIMING") != null;
  private static long last;

  private Timing() {}

  static void mark(String what) {
    if (!ON) return;
    // JVM start as wall time: only read when tracing (the management classes cost a few ms, so the
    // clock is read after them).
    long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    long now = System.nanoTime();
    System.err.printf("jrunc-timing %-12s +%6.1f ms  (%d ms since JVM start)%n", what,
        last == 0 ? 0.0 : (now - last) / 1e6, sinceStart);
    last = now;
  }
}
