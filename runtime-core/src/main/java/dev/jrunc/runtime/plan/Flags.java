package dev.jrunc.runtime.plan;

/** Bits of the {@code flags} argument of several ops; values from plan.def. */
public final class Flags {
  public static final long PARENTS = 1L << 0;
  /** Resolve the path inside the container rootfs, never following a symlink out of it. */
  public static final long IN_ROOT = 1L << 1;
  public static final long IGNORE_EEXIST = 1L << 2;
  public static final long IGNORE_ENOENT = 1L << 3;
  /** Write a temp file beside the target, then rename it over the target. */
  public static final long ATOMIC = 1L << 4;
  public static final long APPEND = 1L << 5;
  public static final long EXCL = 1L << 6;
  /** Replace ${pid} and ${start_time} with the spawned process's values. */
  public static final long SUBST = 1L << 7;
  public static final long RECURSIVE = 1L << 8;
  public static final long RMDIR = 1L << 9;
  public static final long IGNORE_ESRCH = 1L << 10;
  public static final long SRC_IN_ROOT = 1L << 11;
  public static final long NO_PIVOT = 1L << 12;
  public static final long TTY = 1L << 13;
  public static final long DEV_CONSOLE = 1L << 14;
  public static final long NO_SETGROUPS = 1L << 15;
  public static final long NOFOLLOW = 1L << 16;
  /** NETLINK: a missing link or network namespace is not an error (delete). */
  public static final long IGNORE_ENODEV = 1L << 17;

  /** The placeholder for the spawned process's host pid. */
  public static final String PID = "${pid}";
  /** The placeholder for the spawned process's start time (field 22 of /proc/PID/stat). */
  public static final String START_TIME = "${start_time}";

  private Flags() {}
}
