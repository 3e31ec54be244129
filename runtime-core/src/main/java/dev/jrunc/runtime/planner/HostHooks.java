package dev.jrunc.runtime.planner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrunc.runtime.json.StateJson;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.runtime.state.ContainerState;
import java.util.ArrayList;
import java.util.List;

/** Reads a kind of hook from a container's config and plans it with the right OCI state. */
public final class HostHooks {
  private HostHooks() {}

  /** The hooks of one kind ("prestart", "poststop"...) in a config.json tree. */
  public static List<HookCommand> of(JsonNode config, String kind) {
    List<HookCommand> hooks = new ArrayList<>();
    if (config == null) return hooks;
    for (JsonNode h : config.path("hooks").path(kind)) {
      hooks.add(new HookCommand(h.path("path").asText(), strings(h.path("args")), strings(h.path("env")),
          h.hasNonNull("timeout") ? h.get("timeout").asInt() : null));
    }
    return hooks;
  }

  /** poststart hooks, in the runtime's namespaces with the bundle as cwd, after the fifo release. */
  public static Plan poststart(ContainerState st, Section section) {
    return plan("poststart", st, "running", Long.toString(st.pid()), section);
  }

  /** poststop hooks: status stopped, no pid, as runc. */
  public static Plan poststop(ContainerState st, Section section) {
    return plan("poststop", st, "stopped", null, section);
  }

  private static Plan plan(String kind, ContainerState st, String status, String pid, Section section) {
    Plan plan = new Plan();
    List<HookCommand> hooks = of(st.config(), kind);
    if (hooks.isEmpty()) return plan;
    String state = StateJson.forHook(st.ociVersion(), st.id(), status, pid, st.bundle(), st.annotations());
    HookPlanner.ops(kind, hooks, state, st.bundle()).forEach(op -> plan.add(section, op));
    return plan;
  }

  private static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : arr) out.add(n.asText());
    return out;
  }
}
