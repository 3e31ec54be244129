package dev.jrunc.runtime.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrunc.runtime.state.ContainerState;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateJsonTest {
  private static final ContainerState ST = new ContainerState("1.0.2-dev", "c1", 42, 7, "/b", "/b/rootfs",
      "2026-11-26T18:31:59.217454109Z", Map.of("k", "<v>"), Map.of("memory", "/sys/fs/cgroup/memory/c1"), false, null);

  @Test
  void stateOutputHasRuncsKeyOrderAndIndent() throws Exception {
    String json = Json.indented("  ").writeValueAsString(StateJson.output(ST, "running", 42, ""));
    assertEquals("{\n  \"ociVersion\": \"1.0.2-dev\",\n  \"id\": \"c1\",\n  \"pid\": 42,\n  \"status\": \"running\",\n"
        + "  \"bundle\": \"/b\",\n  \"rootfs\": \"/b/rootfs\",\n  \"created\": \"2026-11-26T18:31:59.217454109Z\",\n"
        + "  \"annotations\": {\n    \"k\": \"\\u003cv\\u003e\"\n  },\n  \"owner\": \"\"\n}", json);
  }

  @Test
  void hookStateIsCompactWithPlaceholderPid() {
    assertEquals("{\"ociVersion\":\"1.0.2-dev\",\"id\":\"c1\",\"status\":\"creating\",\"pid\":${pid},\"bundle\":\"/b\"}",
        StateJson.forHook("1.0.2-dev", "c1", "creating", "${pid}", "/b", Map.of()));
    assertEquals("{\"ociVersion\":\"1\",\"id\":\"c\",\"status\":\"stopped\",\"bundle\":\"/b\",\"annotations\":{\"a\":\"b\"}}",
        StateJson.forHook("1", "c", "stopped", null, "/b", Map.of("a", "b")));
  }

  @Test
  void stateFileTemplateRoundTripsOnceFilledIn() throws Exception {
    String filled = StateJson.stateFileTemplate(ST).replace("${pid}", "1234").replace("${start_time}", "99");
    ContainerState back = Json.mapper().readValue(filled, ContainerState.class);
    assertEquals(1234, back.pid());
    assertEquals(99, back.initStartTime());
    assertEquals(ST.cgroupPaths(), back.cgroupPaths());
    assertEquals(ST.created(), back.created());
  }

  @Test
  void goTimeTrimsTrailingZeros() {
    assertEquals("2026-11-26T18:31:59.21745Z", GoTime.rfc3339Nano(Instant.parse("2026-11-26T18:31:59.217450000Z")));
    assertEquals("2026-11-26T18:31:59Z", GoTime.rfc3339Nano(Instant.parse("2026-11-26T18:31:59Z")));
  }
}
