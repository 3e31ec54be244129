package dev.jrunc.runtime.planner;

import static dev.jrunc.runtime.planner.MountOptions.MS_BIND;

import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.spec.Device;
import dev.jrunc.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * /dev: the default devices every container gets (runc's list), the spec's linux.devices, the standard
 * symlinks and /dev/ptmx. In a new user namespace mknod is not allowed, so devices are bind-mounted
 * from the host's /dev instead, as runc does.
 */
public final class DevicePlanner {
  private static final long S_IFCHR = 0020000, S_IFBLK = 0060000, S_IFIFO = 0010000;

  private record Node(String path, char type, long major, long minor, long mode, long uid, long gid) {}

  private static final List<Node> DEFAULTS = List.of(
      new Node("/dev/null", 'c', 1, 3, 0666, 0, 0),
      new Node("/dev/zero", 'c', 1, 5, 0666, 0, 0),
      new Node("/dev/full", 'c', 1, 7, 0666, 0, 0),
      new Node("/dev/random", 'c', 1, 8, 0666, 0, 0),
      new Node("/dev/urandom", 'c', 1, 9, 0666, 0, 0),
      new Node("/dev/tty", 'c', 5, 0, 0666, 0, 0));

  private DevicePlanner() {}

  static void plan(Plan plan, Spec spec, boolean newUserNs) {
    List<Node> nodes = new ArrayList<>(DEFAULTS);
    if (spec.linux() != null && spec.linux().devices() != null) {
      for (Device d : spec.linux().devices()) {
        nodes.removeIf(n -> n.path().equals(d.path()));
        nodes.add(new Node(d.path(), d.type().charAt(0), nz(d.major()), nz(d.minor()),
            d.fileMode() == null ? 0666 : d.fileMode(), nz(d.uid()), nz(d.gid())));
      }
    }
    plan.add(Section.MOUNTS, OpCode.MKDIR, "create /dev", "/dev", 0755L, Flags.IN_ROOT | Flags.IGNORE_EEXIST);
    for (Node n : nodes) {
      String parent = Path.of(n.path()).getParent().toString();
      if (!parent.equals("/dev")) {
        plan.add(Section.MOUNTS, OpCode.MKDIR, "create " + parent, parent, 0755L, Flags.IN_ROOT | Flags.PARENTS | Flags.IGNORE_EEXIST);
      }
      if (newUserNs) {
        plan.add(Section.MOUNTS, OpCode.WRITE, "create mount point " + n.path(), n.path(), new byte[0], 0644L, Flags.IN_ROOT | Flags.APPEND);
        plan.add(Section.MOUNTS, OpCode.MOUNT, "bind device " + n.path(), n.path(), n.path(), "", MS_BIND, "", Flags.IN_ROOT);
      } else {
        long type = switch (n.type()) {
          case 'b' -> S_IFBLK;
          case 'p' -> S_IFIFO;
          default -> S_IFCHR;
        };
        plan.add(Section.MOUNTS, OpCode.MKNOD, "create device " + n.path(), n.path(), type | (n.mode() & 07777), n.major(), n.minor(), n.uid(), n.gid());
      }
    }
    link(plan, "/proc/self/fd", "/dev/fd");
    link(plan, "/proc/self/fd/0", "/dev/stdin");
    link(plan, "/proc/self/fd/1", "/dev/stdout");
    link(plan, "/proc/self/fd/2", "/dev/stderr");
    if (Files.exists(Path.of("/proc/kcore"))) link(plan, "/proc/kcore", "/dev/core");
    // /dev/ptmx must be the container's devpts multiplexer, not the host's.
    plan.add(Section.MOUNTS, OpCode.REMOVE, "remove /dev/ptmx", "/dev/ptmx", Flags.IN_ROOT | Flags.IGNORE_ENOENT);
    link(plan, "pts/ptmx", "/dev/ptmx");
  }

  private static void link(Plan plan, String target, String path) {
    plan.add(Section.MOUNTS, OpCode.SYMLINK, "create symlink " + path, target, path, Flags.IN_ROOT | Flags.IGNORE_EEXIST);
  }

  private static long nz(Long v) {
    return v == null ? 0 : v;
  }
}
