package dev.jrunc.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** A runtime binary under test: jrunc from this build's dist/, or the reference runc. */
record Rt(String name, String binary) {
  static final Rt RUNC = new Rt("runc", "/usr/sbin/runc");
  static final Rt JRUNC = new Rt("jrunc", jruncBinary());

  static String jruncBinary() {
    String b = System.getProperty("jrunc.binary");
    if (b != null && !b.isBlank()) return b;
    String d = System.getProperty("jrunc.dist");
    Path dist = d != null && !d.isBlank() ? Path.of(d) : Path.of("").toAbsolutePath().getParent().resolve("dist");
    return dist.resolve("bin/jrunc").toString();
  }

  static boolean runcAvailable() {
    return Files.isExecutable(Path.of(RUNC.binary));
  }

  /** True when `jrunc CMD --help` exits 0: gates scenarios for commands other branches are adding. */
  static boolean jruncHas(String command) {
    return Cmd.run(JRUNC.binary, command, "--help").exit() == 0;
  }
}
