package dev.jrunc.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * scripts/ptyrun.c, compiled once per test JVM: runs a client on a new pty, for the `-t`/`-it`
 * scenarios (`ctr run -t` panics without a terminal; `docker run -it` and `podman run -it` refuse
 * "the input device is not a TTY"). Its output is what the terminal showed: lines end in \r\n.
 */
final class PtyRun {
  private static Path binary;
  private static String unavailable;

  private PtyRun() {}

  /** The compiled helper, or null (with {@link #whyUnavailable()}) if no cc or no pty here. */
  static synchronized Path binary() {
    if (binary != null || unavailable != null) return binary;
    try {
      Path dir = Files.createTempDirectory(Path.of("/tmp"), "jrunc-e2e-pty-");
      Path bin = dir.resolve("ptyrun");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        bin.toFile().delete();
        dir.toFile().delete();
      }, "jrunc-e2e-ptyrun-rm"));
      Cmd.Result cc = Cmd.run("cc", "-O2", "-o", bin.toString(), Containerd.scripts().resolve("ptyrun.c").toString());
      if (cc.exit() != 0) unavailable = "cannot compile ptyrun.c: " + cc;
      else if (Cmd.run(bin.toString(), "true").exit() != 0) unavailable = "no pty can be allocated here";
      else binary = bin;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return binary;
  }

  static String whyUnavailable() {
    binary();
    return unavailable;
  }

  /** `ptyrun argv...` with a timeout. */
  static Cmd.Result run(List<String> argv, int timeoutSeconds) {
    List<String> a = new ArrayList<>();
    a.add(binary().toString());
    a.addAll(argv);
    return Cmd.run(a, Map.of(), timeoutSeconds);
  }
}
