package dev.jrunc.cli;

import java.util.List;

/** runc's argument-count checks and their wording. */
final class Args {
  private Args() {}

  static String exactlyOne(String command, List<String> args) {
    if (args == null || args.size() != 1) throw new UsageException("jrunc: \"" + command + "\" requires exactly 1 argument(s)");
    return args.get(0);
  }
}
