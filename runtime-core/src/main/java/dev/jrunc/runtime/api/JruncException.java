package dev.jrunc.runtime.api;

/**
 * A failure to report to the user: one line, no stack trace, and the process exit code runc uses
 * for it (1 for almost everything, 255 for exec failures once the container is known).
 */
public class JruncException extends RuntimeException {
  private final int exitCode;

  public JruncException(String message) {
    this(message, 1);
  }

  public JruncException(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
