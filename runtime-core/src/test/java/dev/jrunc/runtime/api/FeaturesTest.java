package dev.jrunc.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jrunc.runtime.planner.MountOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeaturesTest {
  static List<String> strings(JsonNode a) {
    List<String> l = new ArrayList<>();
    a.forEach(n -> l.add(n.asText()));
    return l;
  }

  @Test
  void shapedLikeRuncs() throws Exception {
    String json = Features.json(Map.of("dev.jrunc.version", "9"));
    assertTrue(json.startsWith("{\n    \"ociVersionMin\": \"1.0.0\",\n    \"ociVersionMax\": \"1.2.0\",\n    \"hooks\": [\n        \"prestart\","), json);
    assertTrue(json.endsWith("\n    }\n}\n"), "4-space indent and a trailing newline");
    JsonNode d = new ObjectMapper().readTree(json);
    assertEquals(List.of("ociVersionMin", "ociVersionMax", "hooks", "mountOptions", "linux", "annotations"), fields(d));
    assertEquals(List.of("namespaces", "capabilities", "cgroup", "seccomp", "apparmor", "selinux", "intelRdt", "mountExtensions"),
        fields(d.get("linux")));
    assertEquals("9", d.get("annotations").get("dev.jrunc.version").asText());
  }

  @Test
  void claimsOnlyWhatJruncImplements() throws Exception {
    JsonNode d = new ObjectMapper().readTree(Features.json(Map.of()));
    List<String> mounts = strings(d.get("mountOptions"));
    assertEquals(new ArrayList<>(MountOptions.supported()), mounts);
    for (String absent : List.of("rro", "rnosuid", "idmap", "ridmap", "tmpcopyup")) assertFalse(mounts.contains(absent), absent);
    for (String present : List.of("ro", "nosuid", "bind", "rbind", "rprivate", "nosymfollow")) assertTrue(mounts.contains(present), present);
    // Each listed option really changes the mount flags (or is bind/defaults/remount), none falls through to fs data.
    for (String o : mounts) assertEquals("", MountOptions.parse("tmpfs", List.of(o)).data(), o);
    JsonNode linux = d.get("linux");
    assertEquals(List.of("cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"), strings(linux.get("namespaces")));
    assertEquals(41, linux.get("capabilities").size());
    assertEquals("CAP_CHECKPOINT_RESTORE", linux.get("capabilities").get(40).asText());
    assertFalse(linux.get("cgroup").get("systemd").asBoolean());
    assertFalse(linux.get("apparmor").get("enabled").asBoolean());
    assertFalse(linux.get("selinux").get("enabled").asBoolean());
    assertFalse(linux.get("mountExtensions").get("idmap").get("enabled").asBoolean());
    JsonNode sc = linux.get("seccomp");
    assertTrue(sc.get("enabled").asBoolean());
    assertEquals(9, sc.get("actions").size());
    assertEquals(7, sc.get("operators").size());
    assertTrue(strings(sc.get("archs")).containsAll(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64")));
    assertTrue(strings(sc.get("knownFlags")).containsAll(strings(sc.get("supportedFlags"))));
  }

  static List<String> fields(JsonNode n) {
    List<String> l = new ArrayList<>();
    n.fieldNames().forEachRemaining(l::add);
    return l;
  }
}
