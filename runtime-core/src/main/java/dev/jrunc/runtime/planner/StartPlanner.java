package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.runtime.state.ContainerState;
import dev.jrunc.runtime.state.StateStore;
import dev.jrunc.runtime.state.Status;

/** `start`: release a created container's init through exec.fifo, then run the poststart hooks. */
public final class StartPlanner {
  private final StateStore store;

  public StartPlanner(StateStore store) {
    this.store = store;
  }

  public Plan plan(String id) {
    return plan(id, null);
  }

  /** {@code notifySocket}: the caller's NOTIFY_SOCKET, or null (as runc's start, see NotifySocketPlanner). */
  public Plan plan(String id, String notifySocket) {
    ContainerState st = store.load(id);
    Status status = store.status(st);
    switch (status) {
      case CREATED -> {}
      case STOPPED -> throw new JruncException("cannot start a container that has stopped");
      case RUNNING -> throw new JruncException("cannot start an already running container");
      default -> throw new JruncException("cannot start a container in the " + status.text() + " state");
    }
    Plan plan = new Plan();
    plan.add(Section.PREPARE, OpCode.LOCK, "lock container " + id, store.dir(id).resolve(StateStore.LOCK).toString());
    boolean notify = NotifySocketPlanner.wanted(notifySocket);
    if (notify) plan.addAll(NotifySocketPlanner.bind(store.dir(id), Section.PREPARE));
    plan.add(Section.PREPARE, release(store, st));
    plan.addAll(HostHooks.poststart(st, Section.PREPARE));
    if (notify) {
      String pid = Long.toString(st.pid());
      plan.addAll(NotifySocketPlanner.forward(notifySocket, pid, pid, Section.PREPARE));
    }
    return plan;
  }

  /** The FIFO_RELEASE op that lets a created init exec the user's program. */
  static dev.jrunc.runtime.plan.Op release(StateStore store, ContainerState st) {
    return dev.jrunc.runtime.plan.Op.of(OpCode.FIFO_RELEASE, "", store.dir(st.id()).resolve(StateStore.FIFO).toString(),
        Long.toString(st.pid()), st.initStartTime());
  }
}
