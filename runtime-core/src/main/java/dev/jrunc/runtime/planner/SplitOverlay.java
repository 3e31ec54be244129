package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * An overlay of a lower directory that has mounts below it (the host's "/" for `jrunc do`), made in a
 * user namespace: there the host's mounts are locked to their parents, and overlayfs refuses a lower
 * layer with locked mounts below (the kernel's "failed to clone lowerpath"). So the root is a tmpfs
 * skeleton, and each directory with no mount below it gets an overlay of its own; directories with
 * mounts below are made in the skeleton and split the same way (a few levels deep, then left empty).
 * Files right beside mounts (in "/", or in /tmp when something is mounted below /tmp) are not shown: a
 * read-only bind of each could not be made safely if the file vanished meanwhile. The kernel's own file
 * systems (/proc, /sys, /dev) are left to the spec's mounts.
 */
final class SplitOverlay {
  static final int MAX_DEPTH = 4;
  private static final Set<String> KERNEL_DIRS = Set.of("/proc", "/sys", "/dev");

  private final Plan plan;
  private final Set<Path> mounts;
  private final Path upperBase, workBase;
  private final boolean userXattr;

  private SplitOverlay(Plan plan, Set<Path> mounts, Path upperBase, Path workBase, boolean userXattr) {
    this.plan = plan;
    this.mounts = mounts;
    this.upperBase = upperBase;
    this.workBase = workBase;
    this.userXattr = userXattr;
  }

  /** Whether any of the mount points is strictly below dir. */
  static boolean hasMountsBelow(Path dir, Set<Path> mounts) {
    return mounts.stream().anyMatch(m -> m.startsWith(dir) && !m.equals(dir));
  }

  /** The mount points of our mount namespace (the caller's; the container's starts as a copy). */
  static Set<Path> hostMountPoints() {
    Set<Path> out = new TreeSet<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] f = line.split(" ");
        if (f.length > 4) out.add(Path.of(f[4].replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")));
      }
    } catch (IOException e) {
      // no procfs: no mount is known, the single overlay is tried
    }
    return out;
  }

  /** MOUNTS ops: a tmpfs on merged, then the overlays (upper and work dirs below the given bases). */
  static void plan(Plan plan, Path lower, Path merged, Path upperBase, Path workBase, boolean userXattr, Set<Path> mounts) {
    long umask = callerUmask();
    plan.add(Section.MOUNTS, OpCode.MOUNT, "mount tmpfs to " + merged, "tmpfs", merged.toString(), "tmpfs", 0L, "mode=" + Long.toOctalString(mode(lower)), 0L);
    // directories get the host's modes exactly (/tmp's 1777), so no umask while they are made
    plan.add(Section.MOUNTS, OpCode.UMASK, "", 0L);
    new SplitOverlay(plan, mounts, upperBase, workBase, userXattr).split(lower, merged, Path.of(""), 0);
    plan.add(Section.MOUNTS, OpCode.UMASK, "", umask);
  }

  private void split(Path hostDir, Path target, Path rel, int depth) {
    List<Path> children = new ArrayList<>();
    try (Stream<Path> s = Files.list(hostDir)) {
      s.sorted().forEach(children::add);
    } catch (IOException | java.io.UncheckedIOException e) {
      return; // unreadable to the caller: stays empty
    }
    for (Path host : children) {
      String name = host.getFileName().toString();
      Path at = target.resolve(name), r = rel.resolve(name);
      if (Files.isSymbolicLink(host)) {
        try {
          plan.add(Section.MOUNTS, OpCode.SYMLINK, "create symlink " + at, Files.readSymbolicLink(host).toString(), at.toString(), 0L);
        } catch (IOException e) {
          // gone meanwhile
        }
      } else if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
        plan.add(Section.MOUNTS, OpCode.MKDIR, "create " + at, at.toString(), mode(host), 0L);
        if (KERNEL_DIRS.contains(host.toString())) continue;
        if (!hasMountsBelow(host, mounts)) {
          overlay(host, at, r);
        } else if (depth + 1 < MAX_DEPTH) {
          split(host, at, r, depth + 1);
        }
      }
    }
  }

  private void overlay(Path host, Path at, Path rel) {
    String h = host.toString();
    if (h.contains(",") || h.contains(":")) return; // cannot be spelled as a layer: stays empty
    Path upper = upperBase.resolve(rel), work = workBase.resolve(rel);
    // the overlay's root directory takes the upper's mode: make it the host directory's
    plan.add(Section.MOUNTS, OpCode.MKDIR, "create " + upper, upper.toString(), mode(host), Flags.PARENTS | Flags.IGNORE_EEXIST);
    plan.add(Section.MOUNTS, OpCode.MKDIR, "create " + work, work.toString(), 0700L, Flags.PARENTS | Flags.IGNORE_EEXIST);
    String data = "lowerdir=" + host + ",upperdir=" + upper + ",workdir=" + work + (userXattr ? ",userxattr" : "");
    // the host may remove a directory between plan and mount (a temp dir): it then stays empty
    plan.add(Section.MOUNTS, OpCode.MOUNT, "mount overlay to " + at, "overlay", at.toString(), "overlay", 0L, data, Flags.IGNORE_ENOENT);
  }

  private static long mode(Path p) {
    try {
      return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
    } catch (IOException | RuntimeException e) {
      return 0755;
    }
  }

  /** The caller's umask (Linux 4.7+ shows it in /proc/self/status), to restore after the skeleton. */
  private static long callerUmask() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Umask:")) return Long.parseLong(line.substring(6).trim(), 8);
      }
    } catch (IOException | RuntimeException e) {
      // unknown
    }
    return 022;
  }
}
