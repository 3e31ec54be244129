package dev.jrunc.cli;

import dev.jrunc.runtime.api.JruncException;

/** Wrong arguments: like runc, "Incorrect Usage." and the command's help go to stdout, the error to the log. */
final class UsageException extends JruncException {
  UsageException(String message) {
    super(message);
  }
}
