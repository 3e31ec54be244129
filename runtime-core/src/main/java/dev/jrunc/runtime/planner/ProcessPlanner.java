package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.spec.Capabilities;
import dev.jrunc.spec.LinuxCapabilities;
import dev.jrunc.spec.Process;
import dev.jrunc.spec.Rlimit;
import dev.jrunc.spec.Rlimits;
import dev.jrunc.spec.User;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process's security context and its exec, in the kernel's required order: rlimits, exec lookup,
 * bounding set, user and groups (keeping capabilities across setuid), capability sets, no_new_privs,
 * umask, cwd; the seccomp filter goes before the capability drop when it needs CAP_SYS_ADMIN (no NNP)
 * and as late as possible otherwise.
 */
public final class ProcessPlanner {
  private ProcessPlanner() {}

  /**
   * @param seccomp the SECCOMP op's plan, or null
   * @param waitForStart whether to block on exec.fifo (init of create/run) before the exec
   * @param startHooks startContainer hooks, run after the wait, in the container
   */
  public static Plan plan(Process p, List<String> env, Plan seccomp, boolean waitForStart, Plan startHooks, boolean setgroupsDenied) {
    Plan plan = new Plan();
    Section s = Section.FINALIZE;
    for (Rlimit r : p.rlimits() == null ? List.<Rlimit>of() : p.rlimits()) {
      int res = Rlimits.number(r.type()).orElseThrow(() -> new JruncException("unknown rlimit " + r.type()));
      plan.add(s, OpCode.RLIMIT, "set " + r.type(), (long) res, r.soft(), r.hard());
    }
    // runc's wording for a missing binary: "unable to start container process: exec: \"/x\": stat /x: ..."
    // (create shows it as "runc create failed: unable to start ...", which Docker and podman print)
    plan.add(s, OpCode.PREPARE_EXEC, ExecPlanner.START, p.args(), env);
    boolean nnp = Boolean.TRUE.equals(p.noNewPrivileges());
    if (seccomp != null && !nnp) plan.addAll(seccomp);
    LinuxCapabilities caps = p.capabilities();
    plan.add(s, OpCode.CAP_BOUNDING, "drop bounding capabilities", mask(caps == null ? null : caps.bounding()));
    User u = p.user();
    long uid = u == null || u.uid() == null ? 0 : u.uid();
    long gid = u == null || u.gid() == null ? 0 : u.gid();
    List<Long> groups = u == null || u.additionalGids() == null ? List.of() : u.additionalGids();
    plan.add(s, OpCode.USER, "set user " + uid + ":" + gid, uid, gid, packGroups(groups), setgroupsDenied ? Flags.NO_SETGROUPS : 0L);
    long permitted = mask(caps == null ? null : caps.permitted());
    long inheritable = mask(caps == null ? null : caps.inheritable());
    // The kernel only lets a capability be ambient if it is permitted and inheritable; runc's own
    // default spec lists ambient capabilities without inheritable ones and runs, so keep what can be.
    long ambient = mask(caps == null ? null : caps.ambient()) & permitted & inheritable;
    plan.add(s, OpCode.CAPS, "set capabilities", mask(caps == null ? null : caps.effective()), permitted, inheritable, ambient);
    if (nnp) plan.add(s, OpCode.NO_NEW_PRIVS, "set no_new_privs");
    if (u != null && u.umask() != null) plan.add(s, OpCode.UMASK, "set umask", u.umask());
    String cwd = p.cwd() == null || p.cwd().isEmpty() ? "/" : p.cwd();
    plan.add(s, OpCode.CHDIR, "chdir to cwd (\"" + cwd + "\") set in config.json failed", cwd);
    if (seccomp != null && nnp) plan.addAll(seccomp);
    if (waitForStart) plan.add(s, OpCode.FIFO_WAIT, "wait for start");
    if (startHooks != null) plan.addAll(startHooks);
    plan.add(s, OpCode.EXEC, "exec user process");
    return plan;
  }

  /**
   * The process environment: the spec's, plus HOME from the container's /etc/passwd when unset (as runc),
   * plus LISTEN_FDS/LISTEN_PID when socket-activation fds are passed through.
   */
  public static List<String> environment(Process p, Path rootfs, int listenFds) {
    List<String> env = new ArrayList<>(p.env() == null ? List.of() : p.env());
    if (env.stream().noneMatch(e -> e.startsWith("HOME="))) {
      long uid = p.user() == null || p.user().uid() == null ? 0 : p.user().uid();
      env.add("HOME=" + home(rootfs, uid));
    }
    if (listenFds > 0) {
      env.add("LISTEN_FDS=" + listenFds);
      env.add("LISTEN_PID=1");
    }
    return env;
  }

  private static String home(Path rootfs, long uid) {
    try {
      for (String line : Files.readAllLines(rootfs.resolve("etc/passwd"))) {
        String[] f = line.split(":");
        if (f.length >= 6 && f[2].equals(Long.toString(uid))) return f[5];
      }
    } catch (IOException | RuntimeException e) {
      // No passwd file: "/" as runc.
    }
    return "/";
  }

  static long mask(List<String> names) {
    long m = 0;
    if (names == null) return 0;
    for (String n : names) {
      int bit = Capabilities.number(n).orElseThrow(() -> new JruncException("unknown capability \"" + n + "\""));
      m |= 1L << bit;
    }
    return m;
  }

  private static byte[] packGroups(List<Long> groups) {
    ByteBuffer b = ByteBuffer.allocate(4 * groups.size()).order(ByteOrder.LITTLE_ENDIAN);
    groups.forEach(g -> b.putInt((int) (long) g));
    return b.array();
  }
}
