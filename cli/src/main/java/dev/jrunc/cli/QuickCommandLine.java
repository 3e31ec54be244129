package dev.jrunc.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The cold path's parser for the commands a container engine sends on every container (create, run,
 * start, state, kill, delete, exec) in their plain shapes. Building picocli's model from the annotations costs
 * more than the rest of a `state`; this parser fills the same command objects for the argv it fully
 * understands and returns null for anything else (help, version, unknown or repeated flags, bad values,
 * `--`, @files, flags that picocli could read two ways), so that picocli parses it and words every
 * message exactly as before. QuickCommandLineTest checks it against picocli argv by argv.
 */
final class QuickCommandLine {
  /** What picocli would have produced: the top-level command with the global flags, and the subcommand. */
  record Parsed(JruncCommand top, PlanCommand command) {}

  /** Every subcommand's name: a flag's value spelled like one is left to picocli. */
  private static final Set<String> SUBCOMMANDS = Set.of("create", "start", "run", "state", "list", "kill", "delete",
      "spec", "update", "events", "features", "exec", "pause", "resume", "ps", "install");

  /** exec's list options: each use adds a value. */
  private static final Set<String> REPEATABLE = Set.of("env", "cap");

  private QuickCommandLine() {}

  /** The parsed command line, or null to let picocli parse it. */
  static Parsed parse(String[] args) {
    try {
      return new Parser(args).parse();
    } catch (Fallback | InvalidPathException e) {
      return null;
    }
  }

  /** Thrown for anything this parser leaves to picocli. */
  private static final class Fallback extends RuntimeException {
    Fallback() {
      super(null, null, false, false);
    }
  }

  private static final class Parser {
    private final String[] args;
    private final Set<String> seen = new HashSet<>();
    private int i;

    Parser(String[] args) {
      this.args = args;
    }

    Parsed parse() {
      JruncCommand top = new JruncCommand();
      String name = null;
      while (i < args.length && name == null) {
        String a = plain(args[i++]);
        if (!a.startsWith("-")) {
          name = a;
          break;
        }
        Flag f = flag(a);
        switch (f.name) {
          case "root" -> top.root = Path.of(value(f));
          case "log" -> top.log = value(f);
          case "log-format" -> top.logFormat = value(f);
          case "rootless" -> top.rootless = value(f);
          case "criu" -> top.criu = value(f);
          case "debug" -> top.debug = bool(f);
          case "systemd-cgroup" -> top.systemdCgroup = bool(f);
          default -> throw new Fallback();
        }
      }
      if (name == null) throw new Fallback();
      PlanCommand command = switch (name) {
        case "create" -> create();
        case "run" -> run();
        case "start" -> start();
        case "state" -> state();
        case "kill" -> kill();
        case "delete" -> delete();
        case "exec" -> exec();
        default -> throw new Fallback();
      };
      return new Parsed(top, command);
    }

    private CreateCommand create() {
      CreateCommand c = new CreateCommand();
      c.flags = new CreateFlags();
      for (String p : rest(f -> createFlag(c.flags, f))) c.flags.id = single(c.flags.id, p);
      return c;
    }

    private RunCommand run() {
      RunCommand c = new RunCommand();
      c.flags = new CreateFlags();
      List<String> positionals = rest(f -> {
        switch (f.name) {
          case "detach" -> c.detach = bool(f);
          case "keep" -> c.keep = bool(f);
          case "no-subreaper" -> c.noSubreaper = bool(f);
          default -> createFlag(c.flags, f);
        }
      });
      for (String p : positionals) c.flags.id = single(c.flags.id, p);
      return c;
    }

    private void createFlag(CreateFlags flags, Flag f) {
      switch (f.name) {
        case "bundle" -> flags.bundle = value(f);
        case "console-socket" -> flags.consoleSocket = value(f);
        case "pid-file" -> flags.pidFile = value(f);
        case "preserve-fds" -> flags.preserveFds = number(value(f));
        case "no-pivot" -> flags.noPivot = bool(f);
        case "no-new-keyring" -> flags.noNewKeyring = bool(f);
        default -> throw new Fallback();
      }
    }

    private StartCommand start() {
      StartCommand c = new StartCommand();
      c.args = orNull(rest(f -> {
        throw new Fallback();
      }));
      return c;
    }

    private StateCommand state() {
      StateCommand c = new StateCommand();
      c.args = orNull(rest(f -> {
        throw new Fallback();
      }));
      return c;
    }

    private KillCommand kill() {
      KillCommand c = new KillCommand();
      c.args = orNull(rest(f -> {
        if (!f.name.equals("all")) throw new Fallback();
        c.all = bool(f);
      }));
      return c;
    }

    private DeleteCommand delete() {
      DeleteCommand c = new DeleteCommand();
      c.args = orNull(rest(f -> {
        if (!f.name.equals("force")) throw new Fallback();
        c.force = bool(f);
      }));
      return c;
    }

