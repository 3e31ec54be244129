package dev.jrunc.runtime.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.runtime.api.CallerIds;
import dev.jrunc.runtime.json.Json;
import dev.jrunc.spec.DefaultSpec;
import dev.jrunc.spec.Spec;
import java.util.List;

/**
 * The spec of `jrunc do`: runc's default spec (its rootless form for a caller that is not root, so the
 * caller's ids are mapped to root) whose root is the host's "/" (always under an overlay), running the
 * caller's command with the caller's environment and working directory, in a network namespace of its
 * own unless the host network was asked for.
 */
public final class DoSpec {
  static final String HOSTNAME = "jrunc";

  private DoSpec() {}

  public static Spec create(List<String> args, List<String> env, String cwd, boolean terminal, boolean hostNetwork, CallerIds caller) {
    ObjectMapper mapper = Json.mapper();
    Spec base = DefaultSpec.create(!caller.isRoot(), caller.uid(), caller.gid(), DefaultSpec.isCgroup2UnifiedMode());
    ObjectNode spec = mapper.valueToTree(base);
    ObjectNode root = spec.putObject("root");
    root.put("path", "/");
    root.put("readonly", false);
    spec.put("hostname", HOSTNAME);
    ObjectNode process = (ObjectNode) spec.get("process");
    process.put("terminal", terminal);
    process.set("args", mapper.valueToTree(args));
    process.set("env", mapper.valueToTree(env));
    process.put("cwd", cwd);
    ArrayNode namespaces = (ArrayNode) spec.get("linux").get("namespaces");
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      if (namespaces.get(i).path("type").asText().equals("network")) namespaces.remove(i);
    }
    if (!hostNetwork) namespaces.addObject().put("type", "network");
    try {
      return mapper.treeToValue(spec, Spec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot build the spec of jrunc do", e);
    }
  }
}
