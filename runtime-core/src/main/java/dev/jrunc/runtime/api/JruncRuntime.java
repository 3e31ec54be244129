package dev.jrunc.runtime.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.planner.CreatePlanner;
import dev.jrunc.runtime.planner.DeletePlanner;
import dev.jrunc.runtime.planner.EventsPlanner;
import dev.jrunc.runtime.planner.ExecPlanner;
import dev.jrunc.runtime.planner.FreezePlanner;
import dev.jrunc.runtime.planner.KillPlanner;
import dev.jrunc.runtime.planner.PsPlanner;
import dev.jrunc.runtime.planner.StartPlanner;
import dev.jrunc.runtime.planner.StatePlanner;
import dev.jrunc.runtime.planner.UpdatePlanner;
import dev.jrunc.spec.Resources;
import dev.jrunc.spec.Spec;
import dev.jrunc.runtime.state.StateStore;
import java.util.List;

/**
 * The embedding API: a runtime rooted at a state directory. Every operation that changes the system
 * returns a {@link Plan} (nothing is done yet); run it with {@link FrontExecutor} in-process, or, as the
 * CLI does, hand it to the native front that started this JVM. Reads (state, list) answer directly.
 *
 * <pre>
 *   JruncRuntime rt = JruncRuntime.open(RuntimeOptions.defaults());
 *   FrontExecutor front = FrontExecutor.fromDist(Path.of("/opt/jrunc"));
 *   front.run(rt.create(new CreateOptions("web", bundle, null, null, false, false, 0, 0, false, false)));
 *   front.run(rt.start("web"));
 * </pre>
 */
public final class JruncRuntime {
  private final RuntimeOptions options;
  private final StateStore store;

  private JruncRuntime(RuntimeOptions options) {
    this.options = options;
    this.store = new StateStore(options.root());
  }

  public static JruncRuntime open(RuntimeOptions options) {
    return new JruncRuntime(options);
  }

  public RuntimeOptions options() {
    return options;
  }

  public Plan create(CreateOptions o) {
    return new CreatePlanner(options, store).create(o);
  }

  /** create + start, then (unless detached) wait, delete (unless keep) and exit with the status. */
  public Plan run(CreateOptions o) {
    return new CreatePlanner(options, store).run(o);
  }

  /**
   * `jrunc do`: run a spec made in memory (its root an absolute host path, e.g. "/") in a new container
   * under an overlay (a tmpfs one unless --overlay names a directory), then delete it.
   */
  public Plan runSpec(CreateOptions o, Spec spec) {
    RuntimeOptions withOverlay = options.sandbox().overlay().isEmpty()
        ? options.withSandbox(options.sandbox().withOverlay("tmpfs")) : options;
    return new CreatePlanner(withOverlay, store).run(o, spec);
  }

  public Plan start(String id) {
    return new StartPlanner(store).plan(id);
  }

  /** start with the caller's NOTIFY_SOCKET (null: none): wait for the container's READY=1, as runc. */
  public Plan start(String id, String notifySocket) {
    return new StartPlanner(store).plan(id, notifySocket);
  }

  public Plan kill(String id, int signal, boolean all) {
    return new KillPlanner(store).plan(id, signal, all);
  }

  public Plan delete(String id, boolean force) {
    return new DeletePlanner(store).plan(id, force);
  }

  /** New resource limits for a running container (zeros leave a limit unchanged). */
  public Plan update(String id, Resources resources) {
    return new UpdatePlanner(store).plan(id, resources);
  }

  /** `events --stats`: one stats event line of a running container. */
  public String stats(String id) {
    return new EventsPlanner(store).stats(id);
  }

  /** `events`: stats every interval and oom events, one line each to {@code out}, until the container stops. */
  public void events(String id, java.time.Duration interval, java.util.function.Consumer<String> out) {
    new EventsPlanner(store).stream(id, interval, out);
  }

  /** A new process in a running (or created) container; failures exit 255 with "exec failed: ...", as runc. */
  public Plan exec(ExecOptions o) {
    return new ExecPlanner(store).plan(o);
  }

  public Plan pause(String id) {
    return new FreezePlanner(store).pause(id);
  }

  public Plan resume(String id) {
    return new FreezePlanner(store).resume(id);
  }

  /** `ps --format json`: the pids of the container's cgroup as runc prints them. */
  public String psJson(String id) {
    return new PsPlanner(store).json(id);
  }

  /** `ps` table: the host's ps(1) output (run read-only by the planner) filtered to the container. */
  public String psTable(String id, List<String> psArgs) {
    return new PsPlanner(store).table(id, psArgs);
  }

  /** The state JSON of one container, as `state` prints it. */
  public String state(String id) {
    return new StatePlanner(store).state(id);
  }

  /** One row per container, as `list --format json` prints them; load errors are appended to warnings. */
  public List<ObjectNode> list(StringBuilder warnings) {
    return new StatePlanner(store).rows(warnings);
  }
}
