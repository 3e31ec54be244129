package dev.jrunc.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A container's cgroup files, found from its pid's /proc/PID/cgroup: the clients' cgroup paths may be
 * relative to the runtime's own cgroup (Docker's --cgroup-parent without a leading slash), so the
 * path the kernel reports is the only sure one.
 */
final class Cgroups {
  private Cgroups() {}

  /** The file of a v1 controller (e.g. memory, memory.limit_in_bytes), else the v2 file (e.g. memory.max). */
  static Path file(String pid, String controller, String v1File, String v2File) {
    try {
      String unified = null;
      for (String line : Files.readAllLines(Path.of("/proc", pid, "cgroup"))) {
        String[] f = line.split(":", 3);
        if (f.length < 3) continue;
        for (String c : f[1].split(",")) {
          if (c.equals(controller)) return Path.of("/sys/fs/cgroup", controller, f[2], v1File);
        }
        if (f[0].equals("0") && f[1].isEmpty()) unified = f[2];
      }
      if (unified == null) throw new IllegalStateException("pid " + pid + " has no " + controller + " cgroup");
      return Path.of("/sys/fs/cgroup", unified, v2File);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
