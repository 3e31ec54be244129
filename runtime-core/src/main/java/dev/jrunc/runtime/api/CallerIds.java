package dev.jrunc.runtime.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user that runs jrunc (the planner runs as its caller): its effective ids decide what rootless
 * "auto" means and where state lives by default. Read from /proc/self/status, not user.name, because
 * a uid without a passwd entry has no name.
 */
public record CallerIds(long uid, long gid) {
  public static CallerIds current() {
    long uid = 0, gid = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) uid = effective(line);
        else if (line.startsWith("Gid:")) gid = effective(line);
      }
    } catch (IOException | RuntimeException e) {
      // no procfs: assume root, as runc does when it cannot tell
    }
    return new CallerIds(uid, gid);
  }

  public boolean isRoot() {
    return uid == 0;
  }

  /** "Uid:\treal\teffective\tsaved\tfs" */
  private static long effective(String line) {
    return Long.parseLong(line.split("\\s+")[2]);
  }
}
