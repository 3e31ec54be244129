package dev.jrunc.cli;

import dev.jrunc.runtime.api.JruncException;
import java.util.List;

/** runc's argument-count checks and their wording. */
final class Args {
  private Args() {}

  static String exactlyOne(String command, List<String> args) {
    if (args == null || args.size() != 1) throw new JruncException("jrunc: \"" + command + "\" requires exactly 1 argument(s)");
    return args.get(0);
  }
}
