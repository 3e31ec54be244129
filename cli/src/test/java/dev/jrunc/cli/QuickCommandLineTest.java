package dev.jrunc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The quick parser against picocli: whatever argv the quick parser accepts, picocli must parse to the
 * same field values; whatever picocli rejects or answers with help, the quick parser must leave to it.
 */
class QuickCommandLineTest {
  @Test
  void parsesWhatContainerEnginesSend() {
    String[][] common = {
      {"--root", "/run/r", "--log", "/l.json", "--log-format", "json", "create", "--bundle", "/b", "--pid-file", "/p", "c1"},
      {"--root", "/run/r", "--log", "/l.json", "--log-format", "json", "--systemd-cgroup", "create", "--bundle", "/b",
          "--pid-file", "/p", "--console-socket", "/s.sock", "--no-pivot", "c1"},
      {"--root=/run/r", "create", "c1", "-b", "rel/bundle", "--preserve-fds", "2"},
      {"-root", "/r", "run", "-d", "--keep", "--bundle", "/b", "c2"},
      {"run", "--detach=false", "--no-new-keyring", "c2"},
      {"--root", "/r", "start", "c1"},
      {"--root", "/r", "state", "c1"},
      {"state"},
      {"--root", "/r", "kill", "c1", "9"},
      {"--root", "/r", "kill", "--all", "c1", "KILL"},
      {"--root", "/r", "delete", "c1"},
      {"--root", "/r", "delete", "--force", "c1"},
      {"--debug", "delete", "-f", "c1"},
      {"start", "a", "b"},
      {"--root", "/r", "--log", "/l.json", "--log-format", "json", "exec", "--process", "/p.json", "--detach",
          "--pid-file", "/p.pid", "c1"},
      {"exec", "-t", "-e", "A=b", "--env", "C=d", "--cwd", "/tmp", "-u", "1000:1000", "--cap", "CAP_KILL", "c1", "sh", "-c", "ls -l"},
      {"exec", "c1", "ls", "--all", "-e", "x", "-t"},
    };
    for (String[] argv : common) {
      assertNotNull(QuickCommandLine.parse(argv), () -> "quick parse of " + List.of(argv));
      assertSameAsPicocli(argv);
    }
  }

  @Test
  void leavesHelpErrorsAndOtherCommandsToPicocli() {
    String[][] others = {
      {}, {"--help"}, {"-h"}, {"--version"}, {"-v"}, {"list"}, {"spec"}, {"frob"}, {"exec", "-g", "5", "c1", "true"}, {"exec", "--cgroup", "a", "c1", "true"},
      {"exec", "--help"}, {"exec", "-p"}, {"exec", "c1", "ls", "--"}, {"exec", "c1", "@y"},
      {"create", "--help"}, {"state", "-h"}, {"delete", "-help"}, {"kill", "c1", "-9"}, {"create", "--no-such", "c"},
      {"create", "-fjson", "c"}, {"--root", "/a", "--root", "/b", "state", "c"}, {"create", "--bundle"},
      {"--root", "state"}, {"create", "--preserve-fds", "x", "c"}, {"create", "--preserve-fds", "-1", "c"},
      {"delete", "--force", "true", "c"}, {"delete", "--force=yes", "c"}, {"state", "--", "c"}, {"state", "@args"},
      {"create", "a", "b"}, {"--root", "", "state", "c"}, {"state", "c", "--root", "/r"}, {"--b", "state"},
      {"create", "-b=/x", "c"}, {"run", "--bundle=", "c"},
    };
    for (String[] argv : others) assertNull(QuickCommandLine.parse(argv), () -> "quick parse of " + List.of(argv));
  }

  /** Random argv from the words that matter: the quick parser may decline, but never differ. */
  @Test
  void agreesWithPicocliOnRandomArgv() {
    String[] globals = {"--root", "-root", "--root=/r", "/r", "--log", "/l", "--log-format", "json", "--debug",
        "--debug=false", "-debug", "true", "false", "TRUE", "--systemd-cgroup", "--rootless", "auto", "--criu", "-h"};
    String[] commands = {"create", "run", "start", "state", "kill", "delete", "list", "exec", "exec", "exec", "frob"};
    String[] words = {"--bundle", "-b", "-bundle=/x", "b1", "--pid-file", "p", "--force", "-f", "--all", "-a",
        "--detach", "-d", "--keep", "--no-subreaper", "--preserve-fds", "3", "-1", "--no-pivot", "--no-new-keyring=true",
        "--console-socket", "/s", "id1", "id2", "KILL", "9", "--", "@x", "--help", "", "-b=x", "--b", "-fjson", "x=y",
        "true", "false", "TRUE", "-force", "--force=false", "--all=true", "state", "--root", "-", "--a",
        "--env", "A=b", "-e", "--process", "/p.json", "-p", "-t", "--tty=false", "-u", "1000", "--cap", "CAP_KILL", "-c",
        "sh", "--cwd", "--ignore-paused", "--no-new-privs", "-apparmor", "x", "--process-label", "-g", "--cgroup"};
    Random random = new Random(7);
    int accepted = 0;
    for (int n = 0; n < 8000; n++) {
      List<String> argv = new ArrayList<>();
      for (int k = random.nextInt(3); k > 0; k--) argv.add(globals[random.nextInt(globals.length)]);
      argv.add(commands[random.nextInt(commands.length)]);
      for (int k = random.nextInt(5); k > 0; k--) argv.add(words[random.nextInt(words.length)]);
      String[] a = argv.toArray(String[]::new);
      if (QuickCommandLine.parse(a) != null) {
        accepted++;
        assertSameAsPicocli(a);
      }
    }
    assertTrue(accepted > 600, "too few random argv accepted to mean anything: " + accepted);
  }

  private static void assertSameAsPicocli(String[] argv) {
    QuickCommandLine.Parsed quick = QuickCommandLine.parse(argv);
    CommandLine cl = Main.newCommandLine();
    JruncCommand top = cl.getCommand();
    ParseResult parsed;
    try {
      parsed = cl.parseArgs(argv);
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError("quick parse accepted what picocli rejects: " + List.of(argv) + ": " + e.getMessage());
    }
    String what = List.of(argv).toString();
    assertFalse(cl.isUsageHelpRequested() || cl.isVersionHelpRequested(), what);
    assertTrue(parsed.unmatched().isEmpty(), what);
    ParseResult sub = parsed.subcommand();
    assertNotNull(sub, what);
    assertFalse(sub.isUsageHelpRequested(), what);
    assertEquals(fields(top), fields(quick.top()), what);
    Object command = sub.commandSpec().userObject();
    assertEquals(command.getClass(), quick.command().getClass(), what);
    assertEquals(fields(command), fields(quick.command()), what);
  }

  /** Every instance field, CreateFlags' too, as text. */
  private static TreeMap<String, String> fields(Object o) {
    TreeMap<String, String> m = new TreeMap<>();
    for (Field f : o.getClass().getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers())) continue;
      f.setAccessible(true);
      try {
        Object v = f.get(o);
        if (v instanceof CreateFlags flags) fields(flags).forEach((k, x) -> m.put(f.getName() + "." + k, x));
        else m.put(f.getName(), String.valueOf(v));
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
    return m;
  }
}
