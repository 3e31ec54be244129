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
  void quickIndentedWriterWritesWhatDatabindWrites() throws Exception {
    com.fasterxml.jackson.databind.JsonNode[] trees = {StateJson.output(ST, "running", 42, ""),
        StateJson.output(new ContainerState("1", "c", 1, 2, "/b", "/r", "t", Map.of(), Map.of(), false, null), "stopped", 0, "root"),
        Json.mapper().readTree("{\"a\":[],\"b\":{},\"c\":[1,{\"d\":[null,true,18446744073709551615]}],\"e\":\"<\\u2028>\"}")};
    for (com.fasterxml.jackson.databind.JsonNode t : trees) {
      for (String indent : new String[] {"  ", "    ", "\t"}) {
        assertEquals(Json.indented(indent).writeValueAsString(t), QuickStateWriter.indented(t, indent));
        assertEquals(Json.indented(indent).writeValueAsString(t), StateJson.indented(t, indent));
      }
      assertEquals(new String(Json.mapper().writeValueAsBytes(t), java.nio.charset.StandardCharsets.UTF_8),
          new String(StateJson.compactBytes(t), java.nio.charset.StandardCharsets.UTF_8));
    }
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

  /** The quick writer against databind, on every shape the state file takes. */
  @Test
  void quickWriterWritesWhatDatabindWrites() throws Exception {
    byte[] rich = QuickSpecReaderFixture.RICH.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    dev.jrunc.spec.Spec spec = dev.jrunc.spec.Json.mapper().readValue(rich, dev.jrunc.spec.Spec.class);
    com.fasterxml.jackson.databind.JsonNode[] configs = {null, dev.jrunc.spec.QuickSpecTree.of(spec), Json.mapper().valueToTree(spec),
        Json.mapper().readTree("{\"a\":[1,-1,18446744073709551615,\"<&>\\u2028\",true,null,{}]}")};
    java.util.Map<String, String> withNull = new java.util.LinkedHashMap<>();
    withNull.put("x", null);
    withNull.put("y\u0001", "\"\\\n");
    dev.jrunc.runtime.api.SandboxOptions[] sandboxes = {null, new dev.jrunc.runtime.api.SandboxOptions("none", "tmpfs", true,
        java.util.List.of("read", "write")), new dev.jrunc.runtime.api.SandboxOptions("host", "/upper", false, java.util.List.of()),
        new dev.jrunc.runtime.api.SandboxOptions("sandbox", "", false, null, java.util.List.of("jv0:10.0.0.2/24,gw=10.0.0.1"),
            java.util.List.of("10.1.0.0/16"))};
    for (com.fasterxml.jackson.databind.JsonNode config : configs) {
      for (dev.jrunc.runtime.api.SandboxOptions sandbox : sandboxes) {
        for (Map<String, String> annotations : java.util.List.of(Map.<String, String>of(), Map.of("k", "<v>"), withNull)) {
          ContainerState st = new ContainerState(null, "c1", -1, -2, "/b", null, "now", annotations,
              Map.of("", "/sys/fs/cgroup/c1"), true, config, sandbox, sandbox != null);
          assertEquals(Json.compact().writeValueAsString(st), QuickStateWriter.state(st));
          assertEquals(Json.compact().writeValueAsString(annotations), QuickStateWriter.stringMap(annotations));
        }
      }
    }
    for (String s : new String[] {null, "", "a\"b\\c\n\t\u0000\u001f<>&\u2028\u2029\u00e9\ud83d\ude00"}) {
      assertEquals(Json.compact().writeValueAsString(s), StateJson.str(s));
    }
    com.fasterxml.jackson.databind.JsonNode decimal = Json.mapper().readTree("{\"a\":1.5}");
    assertEquals(null, QuickStateWriter.state(new ContainerState("1", "c", 1, 2, "/b", "/r", "t", Map.of(), Map.of(), false, decimal)));
  }

  /** The quick reader against databind: the state files jrunc writes, and damaged ones it leaves to databind. */
  @Test
  void quickReaderReadsWhatDatabindReads() throws Exception {
    byte[] rich = QuickSpecReaderFixture.RICH.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    dev.jrunc.spec.Spec spec = dev.jrunc.spec.Json.mapper().readValue(rich, dev.jrunc.spec.Spec.class);
    com.fasterxml.jackson.databind.JsonNode[] configs = {null, dev.jrunc.spec.QuickSpecTree.of(spec),
        Json.mapper().readTree("{\"a\":[1,-1,4294967296,18446744073709551615,\"<&>\",true,false,null,{},[]]}")};
    dev.jrunc.runtime.api.SandboxOptions[] sandboxes = {null, new dev.jrunc.runtime.api.SandboxOptions("none", "tmpfs", true,
        java.util.List.of("read", "write")), new dev.jrunc.runtime.api.SandboxOptions("sandbox", "", false, null,
        java.util.List.of("jv0:10.0.0.2/24"), java.util.List.of("10.1.0.0/16", "10.2.0.1/32"))};
    int n = 0;
    for (com.fasterxml.jackson.databind.JsonNode config : configs) {
      for (dev.jrunc.runtime.api.SandboxOptions sandbox : sandboxes) {
        ContainerState st = new ContainerState("1.0.2", "c1", 4242, 99, "/b", "/b/rootfs", "now", Map.of("k", "<v>"),
            Map.of("", "/sys/fs/cgroup/c1"), false, config, sandbox, sandbox == null);
        String file = StateJson.stateFileTemplate(st).replace("${pid}", "1234").replace("${start_time}", "5678901234");
        ContainerState quick = QuickStateReader.read(file.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(Json.mapper().readValue(file, ContainerState.class), quick, file);
        n++;
      }
    }
    assertEquals(9, n);
    for (String damaged : new String[] {"", "{", "[]", "{\"pid\":\"1\"}", "{\"pid\":1.5}", "{\"id\":\"a\",\"id\":\"b\"}",
        "{\"extra\":1}", "{\"config\":null}", "{\"config\":{\"a\":1.5}}", "{\"sandbox\":{\"network\":\"bogus\"}}",
        "{\"annotations\":{\"a\":1}}", "{} {}"}) {
      assertEquals(null, QuickStateReader.read(damaged.getBytes(java.nio.charset.StandardCharsets.UTF_8)), damaged);
    }
  }

  @Test
  void goTimeTrimsTrailingZeros() {
    assertEquals("2026-11-26T18:31:59.21745Z", GoTime.rfc3339Nano(Instant.parse("2026-11-26T18:31:59.217450000Z")));
    assertEquals("2026-11-26T18:31:59Z", GoTime.rfc3339Nano(Instant.parse("2026-11-26T18:31:59Z")));
  }
}
