package dev.jrunc.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.runtime.json.StateJson;
import dev.jrunc.runtime.state.ContainerState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatePlannerTest {
  private static ObjectNode row(String id, long pid, String status) {
    ContainerState st = new ContainerState("1.0.2-dev", id, pid, 0, "/tmp/rcli/b", "/tmp/rcli/b/rootfs",
        "2026-11-26T18:31:59.217454109Z", Map.of(), Map.of(), false, null);
    return StateJson.output(st, status, pid, "root");
  }

  @Test
  void tableIsLaidOutLikeGosTabwriter() {
    String t = StatePlanner.listTable(List.of(row("rcli-1", 29269, "created")));
    assertEquals("ID          PID         STATUS      BUNDLE        CREATED                          OWNER\n"
        + "rcli-1      29269       created     /tmp/rcli/b   2026-11-26T18:31:59.217454109Z   root\n", t);
  }

  @Test
  void emptyListsAreNullInJson() {
    assertEquals("null\n", StatePlanner.listJson(List.of()));
    assertEquals("", StatePlanner.quietList(List.of()));
  }
}
