package dev.jrunc.runtime.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.runtime.json.Json;
import dev.jrunc.runtime.planner.KernelSeccomp;
import dev.jrunc.runtime.planner.MountOptions;
import dev.jrunc.seccomp.SeccompArch;
import dev.jrunc.spec.Capabilities;
import dev.jrunc.spec.Namespaces;
import dev.jrunc.spec.SeccompNames;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;

/**
 * The OCI features document (runtime-spec features.md; `runc features`), truthful about jrunc: only what
 * the planner and the front implement is listed, and the 1.2 extensions jrunc lacks say "enabled": false.
 * Lists are sorted as runc sorts them, except capabilities (in bit order, as runc).
 */
public final class Features {
  public static final String OCI_VERSION_MIN = "1.0.0";
  /** The runtime-spec whose config model oci-spec implements. */
  public static final String OCI_VERSION_MAX = "1.2.0";
  static final String[] HOOKS = {"prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"};

  private Features() {}

  /** @param annotations the document's annotations (the cli adds dev.jrunc.version and the like) */
  public static ObjectNode document(Map<String, String> annotations) {
    ObjectNode d = Json.mapper().createObjectNode();
    d.put("ociVersionMin", OCI_VERSION_MIN);
    d.put("ociVersionMax", OCI_VERSION_MAX);
    strings(d.putArray("hooks"), Arrays.asList(HOOKS));
    strings(d.putArray("mountOptions"), MountOptions.supported());
    ObjectNode linux = d.putObject("linux");
    strings(linux.putArray("namespaces"), new TreeSet<>(Namespaces.byType().keySet()));
    ArrayNode caps = linux.putArray("capabilities");
    for (int i = 0; i <= Capabilities.LAST_CAP; i++) caps.add(Capabilities.name(i));
    ObjectNode cgroup = linux.putObject("cgroup");
    cgroup.put("v1", true);
    cgroup.put("v2", true);
    // --systemd-cgroup only maps slice:prefix:name onto a cgroupfs path; there is no systemd driver.
    cgroup.put("systemd", false);
    cgroup.put("systemdUser", false);
    cgroup.put("rdma", false);
    ObjectNode seccomp = linux.putObject("seccomp");
    seccomp.put("enabled", true);
    strings(seccomp.putArray("actions"), new TreeSet<>(SeccompNames.ACTIONS));
    strings(seccomp.putArray("operators"), new TreeSet<>(SeccompNames.OPERATORS));
    TreeSet<String> archs = new TreeSet<>();
    for (SeccompArch a : SeccompArch.values()) archs.add(a.scmpName());
    strings(seccomp.putArray("archs"), archs);
    strings(seccomp.putArray("knownFlags"), KernelSeccomp.knownFlagNames());
    strings(seccomp.putArray("supportedFlags"), KernelSeccomp.supportedFlagNames());
    linux.putObject("apparmor").put("enabled", false);
    linux.putObject("selinux").put("enabled", false);
    linux.putObject("intelRdt").put("enabled", false);
    linux.putObject("mountExtensions").putObject("idmap").put("enabled", false);
    if (!annotations.isEmpty()) {
      ObjectNode a = d.putObject("annotations");
      new TreeSet<>(annotations.keySet()).forEach(k -> a.put(k, annotations.get(k)));
    }
    return d;
  }

  /** As `runc features` prints it: 4-space indent, Go's "key": value spacing, a trailing newline. */
  public static String json(Map<String, String> annotations) {
    try {
      return Json.indented("    ").writeValueAsString(document(annotations)) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void strings(ArrayNode a, Collection<String> values) {
    values.forEach(a::add);
  }
}
