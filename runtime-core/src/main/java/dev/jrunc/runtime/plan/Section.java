package dev.jrunc.runtime.plan;

/** Plan sections: which process runs the ops and when (docs/plan-protocol.md). Codes from plan.def. */
public enum Section {
  /** The front, before any process exists; the only section of host-only plans besides COMPLETE. */
  PREPARE(1),
  /** The stage child: joins and unshares namespaces, then CLONE creates the container process. */
  NAMESPACES(2),
  /** The front, once the process exists: id maps, cgroup join. */
  ATTACH(3),
  /** The container process, before the host hooks. */
  MOUNTS(4),
  /** The front, while the container process waits: prestart and createRuntime hooks. */
  HOST_HOOKS(5),
  /** The container process: root switch, credentials, fifo wait, exec. */
  FINALIZE(6),
  /** The front, after the process is ready: state file, pid file, foreground wait. */
  COMPLETE(7),
  /** The front, when anything above failed; errors ignored. */
  UNDO(8),
  /** The front, as soon as the container process hands over its seccomp listener fd: STATE_SOCKET. */
  SECCOMP_AGENT(9),
  /** Front, when the container process announces its --strace listener: STRACE_SUPERVISOR. */
  STRACE(10);

  private final int code;

  Section(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
