package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.api.SandboxOptions;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.seccomp.SeccompArch;
import dev.jrunc.seccomp.SyscallTable;
import dev.jrunc.spec.Seccomp;
import dev.jrunc.spec.Spec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * --strace: a seccomp filter that sends the container's syscalls (all, or --strace-syscalls) to a
 * supervisor as user notifications (SECCOMP_RET_USER_NOTIF); the supervisor logs each one and lets it run
 * (SECCOMP_USER_NOTIF_FLAG_CONTINUE). No ptrace: the container can still be debugged or use ptrace itself.
 * It stacks with the spec's filter (the kernel runs both and the stricter action wins, so a syscall the
 * spec's filter denies is not logged); only one filter in a chain may have a listener, so a spec that uses
 * SCMP_ACT_NOTIFY cannot be combined with --strace. Results are not logged: CONTINUE hands the syscall
 * back to the kernel, which never tells the supervisor how it ended.
 */
public final class StracePlanner {
  private StracePlanner() {}

  static final int SECCOMP_RET_ALLOW = 0x7fff0000;
  static final int SECCOMP_RET_USER_NOTIF = 0x7fc00000;
  private static final int LD_W_ABS = 0x20, JEQ_K = 0x15, RET_K = 0x06;
  /** Highest syscall number looked up for the name table (x86_64 and aarch64 stay well below). */
  private static final int MAX_NR = 1024;

  /**
   * How the supervisor prints each argument: d int, u unsigned, x hex, o octal, s string (read from the
   * process), p pointer. Syscalls not listed print six hex numbers.
   */
  static final Map<String, String> ARGS = Map.ofEntries(
      Map.entry("read", "dpu"), Map.entry("write", "dpu"), Map.entry("open", "sxo"), Map.entry("close", "d"),
      Map.entry("stat", "sp"), Map.entry("fstat", "dp"), Map.entry("lstat", "sp"), Map.entry("lseek", "ddd"),
      Map.entry("mmap", "puxxdx"), Map.entry("mprotect", "pux"), Map.entry("munmap", "pu"), Map.entry("brk", "p"),
      Map.entry("rt_sigaction", "dppu"), Map.entry("rt_sigprocmask", "dppu"), Map.entry("ioctl", "dxx"),
      Map.entry("pread64", "dpud"), Map.entry("pwrite64", "dpud"), Map.entry("access", "so"), Map.entry("pipe2", "px"),
      Map.entry("dup", "d"), Map.entry("dup2", "dd"), Map.entry("dup3", "ddx"), Map.entry("getpid", ""),
      Map.entry("socket", "ddd"), Map.entry("connect", "dpu"), Map.entry("bind", "dpu"), Map.entry("execve", "spp"),
      Map.entry("execveat", "dsppx"), Map.entry("exit", "d"), Map.entry("exit_group", "d"), Map.entry("wait4", "dpxp"),
      Map.entry("kill", "dd"), Map.entry("uname", "p"), Map.entry("fcntl", "ddx"), Map.entry("getcwd", "pu"),
      Map.entry("chdir", "s"), Map.entry("fchdir", "d"), Map.entry("rename", "ss"), Map.entry("mkdir", "so"),
      Map.entry("rmdir", "s"), Map.entry("unlink", "s"), Map.entry("symlink", "ss"), Map.entry("readlink", "spu"),
      Map.entry("chmod", "so"), Map.entry("chown", "sdd"), Map.entry("umask", "o"), Map.entry("getuid", ""),
      Map.entry("getgid", ""), Map.entry("geteuid", ""), Map.entry("getegid", ""), Map.entry("getppid", ""),
      Map.entry("setsid", ""), Map.entry("prctl", "dxxxx"), Map.entry("arch_prctl", "xp"), Map.entry("chroot", "s"),
      Map.entry("mount", "sssxp"), Map.entry("umount2", "sx"), Map.entry("sethostname", "su"), Map.entry("gettid", ""),
      Map.entry("getdents64", "dpu"), Map.entry("set_tid_address", "p"), Map.entry("clock_gettime", "dp"),
      Map.entry("clock_nanosleep", "dxpp"), Map.entry("nanosleep", "pp"), Map.entry("openat", "dsxo"),
      Map.entry("mkdirat", "dso"), Map.entry("newfstatat", "dspx"), Map.entry("fstatat64", "dspx"),
      Map.entry("unlinkat", "dsx"), Map.entry("renameat", "dsds"), Map.entry("renameat2", "dsdsx"),
      Map.entry("linkat", "dsdsx"), Map.entry("symlinkat", "sds"), Map.entry("readlinkat", "dspu"),
      Map.entry("fchmodat", "dso"), Map.entry("faccessat", "dso"), Map.entry("faccessat2", "dsox"),
      Map.entry("statx", "dsxxp"), Map.entry("openat2", "dspu"), Map.entry("close_range", "uux"),
      Map.entry("prlimit64", "ddpp"), Map.entry("getrandom", "pux"), Map.entry("rseq", "puxx"),
      Map.entry("set_robust_list", "pu"), Map.entry("clone", "xpppx"), Map.entry("clone3", "pu"),
      Map.entry("vfork", ""), Map.entry("fork", ""), Map.entry("seccomp", "dxp"), Map.entry("setresuid", "ddd"),
      Map.entry("setresgid", "ddd"), Map.entry("setgroups", "dp"), Map.entry("capset", "pp"), Map.entry("capget", "pp"),
      Map.entry("sched_getaffinity", "dup"), Map.entry("sched_yield", ""), Map.entry("futex", "pdxppx"),
      Map.entry("poll", "pud"), Map.entry("ppoll", "pupp"), Map.entry("epoll_pwait", "dpddp"),
      Map.entry("sendto", "dpuxpu"), Map.entry("recvfrom", "dpuxpp"), Map.entry("getsockname", "dpp"),
      Map.entry("setsockopt", "dddpu"), Map.entry("statfs", "sp"), Map.entry("fstatfs", "dp"),
      Map.entry("truncate", "sd"), Map.entry("ftruncate", "dd"), Map.entry("utimensat", "dspx"),
      Map.entry("pivot_root", "ss"), Map.entry("setns", "dx"), Map.entry("unshare", "x"), Map.entry("madvise", "pud"));

