package dev.jrunc.runtime.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two facts of /proc/PID/stat that decide whether a recorded process is still the one we started:
 * its state letter and its start time (field 22), which guards against pid reuse.
 */
public record ProcStat(char state, long startTime) {

  /** Reads /proc/PID/stat, or returns null when the process does not exist. */
  public static ProcStat read(long pid) {
    if (pid <= 0) return null;
    String s;
    try {
      s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      return null;
    }
    // comm (field 2) may contain spaces and parentheses: parse from the last ')'.
    int close = s.lastIndexOf(')');
    if (close < 0) return null;
    String[] f = s.substring(close + 2).trim().split(" ");
    // f[0] is field 3 (state); field 22 (starttime) is f[19].
    if (f.length < 20) return null;
    return new ProcStat(f[0].charAt(0), Long.parseLong(f[19]));
  }

  /** True if the process with this pid is alive and is the one that started at {@code startTime}. */
  public static boolean isAlive(long pid, long startTime) {
    ProcStat st = read(pid);
    if (st == null || st.state == 'Z' || st.state == 'X' || st.state == 'x') return false;
    return startTime == 0 || st.startTime == startTime;
  }
}
