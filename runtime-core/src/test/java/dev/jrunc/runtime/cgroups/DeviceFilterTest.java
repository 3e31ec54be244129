package dev.jrunc.runtime.cgroups;

import static dev.jrunc.runtime.cgroups.DeviceFilter.ACC_MKNOD;
import static dev.jrunc.runtime.cgroups.DeviceFilter.ACC_READ;
import static dev.jrunc.runtime.cgroups.DeviceFilter.ACC_WRITE;
import static dev.jrunc.runtime.cgroups.DeviceFilter.DEV_BLOCK;
import static dev.jrunc.runtime.cgroups.DeviceFilter.DEV_CHAR;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrunc.spec.Device;
import dev.jrunc.spec.Resources.DeviceRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceFilterTest {
  private static DeviceRule rule(boolean allow, String type, Long major, Long minor, String access) {
    return new DeviceRule(allow, type, major, minor, access);
  }

  private static long run(List<DeviceRule> rules, int type, int access, int major, int minor) {
    return EbpfInterpreter.run(DeviceFilter.program(rules), type, access, major, minor);
  }

  @Test
  void runcDefaultsAfterDenyAll() {
    List<DeviceRule> rules = DeviceRules.effective(List.of(rule(false, null, null, null, "rwm")), List.of());
    assertEquals(1, run(rules, DEV_CHAR, ACC_READ | ACC_WRITE, 1, 3), "/dev/null rw");
    assertEquals(1, run(rules, DEV_CHAR, ACC_READ, 136, 7), "a pts");
    assertEquals(1, run(rules, DEV_CHAR, ACC_MKNOD, 8, 0), "mknod of any char device");
    assertEquals(1, run(rules, DEV_BLOCK, ACC_MKNOD, 8, 0), "mknod of any block device");
    assertEquals(0, run(rules, DEV_BLOCK, ACC_READ, 8, 0), "read a disk");
    assertEquals(0, run(rules, DEV_CHAR, ACC_READ, 10, 229), "fuse");
  }

  @Test
  void aLinuxDevicesNodeWithoutAnAllowRuleIsDenied() {
    Device zero = new Device("/dev/zero", "c", 1L, 5L, null, null, null);
    List<DeviceRule> rules = DeviceRules.effective(List.of(rule(false, null, null, null, "rwm")), List.of(zero));
    assertEquals(0, run(rules, DEV_CHAR, ACC_READ, 1, 5));
    assertEquals(1, run(rules, DEV_CHAR, ACC_READ, 1, 9));
  }

  @Test
  void lastMatchingRuleWinsAndAccessMustBeCovered() {
    List<DeviceRule> rules = List.of(rule(false, "a", null, null, "rwm"), rule(true, "c", 1L, null, "r"),
        rule(false, "c", 1L, 5L, "rwm"));
    assertEquals(1, run(rules, DEV_CHAR, ACC_READ, 1, 3), "c 1:* r");
    assertEquals(0, run(rules, DEV_CHAR, ACC_READ | ACC_WRITE, 1, 3), "write is not covered");
    assertEquals(0, run(rules, DEV_CHAR, ACC_READ, 1, 5), "the later deny wins");
    assertEquals(0, run(rules, DEV_BLOCK, ACC_READ, 1, 3), "type checked");
  }

  @Test
  void anAllowAllRuleIsTheDefault() {
    List<DeviceRule> rules = List.of(rule(true, "a", null, null, "rwm"), rule(false, "c", 1L, 5L, "w"));
    assertEquals(1, run(rules, DEV_BLOCK, ACC_READ, 8, 0));
    assertEquals(1, run(rules, DEV_CHAR, ACC_READ, 1, 5));
    assertEquals(0, run(rules, DEV_CHAR, ACC_WRITE, 1, 5));
    // Rules before an "a *:* rwm" are overridden by it.
    assertEquals(1, run(List.of(rule(false, "c", 1L, 5L, "rwm"), rule(true, "a", null, null, "rwm")), DEV_CHAR, ACC_READ, 1, 5));
  }
}