  /** The op that loads the filter (FINALIZE, just before the spec's SECCOMP op) and the STRACE section's. */
  public record Ops(Plan filter, Plan supervisor) {}

  /**
   * The process's seccomp filters with --strace's in front of the spec's (the spec's may deny what the
   * listener hand-over needs: fcntl, write), adding the supervisor to {@code plan}; without --strace,
   * the spec's filter as it is. Create and exec both trace their process.
   */
  static Plan withStrace(Plan plan, Spec spec, SandboxOptions sandbox, Plan seccomp) {
    Ops strace = plan(spec, sandbox);
    if (strace == null) return seccomp;
    Plan filters = new Plan().addAll(strace.filter());
    if (seccomp != null) filters.addAll(seccomp);
    plan.addAll(strace.supervisor());
    return filters;
  }

  /** The --strace ops, or null without --strace. */
  public static Ops plan(Spec spec, SandboxOptions sandbox) {
    if (!sandbox.strace()) {
      if (!sandbox.straceSyscalls().isEmpty()) throw new JruncException("--strace-syscalls needs --strace");
      return null;
    }
    refuseNotify(spec);
    SyscallTable table = SyscallTable.of(SeccompArch.nativeArch());
    List<Integer> numbers = numbers(table, sandbox.straceSyscalls());
    String what = numbers.isEmpty() ? "every syscall" : String.join(",", sandbox.straceSyscalls());
    return new Ops(
        new Plan().add(Section.FINALIZE, OpCode.STRACE, "load the --strace filter (" + what + ")",
            program(SeccompArch.nativeArch().auditArch(), numbers), 0L),
        new Plan().add(Section.STRACE, OpCode.STRACE_SUPERVISOR, "start the --strace supervisor", names(table)));
  }

  private static void refuseNotify(Spec spec) {
    Seccomp s = spec.linux() == null ? null : spec.linux().seccomp();
    if (s == null || s.syscalls() == null) return;
    for (Seccomp.Syscall sc : s.syscalls()) {
      if (sc != null && "SCMP_ACT_NOTIFY".equals(sc.action())) {
        throw new JruncException("--strace cannot be used with linux.seccomp rules that use SCMP_ACT_NOTIFY"
            + " (the kernel allows one seccomp listener per process)");
      }
    }
  }

  static List<Integer> numbers(SyscallTable table, List<String> names) {
    Set<Integer> out = new LinkedHashSet<>();
    for (String n : names) {
      String name = n.strip();
      if (name.isEmpty()) continue;
      var nr = table.number(name);
      if (nr.isEmpty()) throw new JruncException("invalid --strace-syscalls: unknown syscall \"" + name + "\" on " + table.arch().name().toLowerCase());
      out.add(nr.getAsInt());
    }
    if (out.size() > 200) throw new JruncException("invalid --strace-syscalls: more than 200 syscalls (leave it out to trace all)");
    return new ArrayList<>(out);
  }

  /** Classic BPF: other ABIs run untraced; the listed numbers (or all) notify, the rest are allowed. */
  static byte[] program(int auditArch, List<Integer> numbers) {
    ByteBuffer b = ByteBuffer.allocate(8 * (5 + numbers.size())).order(ByteOrder.LITTLE_ENDIAN);
    insn(b, LD_W_ABS, 0, 0, 4); // seccomp_data.arch
    if (numbers.isEmpty()) {
      insn(b, JEQ_K, 0, 1, auditArch);
      insn(b, RET_K, 0, 0, SECCOMP_RET_USER_NOTIF);
      insn(b, RET_K, 0, 0, SECCOMP_RET_ALLOW);
    } else {
      int n = numbers.size();
      insn(b, JEQ_K, 0, n + 1, auditArch);
      insn(b, LD_W_ABS, 0, 0, 0); // seccomp_data.nr
      for (int i = 0; i < n; i++) insn(b, JEQ_K, n - i, 0, numbers.get(i));
      insn(b, RET_K, 0, 0, SECCOMP_RET_ALLOW);
      insn(b, RET_K, 0, 0, SECCOMP_RET_USER_NOTIF);
    }
    byte[] out = new byte[b.position()];
    b.get(0, out);
    return out;
  }

  private static void insn(ByteBuffer b, int code, int jt, int jf, int k) {
    b.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
  }

  /** The supervisor's table: index = syscall number, "name:ARGKINDS" (or "name", or "" for a gap). */
  static List<String> names(SyscallTable table) {
    List<String> out = new ArrayList<>();
    int last = -1;
    for (int nr = 0; nr < MAX_NR; nr++) if (table.name(nr) != null) last = nr;
    for (int nr = 0; nr <= last; nr++) {
      String name = table.name(nr);
      if (name == null) out.add("");
      else out.add(ARGS.containsKey(name) ? name + ":" + ARGS.get(name) : name);
    }
    return out;
  }
}
