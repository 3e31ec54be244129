package dev.jrunc.runtime.planner;

import static dev.jrunc.runtime.planner.MountOptions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountOptionsTest {
  @Test
  void splitsFlagsPropagationAndData() {
    MountOptions o = MountOptions.parse("tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k", "rshared"));
    assertEquals(MS_NOSUID | MS_STRICTATIME, o.flags());
    assertEquals(MS_SHARED | MS_REC, o.propagation());
    assertEquals("mode=755,size=65536k", o.data());
    assertFalse(o.bind());
  }

  @Test
  void laterOptionsClearEarlierOnes() {
    assertEquals(0, MountOptions.parse("proc", List.of("ro", "rw")).flags());
    assertEquals(MS_NODEV, MountOptions.parse("proc", List.of("nosuid", "suid", "nodev")).flags());
  }

  @Test
  void bindAndRbind() {
    MountOptions b = MountOptions.parse("none", List.of("bind", "ro"));
    assertTrue(b.bind());
    assertFalse(b.recursive());
    assertEquals(MS_RDONLY, b.flags());
    MountOptions r = MountOptions.parse(null, List.of("rbind"));
    assertTrue(r.bind() && r.recursive());
    assertTrue(MountOptions.parse("bind", null).bind());
  }

  @Test
  void rootPropagationDefaultsToRslave() {
    assertEquals(MS_SLAVE | MS_REC, MountOptions.rootPropagation(null));
    assertEquals(MS_SLAVE | MS_REC, MountOptions.rootPropagation(""));
    assertEquals(MS_PRIVATE, MountOptions.rootPropagation("private"));
    assertEquals(MS_SHARED | MS_REC, MountOptions.rootPropagation("rshared"));
  }
}
