package dev.jrunc.runtime.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.runtime.api.CallerIds;
import dev.jrunc.runtime.json.Json;
import dev.jrunc.spec.Spec;

/**
 * A spec without a user namespace, run by a caller that is not root: jrunc adds one that maps the
 * caller's uid and gid to root (runc refuses such a spec instead), and adapts the mounts as runc's
 * `spec --rootless` (specconv.ToRootless) does: no uid=/gid= mount options (those ids are not mapped),
 * and /sys bound from the host when there is no network namespace of the container's own to mount
 * sysfs for.
 */
final class RootlessSpec {
  private RootlessSpec() {}

  static boolean hasUserNamespace(Spec spec) {
    return spec.linux() != null && spec.linux().namespaces() != null
        && spec.linux().namespaces().stream().anyMatch(ns -> "user".equals(ns.type()));
  }

  static Spec adapt(Spec spec, CallerIds caller) {
    ObjectMapper mapper = Json.mapper();
    ObjectNode root = mapper.valueToTree(spec);
    ObjectNode linux = root.with("linux");
    ArrayNode namespaces = linux.withArray("namespaces");
    namespaces.addObject().put("type", "user");
    linux.set("uidMappings", mapper.createArrayNode().add(mapping(mapper, caller.uid())));
    linux.set("gidMappings", mapper.createArrayNode().add(mapping(mapper, caller.gid())));
    boolean ownNet = false;
    for (JsonNode ns : namespaces) ownNet |= "network".equals(ns.path("type").asText()) && ns.path("path").asText("").isEmpty();
    if (root.get("mounts") instanceof ArrayNode mounts) {
      for (JsonNode m : mounts) {
        ObjectNode mount = (ObjectNode) m;
        if (mount.get("options") instanceof ArrayNode opts) {
          for (int i = opts.size() - 1; i >= 0; i--) {
            String o = opts.get(i).asText();
            if (o.startsWith("uid=") || o.startsWith("gid=")) opts.remove(i);
          }
        }
        if (!ownNet && "/sys".equals(mount.path("destination").asText()) && "sysfs".equals(mount.path("type").asText())) {
          mount.put("type", "none");
          mount.put("source", "/sys");
          mount.set("options", mapper.createArrayNode().add("rbind").add("nosuid").add("noexec").add("nodev").add("ro"));
        }
      }
    }
    try {
      return mapper.treeToValue(root, Spec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot adapt the spec for a rootless container", e);
    }
  }

  private static ObjectNode mapping(ObjectMapper mapper, long hostId) {
    return mapper.createObjectNode().put("containerID", 0).put("hostID", hostId).put("size", 1);
  }
}
