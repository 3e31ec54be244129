package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.runtime.state.ContainerState;
import dev.jrunc.runtime.state.StateStore;
import dev.jrunc.runtime.state.Status;

/** `kill`: signal the init, or with --all every process in the container's cgroup. */
public final class KillPlanner {
  private final StateStore store;

  public KillPlanner(StateStore store) {
    this.store = store;
  }

  public Plan plan(String id, int signal, boolean all) {
    ContainerState st = store.load(id);
    Status status = store.status(st);
    Plan plan = new Plan();
    if (all) {
      String procs = CgroupPlanner.procsFile(st.cgroupPaths());
      if (procs != null) {
        if (status == Status.PAUSED && signal == 9) plan.addAll(CgroupPlanner.thaw(st.cgroupPaths()));
        plan.add(Section.PREPARE, OpCode.SIGNAL_CGROUP, "signal the processes of " + id, procs, (long) signal, Flags.IGNORE_ENOENT);
        return plan;
      }
    }
    if (status == Status.STOPPED) throw new JruncException("container not running");
    if (status == Status.PAUSED && signal == 9) plan.addAll(CgroupPlanner.thaw(st.cgroupPaths()));
    return plan.add(Section.PREPARE, OpCode.KILL, "", Long.toString(st.pid()), (long) signal, 0L);
  }
}
