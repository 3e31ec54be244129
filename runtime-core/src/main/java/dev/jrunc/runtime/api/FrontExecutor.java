package dev.jrunc.runtime.api;

import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.PlanEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs plans with the native front in executor mode, for programs that embed runtime-core (as libct's
 * frontends embed libct). The plan reaches the front on its stdin ({@code JRUNC_PLAN_FD=0}); the
 * front's stdout and stderr, and so the container's, are this JVM's.
 */
public final class FrontExecutor {
  private final Path front;

  public FrontExecutor(Path front) {
    this.front = front;
  }

  /** The front of a jrunc distribution directory (the one holding bin/jrunc). */
  public static FrontExecutor fromDist(Path dist) {
    return new FrontExecutor(dist.resolve("bin/jrunc"));
  }

  /** Runs the plan and returns the front's exit code. */
  public int run(Plan plan) throws IOException, InterruptedException {
    Path file = Files.createTempFile("jrunc-plan", ".bin");
    try {
      Files.write(file, PlanEncoder.encode(plan));
      ProcessBuilder pb = new ProcessBuilder(front.toString()).inheritIO().redirectInput(file.toFile());
      pb.environment().put("JRUNC_PLAN_FD", "0");
      return pb.start().waitFor();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
