package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.cgroups.CgroupPaths;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.runtime.state.ContainerState;
import dev.jrunc.runtime.state.StateStore;
import dev.jrunc.runtime.state.Status;
import java.nio.charset.StandardCharsets;

/**
 * `pause` and `resume`: freeze or thaw the container's cgroup, the v1 freezer when the host has one,
 * else the v2 cgroup.freeze. A v1 freeze is asynchronous (freezer.state says FREEZING until every task
 * stopped), so pause waits until it reads back FROZEN, and thaws again if it never does.
 */
public final class FreezePlanner {
  static final long FREEZE_TIMEOUT_MS = 5000;
  private final StateStore store;

  public FreezePlanner(StateStore store) {
    this.store = store;
  }

  public Plan pause(String id) {
    ContainerState st = store.load(id);
    Status status = store.status(st);
    if (status != Status.RUNNING && status != Status.CREATED) throw new JruncException("container not running");
    return freeze(st, true);
  }

  public Plan resume(String id) {
    ContainerState st = store.load(id);
    if (store.status(st) != Status.PAUSED) throw new JruncException("container not paused");
    return freeze(st, false);
  }

  private Plan freeze(ContainerState st, boolean frozen) {
    Plan plan = new Plan();
    plan.add(Section.PREPARE, OpCode.LOCK, "lock container " + st.id(), store.dir(st.id()).resolve(StateStore.LOCK).toString());
    String v1 = st.cgroupPaths().get("freezer");
    String v2 = st.cgroupPaths().get(CgroupPaths.UNIFIED);
    if (v1 != null) {
      String file = v1 + "/freezer.state";
      String want = frozen ? "FROZEN" : "THAWED";
      plan.add(Section.PREPARE, OpCode.WRITE, (frozen ? "freeze " : "thaw ") + v1, file, bytes(want), 0L, 0L);
      plan.add(Section.PREPARE, OpCode.WAIT_FILE, frozen ? "unable to freeze" : "unable to thaw", file, bytes(want), FREEZE_TIMEOUT_MS);
      if (frozen) plan.add(Section.UNDO, OpCode.WRITE, "", file, bytes("THAWED"), 0L, 0L);
    } else if (v2 != null) {
      plan.add(Section.PREPARE, OpCode.WRITE, (frozen ? "freeze " : "thaw ") + v2, v2 + "/cgroup.freeze", bytes(frozen ? "1" : "0"), 0L, 0L);
    } else {
      throw new JruncException(st.rootless() && st.cgroupPaths().isEmpty()
          ? "cannot pause or resume a rootless container without cgroups: none were delegated to its user"
          : "container has no freezer cgroup");
    }
    return plan;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
