package dev.jrunc.runtime.planner;

import java.util.List;

/** One hook to run: path, argv (argv[0] may differ from path), exact env, timeout in seconds (null = none). */
public record HookCommand(String path, List<String> args, List<String> env, Integer timeout) {
  public HookCommand {
    args = args == null || args.isEmpty() ? List.of(path) : List.copyOf(args);
    env = env == null ? List.of() : List.copyOf(env);
  }
}
