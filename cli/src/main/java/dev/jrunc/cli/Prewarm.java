package dev.jrunc.cli;

import dev.jrunc.runtime.json.Json;
import dev.jrunc.runtime.state.ContainerState;
import dev.jrunc.spec.Spec;
import java.util.Set;

/**
 * Start-up overlap for the cold path: while the main thread builds picocli's model (reflection,
 * tens of ms), a second thread builds the Jackson (de)serializers the command will need (also
 * reflection, the largest cost of create/run). Both are pure in-memory work on thread-safe mappers,
 * so the plan is the same; the machine has a second core idle at that point.
 *
 * <p>Only what the command uses is warmed, so that several jrunc processes at once (a busy engine)
 * do not pay for work nobody needs. The command is guessed from the first known command word;
 * a wrong guess only costs time.
 */
final class Prewarm {
  private static final Set<String> CREATES = Set.of("create", "run");
  private static final Set<String> READS_STATE =
      Set.of("create", "run", "start", "state", "kill", "delete", "list", "exec", "pause", "resume", "ps", "events", "update");

  private Prewarm() {}

  static void start(String[] args) {
    String command = null;
    for (String a : args) {
      if (CREATES.contains(a) || READS_STATE.contains(a)) {
        command = a;
        break;
      }
    }
    if (command == null) return;
    boolean creates = CREATES.contains(command);
    Thread t = new Thread(() -> warm(creates), "jrunc-prewarm");
    t.setDaemon(true);
    t.start();
  }

  static void warm(boolean creates) {
    try {
      // readerFor/writerFor fetch the root (de)serializer eagerly: that is the costly part.
      if (creates) {
        dev.jrunc.spec.Json.mapper().readerFor(Spec.class);
        Json.mapper().writerFor(Spec.class);
      }
      Json.mapper().readerFor(ContainerState.class);
      Json.compact().forType(ContainerState.class);
    } catch (RuntimeException | LinkageError e) {
      // Only an optimisation: the main thread meets (and reports) any real problem itself.
    }
  }
}
