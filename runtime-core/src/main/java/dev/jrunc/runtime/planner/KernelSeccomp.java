package dev.jrunc.runtime.planner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which SECCOMP_FILTER_FLAG_* bits the running kernel accepts. runc asks the kernel (seccomp(2) with
 * SECCOMP_GET_ACTION_AVAIL / a probe filter); the planner cannot make syscalls, so it reads the kernel
 * release once (one small /proc read) and applies the versions the flags appeared in. A flag the kernel
 * lacks is dropped rather than failing the load, as runc does for its default SPEC_ALLOW.
 */
public final class KernelSeccomp {
  public static final long TSYNC = 1L, LOG = 1L << 1, SPEC_ALLOW = 1L << 2, NEW_LISTENER = 1L << 3,
      TSYNC_ESRCH = 1L << 4, WAIT_KILLABLE_RECV = 1L << 5;

  /** The spec's flag names, with the kernel version that introduced each. */
  private static final Object[][] FLAGS = {
    {"SECCOMP_FILTER_FLAG_TSYNC", TSYNC, 3, 17},
    {"SECCOMP_FILTER_FLAG_LOG", LOG, 4, 14},
    {"SECCOMP_FILTER_FLAG_SPEC_ALLOW", SPEC_ALLOW, 4, 17},
    {"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", WAIT_KILLABLE_RECV, 5, 19},
  };

  private static volatile long supported = -1;

  private KernelSeccomp() {}

  /** The filter flag bits this kernel supports (NEW_LISTENER included from 5.0). */
  public static long supportedFlags() {
    long s = supported;
    if (s < 0) {
      s = supportedFlags(release(Path.of("/proc/sys/kernel/osrelease")));
      supported = s;
    }
    return s;
  }

  /** For a kernel release string such as "6.1.0-18-amd64"; an unparsable one is taken as new. */
  static long supportedFlags(String release) {
    int[] v = version(release);
    long bits = 0;
    for (Object[] f : FLAGS) {
      if (atLeast(v, (int) f[2], (int) f[3])) bits |= (long) f[1];
    }
    if (atLeast(v, 5, 0)) bits |= NEW_LISTENER;
    if (atLeast(v, 5, 7)) bits |= TSYNC_ESRCH;
    return bits;
  }

  /** All flag names the spec defines (features' knownFlags). */
  public static List<String> knownFlagNames() {
    List<String> names = new ArrayList<>();
    for (Object[] f : FLAGS) names.add((String) f[0]);
    return names;
  }

  /** The flag names this kernel supports (features' supportedFlags). */
  public static List<String> supportedFlagNames() {
    long s = supportedFlags();
    List<String> names = new ArrayList<>();
    for (Object[] f : FLAGS) {
      if ((s & (long) f[1]) != 0) names.add((String) f[0]);
    }
    return names;
  }

  private static boolean atLeast(int[] v, int major, int minor) {
    return v[0] > major || (v[0] == major && v[1] >= minor);
  }

  private static int[] version(String release) {
    try {
      String[] p = release.trim().split("[.-]", 3);
      return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1].replaceAll("\\D.*", ""))};
    } catch (RuntimeException e) {
      return new int[] {Integer.MAX_VALUE, 0};
    }
  }

  private static String release(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }
}
