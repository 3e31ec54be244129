package dev.jrunc.runtime.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.cgroups.ResourceFiles;
import dev.jrunc.runtime.cgroups.ResourceWrite;
import dev.jrunc.runtime.json.Json;
import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.runtime.state.ContainerState;
import dev.jrunc.runtime.state.StateStore;
import dev.jrunc.runtime.state.Status;
import dev.jrunc.spec.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `update`: new limits for a live container, as runc 1.1.5 applies them: memory (limit, reservation,
 * swap), cpu (shares, quota, period, realtime, cpus, mems), blockIO weight, pids limit and the unified
 * map; devices and the other keys are accepted and ignored. A zero leaves a limit unchanged. Each file's
 * current value is read now and written back by UNDO, so a limit the kernel refuses leaves the
 * container with its previous limits. The applied values are merged into the saved config.
 */
public final class UpdatePlanner {
  private final StateStore store;

  public UpdatePlanner(StateStore store) {
    this.store = store;
  }

  public Plan plan(String id, Resources requested) {
    ContainerState st = store.load(id);
    if (store.status(st) == Status.STOPPED) throw new JruncException("container not running");
    if (st.rootless() && st.cgroupPaths().isEmpty()) {
      throw new JruncException("cannot update a rootless container without cgroups: none were delegated to its user");
    }
    Resources r = applicable(requested, stored(st.config()));
    Map<String, Path> dirs = new LinkedHashMap<>();
    st.cgroupPaths().forEach((k, v) -> dirs.put(k, Path.of(v)));
    List<ResourceWrite> writes = ResourceFiles.forResources(dirs, r);

    Plan plan = new Plan();
    plan.add(Section.PREPARE, OpCode.LOCK, "lock container " + id, store.dir(id).resolve(StateStore.LOCK).toString());
    CgroupPlanner.writes(plan, Section.PREPARE, dirs, writes);
    List<ResourceWrite> restore = new ArrayList<>();
    for (ResourceWrite w : writes) {
      String old = read(ResourceFiles.dirFor(dirs, w).resolve(w.file()));
      if (old != null && !w.file().equals("cgroup.subtree_control")) restore.add(new ResourceWrite(w.controller(), w.file(), old));
    }
    Collections.reverse(restore);
    CgroupPlanner.writes(plan, Section.UNDO, dirs, restore);

    ContainerState updated = new ContainerState(st.ociVersion(), st.id(), st.pid(), st.initStartTime(), st.bundle(), st.rootfs(),
        st.created(), st.annotations(), st.cgroupPaths(), st.rootless(), merged(st.config(), r), st.sandbox(), st.noNewKeyring());
    plan.add(Section.PREPARE, OpCode.WRITE, "save state of " + id, store.dir(id).resolve(StateStore.STATE_FILE).toString(),
        json(updated).getBytes(StandardCharsets.UTF_8), 0600L, Flags.ATOMIC);
    return plan;
  }

  /** Only what runc's update applies; on v2 a period given alone keeps the saved quota (cpu.max holds both). */
  static Resources applicable(Resources q, Resources saved) {
    Resources.Memory m = q.memory() == null ? null
        : new Resources.Memory(q.memory().limit(), q.memory().reservation(), q.memory().swap(), null, null, null, null, null, null);
    Resources.Cpu c = q.cpu();
    if (c != null) {
      Long quota = c.quota();
      if ((quota == null || quota == 0) && c.period() != null && c.period() != 0 && saved != null && saved.cpu() != null) {
        quota = saved.cpu().quota();
      }
      c = new Resources.Cpu(c.shares(), quota, null, c.period(), c.realtimeRuntime(), c.realtimePeriod(), c.cpus(), c.mems(), null);
    }
    Resources.BlockIo b = q.blockIO() == null || q.blockIO().weight() == null ? null
        : new Resources.BlockIo(q.blockIO().weight(), null, null, null, null, null, null);
    return new Resources(null, m, c, q.pids(), b, null, null, null, q.unified());
  }

  private static Resources stored(JsonNode config) {
    JsonNode r = config == null ? null : config.path("linux").get("resources");
    if (r == null || !r.isObject()) return null;
    try {
      return dev.jrunc.spec.Json.mapper().treeToValue(r, Resources.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return null;
    }
  }

  /** The saved config with the non-zero values of the update laid over linux.resources. */
  static JsonNode merged(JsonNode config, Resources r) {
    ObjectNode copy = config == null || !config.isObject() ? Json.mapper().createObjectNode() : ((ObjectNode) config).deepCopy();
    ObjectNode linux = copy.has("linux") && copy.get("linux").isObject() ? (ObjectNode) copy.get("linux") : copy.putObject("linux");
    ObjectNode res = linux.has("resources") && linux.get("resources").isObject()
        ? (ObjectNode) linux.get("resources") : linux.putObject("resources");
    overlay(res, dev.jrunc.spec.Json.mapper().valueToTree(r));
    return copy;
  }

  private static void overlay(ObjectNode into, JsonNode from) {
    from.fields().forEachRemaining(e -> {
      JsonNode v = e.getValue();
      if (v == null || v.isNull() || (v.isNumber() && v.asLong() == 0) || (v.isTextual() && v.asText().isEmpty())) return;
      if (v.isObject()) {
        JsonNode cur = into.get(e.getKey());
        ObjectNode target = cur != null && cur.isObject() ? (ObjectNode) cur : into.putObject(e.getKey());
        overlay(target, v);
      } else if (!(v.isArray() && v.isEmpty())) {
        into.set(e.getKey(), v);
      }
    });
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      return null;
    }
  }

  private static String json(ContainerState st) {
    try {
      return Json.compact().writeValueAsString(st);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