    /**
     * exec as containerd and engines send it: flags, the id, then the command, all of it words (picocli's
     * stop-at-positional, urfave's SkipArgReorder). --additional-gids and --cgroup are left to picocli.
     */
    private ExecCommand exec() {
      ExecCommand c = new ExecCommand();
      List<String> words = new ArrayList<>();
      List<String> env = new ArrayList<>(), caps = new ArrayList<>();
      while (i < args.length) {
        String a = plain(args[i++]);
        if (!words.isEmpty() || !a.startsWith("-")) {
          words.add(a);
          continue;
        }
        Flag f = flag(a);
        switch (f.name) {
          case "process" -> c.process = value(f);
          case "detach" -> c.detach = bool(f);
          case "pid-file" -> c.pidFile = value(f);
          case "console-socket" -> c.consoleSocket = value(f);
          case "tty" -> c.tty = bool(f);
          case "cwd" -> c.cwd = value(f);
          case "env" -> env.add(value(f));
          case "user" -> c.user = value(f);
          case "cap" -> caps.add(value(f));
          case "process-label" -> c.processLabel = value(f);
          case "apparmor" -> c.apparmor = value(f);
          case "no-new-privs" -> c.noNewPrivs = bool(f);
          case "ignore-paused" -> c.ignorePaused = bool(f);
          case "preserve-fds" -> c.preserveFds = number(value(f));
          default -> throw new Fallback();
        }
      }
      if (!env.isEmpty()) c.env = env;
      if (!caps.isEmpty()) c.caps = caps;
      c.args = orNull(words);
      return c;
    }

    /** The subcommand's words: flags (in any order, as picocli) go to {@code onFlag}, the rest is returned. */
    private List<String> rest(FlagHandler onFlag) {
      List<String> positionals = new ArrayList<>();
      while (i < args.length) {
        String a = plain(args[i++]);
        if (a.startsWith("-")) onFlag.accept(flag(a));
        else positionals.add(a);
      }
      return positionals;
    }

    /**
     * A flag as picocli names it: "--x" and "-x" both stand for x when the command knows that spelling
     * (the tables above list runc's long names; a one-letter alias only exists with one dash). Each flag
     * only once, under any of its names: picocli rejects a repeated option with its own message.
     */
    private Flag flag(String a) {
      boolean twoDashes = a.startsWith("--");
      String body = a.substring(twoDashes ? 2 : 1);
      String inline = null;
      int eq = body.indexOf('=');
      if (eq >= 0) {
        inline = body.substring(eq + 1);
        body = body.substring(0, eq);
      }
      if (body.isEmpty() || (twoDashes && body.length() == 1) || (!twoDashes && body.length() == 1 && inline != null)) {
        throw new Fallback();
      }
      body = switch (body) {
        case "b" -> "bundle";
        case "d" -> "detach";
        case "f" -> "force";
        case "a" -> "all";
        case "e" -> "env";
        case "t" -> "tty";
        case "u" -> "user";
        case "p" -> "process";
        case "c" -> "cap";
        default -> body;
      };
      if (!REPEATABLE.contains(body) && !seen.add(body)) throw new Fallback();
      return new Flag(body, inline);
    }

    /** An option's value: inline after "=", else the next word, which must not look like a flag. */
    private String value(Flag f) {
      if (f.inline != null) {
        if (f.inline.isEmpty()) throw new Fallback();
        return f.inline;
      }
      if (i >= args.length) throw new Fallback();
      String v = plain(args[i++]);
      if (v.startsWith("-") || SUBCOMMANDS.contains(v)) throw new Fallback();
      return v;
    }

    /**
     * A boolean flag (picocli arity 0..1): "=true"/"=false", or alone. A following "true"/"false" is a
     * word picocli could take as the flag's value: leave that to picocli.
     */
    private boolean bool(Flag f) {
      if (f.inline != null) {
        if (f.inline.equals("true")) return true;
        if (f.inline.equals("false")) return false;
        throw new Fallback();
      }
      if (i < args.length) {
        String next = args[i].toLowerCase(Locale.ROOT);
        if (next.equals("true") || next.equals("false")) throw new Fallback();
      }
      return true;
    }

    private static int number(String s) {
      if (s.isEmpty() || s.length() > 9) throw new Fallback();
      for (int k = 0; k < s.length(); k++) {
        if (s.charAt(k) < '0' || s.charAt(k) > '9') throw new Fallback();
      }
      return Integer.parseInt(s);
    }

    /** A word picocli takes as it is: not empty, no @file, no end-of-options marker, no lone dash. */
    private static String plain(String a) {
      if (a.isEmpty() || a.startsWith("@") || a.equals("--") || a.equals("-")) throw new Fallback();
      return a;
    }

    private static String single(String current, String word) {
      if (current != null) throw new Fallback();
      return word;
    }

    private static List<String> orNull(List<String> words) {
      return words.isEmpty() ? null : words;
    }
  }

  private record Flag(String name, String inline) {}

  @FunctionalInterface
  private interface FlagHandler {
    void accept(Flag f);
  }
}
