package dev.jrunc.runtime.plan;

/**
 * Every op the native front can execute, with its code and argument signature. The single definition
 * is {@code front/src/plan.def}; {@code PlanDefinitionTest} fails if this enum drifts from it.
 * Signature characters: s = string, u = unsigned 64-bit number, b = bytes, v = list of strings.
 */
public enum OpCode {
  LOG_CONFIG(1, "sssu"),
  FAIL(2, "su"),
  STDOUT(3, "b"),
  EXIT(4, "u"),
  LOCK(5, "s"),
  MKDIR(6, "suu"),
  MKFIFO(7, "su"),
  WRITE(8, "sbuu"),
  REMOVE(9, "su"),
  KILL(10, "suu"),
  SIGNAL_CGROUP(11, "suu"),
  WAIT_GONE(12, "suu"),
  FIFO_RELEASE(13, "ssu"),
  HOOK(14, "svvubs"),
  CONSOLE_SOCKET(15, "s"),
  FOREGROUND(16, "u"),
  EXIT_STATUS(17, ""),
  CGROUP_JOIN(18, "s"),
  PRESERVE_FDS(19, "u"),
  STATE_SOCKET(20, "sb"),
  NETLINK(21, "sbvu"),
  STRACE_SUPERVISOR(22, "v"),
  CGROUP_BPF(23, "sbuu"),
  NOTIFY_BIND(24, "s"),
  NOTIFY_FORWARD(25, "sssu"),
  CGROUP_DEVICES(27, "sb"),
  WAIT_FILE(28, "sbu"),
  SETNS(32, "su"),
  UNSHARE(33, "u"),
  CLONE(34, "u"),
  ROOTFS(48, "su"),
  MOUNT(49, "sssusu"),
  MKNOD(50, "suuuuu"),
  SYMLINK(51, "ssu"),
  PIVOT_ROOT(52, "u"),
  MASK(53, "s"),
  READONLY(54, "s"),
  SETHOSTNAME(55, "s"),
  SETDOMAINNAME(56, "s"),
  CONSOLE(57, "uuu"),
  RLIMIT(58, "uuu"),
  CAP_BOUNDING(59, "u"),
  USER(60, "uubu"),
  CAPS(61, "uuuu"),
  NO_NEW_PRIVS(62, ""),
  UMASK(63, "u"),
  CHDIR(64, "s"),
  SECCOMP(65, "bus"),
  PREPARE_EXEC(66, "vv"),
  FIFO_WAIT(67, ""),
  EXEC(68, ""),
  SETSID(69, ""),
  UNSHARE_SELF(70, "u"),
  SETUID_ROOT(71, ""),
  OOM_SCORE_ADJ(72, "s"),
  STRACE(73, "bu"),
  KEYRING(81, "s");

  private final int code;
  private final String signature;

  OpCode(int code, String signature) {
    this.code = code;
    this.signature = signature;
  }

  public int code() {
    return code;
  }

  public String signature() {
    return signature;
  }
}
