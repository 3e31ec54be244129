package dev.jrunc.runtime.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.json.Json;
import dev.jrunc.runtime.json.StateJson;
import dev.jrunc.runtime.state.ContainerState;
import dev.jrunc.runtime.state.StateStore;
import dev.jrunc.runtime.state.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** `state` and `list`: read-only views of the state dir, printed exactly as runc prints them. */
public final class StatePlanner {
  private final StateStore store;

  public StatePlanner(StateStore store) {
    this.store = store;
  }

  /** One container's state: 2-space indented JSON, no trailing newline; pid 0 once stopped. */
  public String state(String id) {
    ContainerState st = store.load(id);
    Status status = store.status(st);
    return StateJson.indented(StateJson.output(st, status.text(), status == Status.STOPPED ? 0 : st.pid(), ""), "  ");
  }

  /** The rows of `list`: one loaded container each, skipping (and noting) those that fail to load. */
  public List<ObjectNode> rows(StringBuilder warnings) {
    List<ObjectNode> rows = new ArrayList<>();
    for (String id : store.ids()) {
      try {
        ContainerState st = store.load(id);
        Status status = store.status(st);
        rows.add(StateJson.output(st, status.text(), status == Status.STOPPED ? 0 : st.pid(), owner(id)));
      } catch (JruncException e) {
        warnings.append("load container ").append(id).append(": ").append(e.getMessage()).append('\n');
      }
    }
    return rows;
  }

  /** `list --format json`: a compact array on one line, or null when empty. */
  public static String listJson(List<ObjectNode> rows) {
    if (rows.isEmpty()) return "null\n";
    ArrayNode arr = Json.mapper().createArrayNode();
    rows.forEach(arr::add);
    return write(Json.compact(), arr) + "\n";
  }

  /** `list` as Go's tabwriter(minwidth 12, tabwidth 1, padding 3) lays it out. */
  public static String listTable(List<ObjectNode> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"});
    for (ObjectNode r : rows) {
      cells.add(new String[] {r.get("id").asText(), r.get("pid").asText(), r.get("status").asText(),
          r.get("bundle").asText(), r.get("created").asText(), r.get("owner").asText()});
    }
    int[] width = new int[6];
    for (String[] row : cells) {
      for (int i = 0; i < 5; i++) width[i] = Math.max(width[i], Math.max(12, row[i].length() + 3));
    }
    StringBuilder sb = new StringBuilder();
    for (String[] row : cells) {
      for (int i = 0; i < 5; i++) sb.append(row[i]).append(" ".repeat(width[i] - row[i].length()));
      sb.append(row[5]).append('\n');
    }
    return sb.toString();
  }

  public static String quietList(List<ObjectNode> rows) {
    StringBuilder sb = new StringBuilder();
    rows.forEach(r -> sb.append(r.get("id").asText()).append('\n'));
    return sb.toString();
  }

  private String owner(String id) {
    try {
      return Files.getOwner(store.dir(id)).getName();
    } catch (IOException e) {
      return "";
    }
  }

  private static String write(com.fasterxml.jackson.databind.ObjectWriter w, Object v) {
    try {
      return w.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
