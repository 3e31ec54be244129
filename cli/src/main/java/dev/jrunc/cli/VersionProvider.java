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
    String commit = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {
      "jrunc version " + VERSION,
      "commit: " + (commit == null ? "unknown" : commit),
      "spec: " + SPEC_VERSION,
      "java: " + System.getProperty("java.version")
    };
  }
}
