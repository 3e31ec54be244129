package dev.jrunc.spec;

import java.util.List;

/** One hook: absolute path, argv (args[0] is argv0), env, timeout in seconds (null: none). */
public record Hook(String path, List<String> args, List<String> env, @Num.I32 Integer timeout) {

    public Hook {
        args = Copies.list(args);
        env = Copies.list(env);
    }
}
