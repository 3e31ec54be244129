package dev.jrunc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Not a runc command: prints (or with --write, writes) what registers this jrunc binary with Docker,
 * containerd and podman. All three take a runtime by absolute path; the path is the front's
 * JRUNC_HOME (the dist dir) + /bin/jrunc.
 */
@Command(name = "install", description = "print (or --write) the Docker, containerd and podman settings that register jrunc")
final class InstallCommand implements PlanCommand {
  static final String RUNTIME_NAME = "jrunc";
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = {"--write", "-write"}, description = "merge the runtime into Docker's daemon.json (then reload dockerd: kill -HUP)")
  boolean write;

  @Option(names = {"--docker-config", "-docker-config"}, description = "Docker's daemon.json (default: /etc/docker/daemon.json)")
  Path dockerConfig = Path.of("/etc/docker/daemon.json");

  @Option(names = {"--systemd-units", "-systemd-units"}, paramLabel = "DIR",
      description = "write the warm planner's socket and service units into DIR (e.g. /etc/systemd/system)")
  String systemdUnits;

  @Override
  public Plan plan(JruncRuntime runtime) {
    String binary = binary(Caller.current().getenv("JRUNC_HOME"));
    if (systemdUnits != null) return plannerUnits(binary, Caller.current().resolve(systemdUnits));
    Path config = Caller.current().resolve(dockerConfig.toString());
    if (!write) return stdout(instructions(binary, config, null));
    String existing = null;
    try {
      if (Files.exists(config)) existing = Files.readString(config);
    } catch (IOException e) {
      throw new JruncException("read " + config + ": " + e.getMessage());
    }
    String merged = mergeDaemonJson(existing, binary, config);
    return new Plan()
        .add(Section.PREPARE, OpCode.MKDIR, "mkdir " + config.getParent(), config.getParent().toString(), 0755L,
            Flags.PARENTS | Flags.IGNORE_EEXIST)
        // atomic: dockerd may read it at any time (SIGHUP)
        .add(Section.PREPARE, OpCode.WRITE, "write " + config, config.toString(), merged.getBytes(StandardCharsets.UTF_8),
            0644L, Flags.ATOMIC)
        .addAll(stdout(instructions(binary, config, merged)));
  }

  /** The jrunc binary: JRUNC_HOME/bin/jrunc (the front sets JRUNC_HOME to the dist dir). */
  static String binary(String jruncHome) {
    if (jruncHome == null || jruncHome.isBlank()) {
      throw new JruncException("JRUNC_HOME is not set: run install through the jrunc binary");
    }
    return Path.of(jruncHome).toAbsolutePath().normalize().resolve("bin/jrunc").toString();
  }

  /** daemon.json with runtimes.jrunc.path = binary, keeping every other setting (null: no file yet). */
  static String mergeDaemonJson(String existing, String binary, Path config) {
    ObjectNode root;
    try {
      JsonNode parsed = existing == null || existing.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(existing);
      if (!(parsed instanceof ObjectNode)) throw new JruncException(config + ": not a JSON object");
      root = (ObjectNode) parsed;
    } catch (JsonProcessingException e) {
      String why = e.getOriginalMessage().replaceFirst("\\s*\\(start marker at .*$", "");
      var at = e.getLocation();
      throw new JruncException("parse " + config + ": " + why + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
    }
    JsonNode runtimes = root.path("runtimes");
    if (!runtimes.isMissingNode() && !runtimes.isObject()) throw new JruncException(config + ": \"runtimes\" is not an object");
    ObjectNode entry = (runtimes.isObject() ? (ObjectNode) runtimes : root.putObject("runtimes")).putObject(RUNTIME_NAME);
    entry.put("path", binary);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What to paste where; {@code written} is the daemon.json just written, or null when only printing. */
  static String instructions(String binary, Path dockerConfig, String written) {
    String docker = written != null ? written : mergeDaemonJson(null, binary, dockerConfig);
    String bin = "\"" + binary.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    String cri = "[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes." + RUNTIME_NAME + "]";
    return (written != null ? "# Docker: wrote " + dockerConfig + "\n" : "# Docker: merge into " + dockerConfig + " (or run: jrunc install --write)\n")
        + docker
        + "# then reload dockerd (kill -HUP <dockerd pid>) and: docker run --runtime " + RUNTIME_NAME + " IMAGE CMD\n"
        + "\n"
        + "# containerd (CRI): add to /etc/containerd/config.toml, then restart containerd\n"
        + cri + "\n"
        + "  runtime_type = \"io.containerd.runc.v2\"\n"
        + cri.substring(0, cri.length() - 1) + ".options]\n"
        + "  BinaryName = " + bin + "\n"
        + "# without CRI: ctr run --runc-binary " + binary + " IMAGE ID CMD\n"
        + "\n"
        + "# podman: per command\n"
        + "podman --runtime " + binary + " run IMAGE CMD\n"
        + "# or as the default, in containers.conf (runtime_supports_json: podman then passes --log-format json\n"
        + "# --log FILE, and reads jrunc's errors from that file; it decides by the binary's basename)\n"
        + "[engine]\n"
        + "runtime = \"" + RUNTIME_NAME + "\"\n"
        + "runtime_supports_json = [\"crun\", \"runc\", \"kata\", \"runsc\", \"krun\", \"" + RUNTIME_NAME + "\"]\n"
        + "[engine.runtimes]\n"
        + RUNTIME_NAME + " = [" + bin + "]\n";
  }

  /** The warm planner's systemd units, written atomically, and what to run next. */
  private static Plan plannerUnits(String binary, Path dir) {
    Plan plan = new Plan().add(Section.PREPARE, OpCode.MKDIR, "mkdir " + dir, dir.toString(), 0755L,
        Flags.PARENTS | Flags.IGNORE_EEXIST);
    PlannerUnits.files(binary).forEach((name, text) -> plan.add(Section.PREPARE, OpCode.WRITE, "write " + dir.resolve(name),
        dir.resolve(name).toString(), text.getBytes(StandardCharsets.UTF_8), 0644L, Flags.ATOMIC));
    return plan.addAll(stdout("# wrote " + dir.resolve(PlannerUnits.SOCKET_UNIT) + " and " + dir.resolve(PlannerUnits.SERVICE_UNIT)
        + "\n# then: systemctl daemon-reload && systemctl enable --now " + PlannerUnits.SOCKET_UNIT + "\n"));
  }

  private static Plan stdout(String text) {
    return new Plan().add(Section.PREPARE, OpCode.STDOUT, "", text.getBytes(StandardCharsets.UTF_8));
  }
}
