package dev.jrunc.runtime.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.state.ContainerState;
import java.util.Map;

/** The OCI state documents, with runc's key order: for `state`/`list`, for hooks, and our state file. */
public final class StateJson {
  private StateJson() {}

  /** The `state`/`list` object: ociVersion, id, pid, status, bundle, rootfs, created, annotations?, owner. */
  public static ObjectNode output(ContainerState st, String status, long pid, String owner) {
    // the node factory a default ObjectMapper uses, without building one (a cold `state` needs no mapper)
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("ociVersion", st.ociVersion());
    n.put("id", st.id());
    n.put("pid", pid);
    n.put("status", status);
    n.put("bundle", st.bundle());
    n.put("rootfs", st.rootfs());
    n.put("created", st.created());
    if (!st.annotations().isEmpty()) {
      ObjectNode a = n.putObject("annotations");
      st.annotations().forEach(a::put);
    }
    n.put("owner", owner);
    return n;
  }

  /**
   * The state hooks read on stdin (compact): ociVersion, id, status, pid?, bundle, annotations?.
   * {@code pidExpr} is written raw: a number, the ${pid} placeholder, or null to omit pid.
   */
  public static String forHook(String ociVersion, String id, String status, String pidExpr, String bundle, Map<String, String> annotations) {
    StringBuilder sb = new StringBuilder("{");
    sb.append("\"ociVersion\":").append(str(ociVersion));
    sb.append(",\"id\":").append(str(id));
    sb.append(",\"status\":").append(str(status));
    if (pidExpr != null) sb.append(",\"pid\":").append(pidExpr);
    sb.append(",\"bundle\":").append(str(bundle));
    if (annotations != null && !annotations.isEmpty()) {
      sb.append(",\"annotations\":").append(QuickStateWriter.stringMap(annotations));
    }
    return sb.append('}').toString();
  }

  /** Our state.json with ${pid} and ${start_time} where the front fills in the init's values. */
  public static String stateFileTemplate(ContainerState st) {
    ContainerState marked =
        new ContainerState(st.ociVersion(), st.id(), -1, -2, st.bundle(), st.rootfs(), st.created(),
            st.annotations(), st.cgroupPaths(), st.rootless(), st.config(), st.sandbox(), st.noNewKeyring());
    try {
      String json = QuickStateWriter.state(marked);
      if (json == null) json = Json.compact().writeValueAsString(marked);
      return json.replace("\"pid\":-1,", "\"pid\":" + Flags.PID + ",")
          .replace("\"initStartTime\":-2,", "\"initStartTime\":" + Flags.START_TIME + ",");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code n} as {@code Json.indented(indent)} writes it, without building the ObjectMapper when it can. */
  public static String indented(com.fasterxml.jackson.databind.JsonNode n, String indent) {
    String quick = QuickStateWriter.indented(n, indent);
    if (quick != null) return quick;
    try {
      return Json.indented(indent).writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code n} as {@code Json.mapper().writeValueAsBytes} writes it, without building the ObjectMapper when it can. */
  public static byte[] compactBytes(com.fasterxml.jackson.databind.JsonNode n) throws JsonProcessingException {
    String quick = QuickStateWriter.compact(n);
    return quick != null ? quick.getBytes(java.nio.charset.StandardCharsets.UTF_8) : Json.mapper().writeValueAsBytes(n);
  }

  public static String str(String s) {
    return QuickStateWriter.string(s);
  }
}
