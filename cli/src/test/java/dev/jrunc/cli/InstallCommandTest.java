package dev.jrunc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jrunc.runtime.api.JruncException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InstallCommandTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final Path CONF = Path.of("/etc/docker/daemon.json");
  private static final String BIN = "/opt/jrunc/bin/jrunc";

  @Test
  void plannerUnitsActivateTheServerOnTheRootOnlySocket() {
    var files = PlannerUnits.files("/opt/my jrunc/bin/jrunc");
    String socket = files.get("jrunc-planner.socket");
    String service = files.get("jrunc-planner.service");
    assertTrue(socket.contains("ListenStream=/run/jrunc-planner/planner.sock\n") && socket.contains("SocketMode=0600\n")
        && socket.contains("DirectoryMode=0700\n"), socket);
    assertTrue(service.contains("ExecStart=\"/opt/my jrunc/bin/jrunc\" server --idle-timeout 10m\n")
        && service.contains("StandardInput=socket\n") && service.contains("Environment=JRUNC_PLANNER_SOCKET=\n"), service);
  }

  @Test
  void binaryIsJruncHomeBinJrunc() {
    assertEquals(BIN, InstallCommand.binary("/opt/jrunc/"));
    assertEquals(BIN, InstallCommand.binary("/opt/x/../jrunc"));
    assertThrows(JruncException.class, () -> InstallCommand.binary(null));
  }

  @Test
  void newDaemonJsonHasOnlyTheRuntime() throws Exception {
    JsonNode j = M.readTree(InstallCommand.mergeDaemonJson(null, BIN, CONF));
    assertEquals(M.readTree("{\"runtimes\":{\"jrunc\":{\"path\":\"" + BIN + "\"}}}"), j);
  }

  @Test
  void mergeKeepsOtherSettingsAndRuntimes() throws Exception {
    String existing = "{\"debug\":true,\"default-runtime\":\"runc\",\"runtimes\":{\"other\":{\"path\":\"/o\"},"
        + "\"jrunc\":{\"path\":\"/old\",\"runtimeArgs\":[\"--debug\"]}}}";
    JsonNode j = M.readTree(InstallCommand.mergeDaemonJson(existing, BIN, CONF));
    assertEquals(M.readTree("{\"debug\":true,\"default-runtime\":\"runc\",\"runtimes\":{\"other\":{\"path\":\"/o\"},"
        + "\"jrunc\":{\"path\":\"" + BIN + "\"}}}"), j);
  }

  @Test
  void badDaemonJsonIsOneClearError() {
    JruncException e = assertThrows(JruncException.class, () -> InstallCommand.mergeDaemonJson("{nope", BIN, CONF));
    assertTrue(e.getMessage().startsWith("parse /etc/docker/daemon.json: "), e.getMessage());
    e = assertThrows(JruncException.class, () -> InstallCommand.mergeDaemonJson("{\"runtimes\":[]}", BIN, CONF));
    assertEquals("/etc/docker/daemon.json: \"runtimes\" is not an object", e.getMessage());
  }

  @Test
  void instructionsForAllThreeClients() {
    String t = InstallCommand.instructions(BIN, CONF, null);
    assertTrue(t.contains("\"runtimes\" : {\n    \"jrunc\" : {\n      \"path\" : \"" + BIN + "\""), t);
    assertTrue(t.contains("[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.jrunc]\n"
        + "  runtime_type = \"io.containerd.runc.v2\"\n"
        + "[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.jrunc.options]\n"
        + "  BinaryName = \"" + BIN + "\"\n"), t);
    assertTrue(t.contains("ctr run --runc-binary " + BIN + " "), t);
    assertTrue(t.contains("podman --runtime " + BIN + " run"), t);
    assertTrue(t.contains("[engine]\nruntime = \"jrunc\"\n"), t);
    assertTrue(t.contains("[engine.runtimes]\njrunc = [\"" + BIN + "\"]\n"), t);
    assertTrue(t.contains("runtime_supports_json = [") && t.contains(", \"jrunc\"]"), t);
    assertTrue(t.contains("docker run --runtime jrunc"), t);
  }
}
