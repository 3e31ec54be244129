package dev.jrunc.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * `jrunc --version`, shaped like runc's so that tools parsing it (dockerd reads the line with
 * "version" and the "commit:" line) understand it.
 */
public final class VersionProvider implements IVersionProvider {
  public static final String VERSION = "0.1.0";
  public static final String SPEC_VERSION = "1.2.0";

  @Override
  public String[] getVersion() {
    return new String[] {
      "jrunc version " + VERSION,
      "commit: " + commit(),
      "spec: " + SPEC_VERSION,
      "java: " + System.getProperty("java.version")
    };
  }

  /** The commit the dist was built from: lib/commit, written by tools/assemble-dist.sh. */
  private static String commit() {
    String home = Caller.current().getenv("JRUNC_HOME");
    if (home == null) return "unknown";
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of(home, "lib", "commit")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
