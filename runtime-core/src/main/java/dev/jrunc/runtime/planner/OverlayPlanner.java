package dev.jrunc.runtime.planner;

import static dev.jrunc.runtime.planner.MountOptions.MS_REC;
import static dev.jrunc.runtime.planner.MountOptions.MS_SLAVE;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * --overlay: the container's root is an overlayfs whose lower layer is the bundle's rootfs, so the
 * bundle is never written. Every mount is made inside the container's mount namespace only (after "/"
 * is made a slave), so nothing appears on the host and nothing there needs unmounting:
 *
 * <ul>
 *   <li>"tmpfs": the upper layer is a tmpfs mounted on STATE/overlay; it lives as long as the
 *       container's mount namespace, so the writes are gone when the container is (memory-backed, as
 *       runsc's default overlay).
 *   <li>a directory: the upper layer is DIR/upper (with DIR/work beside it), on the host; it is kept
 *       after delete, so the container's changes can be read or handed to the next container.
 * </ul>
 *
 * The overlay is mounted on STATE/rootfs, an empty directory, which the ROOTFS op then uses as the
 * container's root; both directories go with the state directory at delete (or UNDO on failure).
 */
final class OverlayPlanner {
  static final String TMPFS = "tmpfs";

  private OverlayPlanner() {}

  /** The layer directory of a --overlay value, resolved against the caller's cwd; null for no overlay. */
  static Path layerDir(String overlay, Path stateDir) {
    if (overlay == null || overlay.isEmpty()) return null;
    if (overlay.equals(TMPFS)) return stateDir.resolve("overlay");
    Path dir = Path.of(overlay).toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) throw new JruncException("--overlay: " + dir + ": not a directory");
    return dir;
  }

  /**
   * PREPARE ops (the host directories) and MOUNTS ops, to be added before the ROOTFS op; returns the
   * path to use as the container's rootfs.
   */
  static Path plan(Plan plan, String overlay, Path lower, Path stateDir, boolean inUserNs) {
    Path layers = layerDir(overlay, stateDir);
    for (Path p : new Path[] {lower, layers}) {
      // overlayfs's mount data separates layers with ':' and options with ','
      if (p.toString().contains(",") || p.toString().contains(":")) {
        throw new JruncException("--overlay: " + p + ": a path with ',' or ':' cannot be an overlay layer");
      }
    }
    boolean tmpfs = overlay.equals(TMPFS);
    // a tmpfs is a file system of its own, so it never overlaps the lower layer
    if (!tmpfs && !lower.equals(lower.getRoot()) && layers.startsWith(lower)) throw new JruncException("--overlay: " + layers + " is inside the rootfs " + lower);
    Path merged = stateDir.resolve("rootfs");
    Path upper = layers.resolve("upper"), work = layers.resolve("work");
    plan.add(Section.PREPARE, OpCode.MKDIR, "create " + merged, merged.toString(), 0700L, 0L);
    if (tmpfs) {
      plan.add(Section.PREPARE, OpCode.MKDIR, "create " + layers, layers.toString(), 0700L, 0L);
    } else {
      plan.add(Section.PREPARE, OpCode.MKDIR, "create overlay directory " + layers, layers.toString(), 0700L, Flags.PARENTS | Flags.IGNORE_EEXIST);
      plan.add(Section.PREPARE, OpCode.MKDIR, "create " + upper, upper.toString(), 0755L, Flags.IGNORE_EEXIST);
      plan.add(Section.PREPARE, OpCode.MKDIR, "create " + work, work.toString(), 0700L, Flags.IGNORE_EEXIST);
    }
    // Before any mount of ours: nothing may propagate to the host's mount namespace.
    plan.add(Section.MOUNTS, OpCode.MOUNT, "make / a slave mount", "", "/", "", MS_SLAVE | MS_REC, "", 0L);
    if (tmpfs) {
      plan.add(Section.MOUNTS, OpCode.MOUNT, "mount tmpfs to " + layers, "tmpfs", layers.toString(), "tmpfs", 0L, "mode=0700", 0L);
      plan.add(Section.MOUNTS, OpCode.MKDIR, "create " + upper, upper.toString(), 0755L, 0L);
      plan.add(Section.MOUNTS, OpCode.MKDIR, "create " + work, work.toString(), 0700L, 0L);
    }
    // In a user namespace overlayfs may not use trusted.* xattrs: userxattr makes it use user.*.
    Set<Path> mounts = inUserNs ? SplitOverlay.hostMountPoints() : Set.of();
    if (SplitOverlay.hasMountsBelow(lower, mounts)) {
      SplitOverlay.plan(plan, lower, merged, upper, work, true, mounts);
      return merged;
    }
    String data = "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work + (inUserNs ? ",userxattr" : "");
    plan.add(Section.MOUNTS, OpCode.MOUNT, "mount overlay to " + merged, "overlay", merged.toString(), "overlay", 0L, data, 0L);
    return merged;
  }
}
