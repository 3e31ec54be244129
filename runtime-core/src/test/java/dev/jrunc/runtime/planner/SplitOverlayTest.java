package dev.jrunc.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.runtime.plan.Op;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitOverlayTest {
  @TempDir Path host;

  @Test
  void mountsBelow() {
    Set<Path> mounts = Set.of(Path.of("/"), Path.of("/proc"), Path.of("/tmp/a/m"));
    assertTrue(SplitOverlay.hasMountsBelow(Path.of("/"), mounts));
    assertTrue(SplitOverlay.hasMountsBelow(Path.of("/tmp"), mounts));
    assertFalse(SplitOverlay.hasMountsBelow(Path.of("/tmp/a/m"), mounts), "a mount point itself may be a lower layer");
    assertFalse(SplitOverlay.hasMountsBelow(Path.of("/usr"), mounts));
  }

  @Test
  void oneOverlayPerDirectoryWithoutMountsBelow() throws Exception {
    Files.createDirectories(host.resolve("usr/lib"));
    Files.createDirectories(host.resolve("tmp/mounted"));
    Files.createDirectories(host.resolve("tmp/plain"));
    Files.writeString(host.resolve("tmp/file"), "x");
    Files.createSymbolicLink(host.resolve("bin"), Path.of("usr/bin"));
    Plan p = new Plan();
    Path merged = Path.of("/state/rootfs");
    SplitOverlay.plan(p, host, merged, Path.of("/l/upper"), Path.of("/l/work"), true, Set.of(host, host.resolve("tmp/mounted/m")));
    List<Op> ops = p.ops(Section.MOUNTS);
    assertEquals("tmpfs", ops.get(0).args().get(2), "a tmpfs skeleton");
    List<String> overlays = ops.stream().filter(o -> o.code() == OpCode.MOUNT && "overlay".equals(o.args().get(2)))
        .map(o -> o.args().get(1).toString()).toList();
    assertEquals(List.of("/state/rootfs/tmp/plain", "/state/rootfs/usr"), overlays);
    assertTrue(ops.stream().anyMatch(o -> o.code() == OpCode.SYMLINK && o.args().get(0).equals("usr/bin")));
    assertTrue(ops.stream().anyMatch(o -> o.code() == OpCode.MKDIR && o.args().get(0).equals("/state/rootfs/tmp/mounted")),
        "a directory with mounts below is made, then split");
    assertTrue(ops.stream().noneMatch(o -> o.label().contains("tmp/file")), "files beside mounts are not shown");
    assertEquals(OpCode.UMASK, ops.get(ops.size() - 1).code(), "the caller's umask is back");
  }
}
