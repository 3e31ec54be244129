package dev.jrunc.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.plan.Op;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlayPlannerTest {
  private static final Path ROOTFS = Path.of("/b/rootfs"), STATE = Path.of("/run/jrunc/c1");

  private static List<Op> mounts(Plan p) {
    return p.ops(Section.MOUNTS).stream().filter(o -> o.code() == OpCode.MOUNT).toList();
  }

  @Test
  void tmpfsUpperIsMountedInTheContainerOnlyAfterSlavingRoot() {
    Plan p = new Plan();
    Path merged = OverlayPlanner.plan(p, "tmpfs", ROOTFS, STATE, false);
    assertEquals(STATE.resolve("rootfs"), merged);
    List<Op> m = mounts(p);
    assertEquals("/", m.get(0).args().get(1), "first / becomes a slave: nothing reaches the host");
    assertEquals("tmpfs", m.get(1).args().get(2));
    assertEquals("/run/jrunc/c1/overlay", m.get(1).args().get(1));
    assertEquals("overlay", m.get(2).args().get(2));
    assertEquals("lowerdir=/b/rootfs,upperdir=/run/jrunc/c1/overlay/upper,workdir=/run/jrunc/c1/overlay/work", m.get(2).args().get(4));
    assertTrue(p.ops(Section.PREPARE).stream().noneMatch(o -> o.label().contains("upper")), "the upper is made inside the tmpfs");
  }

  @Test
  void directoryLayersAreMadeOnTheHostAndUserNamespacesUseUserXattrs() {
    Plan p = new Plan();
    OverlayPlanner.plan(p, "/keep", ROOTFS, STATE, true);
    assertTrue(p.ops(Section.PREPARE).stream().anyMatch(o -> o.args().get(0).equals("/keep/upper")));
    assertEquals(2, mounts(p).size(), "no tmpfs");
    assertTrue(mounts(p).get(1).args().get(4).toString().endsWith("workdir=/keep/work,userxattr"));
  }

  @Test
  void refusesLayersThatCannotBeSpelledOrOverlap() {
    assertThrows(JruncException.class, () -> OverlayPlanner.plan(new Plan(), "/a,b", ROOTFS, STATE, false));
    JruncException e = assertThrows(JruncException.class, () -> OverlayPlanner.plan(new Plan(), "/b/rootfs/x", ROOTFS, STATE, false));
    assertEquals("--overlay: /b/rootfs/x is inside the rootfs /b/rootfs", e.getMessage());
  }
}
