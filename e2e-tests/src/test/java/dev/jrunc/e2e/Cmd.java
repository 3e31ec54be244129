package dev.jrunc.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a host command with a timeout; stdout and stderr go to files (no pipe a container could hold). */
final class Cmd {
  /** What a command did: exit code (-1 on timeout), stdout, stderr. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit=" + exit + " stdout=[" + out + "] stderr=[" + err + "]";
    }
  }

  private Cmd() {}

  static Result run(List<String> argv, Map<String, String> env, int timeoutSeconds) {
    return run(argv, env, timeoutSeconds, null);
  }

  /** As {@link #run(List, Map, int)}, with {@code input} (if not null) on stdin instead of /dev/null. */
  static Result run(List<String> argv, Map<String, String> env, int timeoutSeconds, String input) {
    try {
      File in = new File("/dev/null");
      if (input != null) {
        in = File.createTempFile("jrunc-e2e-", ".in");
        in.deleteOnExit();
        Files.writeString(in.toPath(), input, StandardCharsets.UTF_8);
      }
      File out = File.createTempFile("jrunc-e2e-", ".out");
      File err = File.createTempFile("jrunc-e2e-", ".err");
      try {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out).redirectError(err)
            .redirectInput(ProcessBuilder.Redirect.from(in));
        pb.environment().putAll(env);
        Process p = pb.start();
        int exit;
        if (p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          exit = p.exitValue();
        } else {
          // only the process we started
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          exit = -1;
        }
        return new Result(exit, Files.readString(out.toPath(), StandardCharsets.UTF_8),
            Files.readString(err.toPath(), StandardCharsets.UTF_8));
      } finally {
        out.delete();
        err.delete();
        if (input != null) in.delete();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Result run(String... argv) {
    return run(List.of(argv), Map.of(), 60);
  }

  static boolean exists(Path p) {
    return Files.exists(p);
  }
}
