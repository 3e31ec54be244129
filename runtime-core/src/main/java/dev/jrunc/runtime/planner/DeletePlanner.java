package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.runtime.state.ContainerId;
import dev.jrunc.runtime.state.ContainerState;
import dev.jrunc.runtime.state.StateStore;
import dev.jrunc.runtime.state.Status;

/** `delete`: kill what is left, remove the cgroup and the state dir, run the poststop hooks (runc's order). */
public final class DeletePlanner {
  /** runc polls init for 10 s after SIGKILL before it gives up. */
  static final long KILL_WAIT_MS = 10_000;

  private final StateStore store;

  public DeletePlanner(StateStore store) {
    this.store = store;
  }

  public Plan plan(String id, boolean force) {
    ContainerId.validate(id);
    if (!store.exists(id) || !store.dir(id).resolve(StateStore.STATE_FILE).toFile().exists()) {
      if (!force) {
        if (!store.exists(id)) throw new JruncException("container does not exist");
      }
      // runc removes whatever is left of the directory and succeeds with --force (runc PR #1451).
      return new Plan().add(Section.PREPARE, OpCode.REMOVE, "remove " + store.dir(id), store.dir(id).toString(), Flags.RECURSIVE | Flags.IGNORE_ENOENT);
    }
    ContainerState st = store.load(id);
    Status status = store.status(st);
    Plan plan = new Plan();
    plan.add(Section.PREPARE, OpCode.LOCK, "lock container " + id, store.dir(id).resolve(StateStore.LOCK).toString());
    switch (status) {
      case STOPPED -> {}
      case CREATED -> killInit(plan, st);
      case RUNNING, PAUSED -> {
        if (!force) throw new JruncException("cannot delete container " + id + " that is not stopped: " + status.text());
        if (status == Status.PAUSED) plan.addAll(CgroupPlanner.thaw(st.cgroupPaths()));
        killInit(plan, st);
      }
    }
    return plan.addAll(destroy(store, st, Section.PREPARE));
  }

  private static void killInit(Plan plan, ContainerState st) {
    String pid = Long.toString(st.pid());
    plan.add(Section.PREPARE, OpCode.KILL, "kill container init", pid, 9L, Flags.IGNORE_ESRCH);
    plan.add(Section.PREPARE, OpCode.WAIT_GONE, "container init still running", pid, st.initStartTime(), KILL_WAIT_MS);
  }

  /** Everything that removes a stopped container: leftovers in its cgroup, the cgroup, the state, poststop. */
  static Plan destroy(StateStore store, ContainerState st, Section section) {
    Plan plan = new Plan();
    String procs = CgroupPlanner.procsFile(st.cgroupPaths());
    if (procs != null) plan.add(section, OpCode.SIGNAL_CGROUP, "kill the processes left in the container", procs, 9L, Flags.IGNORE_ENOENT);
    plan.addAll(CgroupPlanner.remove(st.cgroupPaths(), section));
    plan.addAll(NetworkPlanner.remove(st.sandbox(), st.annotations(), section));
    plan.add(section, OpCode.REMOVE, "remove " + store.dir(st.id()), store.dir(st.id()).toString(), Flags.RECURSIVE | Flags.IGNORE_ENOENT);
    plan.addAll(HostHooks.poststop(st, section));
    return plan;
  }
}
