package dev.jrunc.cli.server;

import dev.jrunc.cli.Main;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import picocli.CommandLine;

/**
 * Fresh command line models, built ahead. Building one (picocli reflects over every command class) is
 * most of what a warm request costs, and a model holds one parse's values, so it cannot be shared or
 * reused: instead each worker builds the next one after it has answered, while the front executes.
 */
final class CommandLinePool {
  private final BlockingQueue<CommandLine> ready;

  CommandLinePool(int size) {
    ready = new ArrayBlockingQueue<>(size);
  }

  /** A fresh model: one built ahead, or built now when none is left. */
  CommandLine take() {
    CommandLine cl = ready.poll();
    return cl != null ? cl : Main.newCommandLine();
  }

  /** Builds models until the pool is full (called off the request path). */
  void refill() {
    while (ready.remainingCapacity() > 0) {
      if (!ready.offer(Main.newCommandLine())) return;
    }
  }
}
