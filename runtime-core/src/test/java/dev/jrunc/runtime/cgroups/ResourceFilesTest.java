package dev.jrunc.runtime.cgroups;

import static dev.jrunc.runtime.cgroups.Res.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.spec.Device;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three kinds of host, from mountinfo fixtures: where each write lands. */
class ResourceFilesTest {
  private static final String RES = "{'memory':{'limit':1048576},'cpu':{'shares':1024},'pids':{'limit':10}}";

  static CgroupLayout layout(String kind) {
    try {
      return CgroupLayout.fromMountinfo(Path.of(ResourceFilesTest.class.getResource("/mountinfo/" + kind + ".txt").toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Path> dirs(String kind) {
    return CgroupPaths.resolve(layout(kind), "/test/c1", Path.of("/nonexistent/cgroup"));
  }

  static List<String> files(Map<String, Path> dirs, List<ResourceWrite> writes) {
    return writes.stream().map(w -> ResourceFiles.dirFor(dirs, w).resolve(w.file()) + "=" + w.value()).toList();
  }

  @Test
  void layoutKinds() {
    assertEquals(CgroupLayout.Kind.V1, layout("v1").kind());
    assertEquals(CgroupLayout.Kind.V2, layout("v2").kind());
    assertEquals(CgroupLayout.Kind.HYBRID, layout("hybrid").kind());
    assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), layout("v1").v1().get("cpu,cpuacct"));
  }

  @Test
  void v1WritesGoToTheHierarchyHoldingTheController() {
    Map<String, Path> d = dirs("v1");
    assertEquals(List.of("/sys/fs/cgroup/memory/test/c1/memory.limit_in_bytes=1048576",
            "/sys/fs/cgroup/cpu,cpuacct/test/c1/cpu.shares=1024", "/sys/fs/cgroup/pids/test/c1/pids.max=10"),
        files(d, ResourceFiles.forResources(d, of(RES))));
  }

  @Test
  void v2WritesGoToTheUnifiedDir() {
    Map<String, Path> d = dirs("v2");
    assertTrue(ResourceFiles.unifiedOnly(d));
    assertEquals(List.of("/sys/fs/cgroup/test/c1/memory.max=1048576", "/sys/fs/cgroup/test/c1/cpu.weight=39",
            "/sys/fs/cgroup/test/c1/pids.max=10"),
        files(d, ResourceFiles.forResources(d, of(RES))));
  }

  @Test
  void hybridPutsLimitsInV1() {
    Map<String, Path> d = dirs("hybrid");
    assertEquals(List.of("/sys/fs/cgroup/memory/test/c1/memory.limit_in_bytes=1048576",
            "/sys/fs/cgroup/cpu/test/c1/cpu.shares=1024", "/sys/fs/cgroup/pids/test/c1/pids.max=10"),
        files(d, ResourceFiles.forResources(d, of(RES))));
  }

  @Test
  void anUnmountedControllerIsNamed() {
    Map<String, Path> d = dirs("hybrid");
    JruncException e = assertThrows(JruncException.class,
        () -> files(d, ResourceFiles.forResources(d, of("{'hugepageLimits':[{'pageSize':'2MB','limit':0}]}"))));
    assertEquals("cgroup controller hugetlb is not mounted, needed to set hugetlb.2MB.limit_in_bytes to 0", e.getMessage());
  }

  @Test
  void createAddsDefaultDeviceRulesAndMakesPidsZeroUnlimited() {
    Map<String, Path> d = dirs("v1");
    Device fuse = new Device("/dev/fuse", "c", 10L, 229L, null, null, null);
    List<String> w = Res.text(ResourceFiles.forCreate(d, of("{'devices':[{'allow':false,'access':'rwm'}],'pids':{'limit':0}}"), List.of(fuse)));
    assertEquals("devices/devices.deny=a", w.get(0));
    assertEquals("devices/devices.deny=a *:* rwm", w.get(1));
    assertEquals("devices/devices.allow=c *:* m", w.get(2));
    assertTrue(w.contains("devices/devices.allow=c 1:3 rwm"), w.toString());
    assertTrue(w.contains("devices/devices.allow=c 136:* rwm"), w.toString());
    assertTrue(w.stream().noneMatch(s -> s.contains("10:229")), "a linux.devices node gets no rule of its own: " + w);
    assertEquals("pids/pids.max=max", w.get(w.size() - 1));
    // v2: no device rules (they need an eBPF program).
    assertEquals(List.of("pids.max=max"), Res.text(ResourceFiles.forCreate(dirs("v2"), of("{'devices':[{'allow':false,'access':'rwm'}],'pids':{'limit':0}}"), List.of())));
  }

  @Test
  void aLinuxDevicesNodeReplacesTheDefaultRuleOfItsPath() {
    Device zero = new Device("/dev/zero", "c", 1L, 5L, null, null, null);
    List<String> w = Res.text(ResourceFiles.forCreate(dirs("v1"), of("{'devices':[{'allow':false,'access':'rwm'}]}"), List.of(zero)));
    assertTrue(w.stream().noneMatch(s -> s.contains("1:5")), w.toString());
    assertTrue(w.contains("devices/devices.allow=c 1:3 rwm"), w.toString());
  }
}
