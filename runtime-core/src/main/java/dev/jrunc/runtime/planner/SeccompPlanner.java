package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.json.StateJson;
import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.Op;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.runtime.state.ContainerState;
import dev.jrunc.seccomp.ArgCondition;
import dev.jrunc.seccomp.CompiledFilter;
import dev.jrunc.seccomp.SeccompCompiler;
import dev.jrunc.seccomp.SeccompException;
import dev.jrunc.seccomp.SeccompProfile;
import dev.jrunc.seccomp.SyscallRule;
import dev.jrunc.spec.Seccomp;
import dev.jrunc.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * The container's seccomp filter, compiled to classic BPF by the seccomp module, and the hand-over of the
 * SCMP_ACT_NOTIFY listener fd to the seccomp agent. Used by create/run for the init and, with the same
 * filter, by exec for every exec'd process (runc applies the container's linux.seccomp to both).
 *
 * <p>Nothing here loads the compiler unless the config has a linux.seccomp, so a container without one
 * pays nothing for it.
 */
public final class SeccompPlanner {
  /** runtime-spec's name for the listener fd in the container process state ({@code specs.SeccompFdName}). */
  public static final String SECCOMP_FD_NAME = "seccompFd";
  /** The version runc 1.1.5 writes into the container process state (its vendored {@code specs.Version}). */
  static final String PROCESS_STATE_VERSION = "1.0.2-dev";
  private static final String NOTIFY = "SCMP_ACT_NOTIFY";

  private SeccompPlanner() {}

  /**
   * The SECCOMP op (FINALIZE section) for the spec's linux.seccomp, or null when there is none. Stable entry
   * point for create and exec; ProcessPlanner decides where the op goes relative to the capability drop.
   *
   * @throws JruncException one line, {@code linux.seccomp.<path>: <problem>}, if the profile cannot be compiled
   */
  public static Plan plan(Spec spec) {
    Seccomp s = seccomp(spec);
    if (s == null) return null;
    CompiledFilter f = compile(s);
    String listener = f.needsListener() ? s.listenerPath() : "";
    long flags = f.filterFlags() & KernelSeccomp.supportedFlags();
    return new Plan().add(Section.FINALIZE, OpCode.SECCOMP, "load seccomp filter", f.program(), flags, listener);
  }

  /** Create's seam: the same filter as {@link #plan(Spec)} (the state is not needed to compile it). */
  static Plan plan(Spec spec, ContainerState state) {
    return plan(spec);
  }

  /** The profile compiled (for tests and tools); errors as {@link #plan(Spec)}. */
  public static CompiledFilter compile(Seccomp s) {
    return Compile.compile(profile(s));
  }

  /**
   * Holds the catch of SeccompException: the verifier loads a method's exception classes with its class,
   * and SeccompPlanner is loaded by every create, with or without seccomp.
   */
  private static final class Compile {
    static CompiledFilter compile(SeccompProfile p) {
      try {
        return SeccompCompiler.compile(p);
      } catch (SeccompException e) {
        throw new JruncException("linux.seccomp." + e.getMessage().replace('\n', ' '));
      }
    }
  }

  /**
   * The agent's socket when the filter has a listener to hand over (a rule uses SCMP_ACT_NOTIFY), else null:
   * like runc, a listenerPath without a NOTIFY rule is never contacted.
   */
  public static String listenerPath(Spec spec) {
    Seccomp s = seccomp(spec);
    if (s == null || s.listenerPath() == null || s.listenerPath().isEmpty() || s.syscalls() == null) return null;
    for (Seccomp.Syscall sc : s.syscalls()) {
      if (sc != null && NOTIFY.equals(sc.action())) return s.listenerPath();
    }
    return null;
  }

  /**
   * For create/run: send the container process state of the init to the agent, with the listener fd
   * (SECCOMP_AGENT section). As runc, the state's status is "creating" and both pids are the init's host pid.
   */
  static Op sendListener(Spec spec, ContainerState state) {
    String oci = StateJson.forHook(PROCESS_STATE_VERSION, state.id(), "creating", Flags.PID, state.bundle(), state.annotations());
    return sendListener(spec, Flags.PID, oci);
  }

  /**
   * The STATE_SOCKET op for any process (exec passes pid {@code ${pid}} and the container's OCI state with
   * status "running" and the init's pid, as runc). Returns null when there is no listener to send. The op
   * belongs in {@link Section#SECCOMP_AGENT}: the front runs it as soon as the process hands the listener
   * over, before the process makes any other syscall that a NOTIFY rule could hold.
   *
   * @param pidExpr the process's pid as written raw in the JSON: a number or {@code ${pid}}
   * @param ociState the OCI state object (compact JSON) for the "state" field
   */
  public static Op sendListener(Spec spec, String pidExpr, String ociState) {
    String path = listenerPath(spec);
    if (path == null) return null;
    String json = processState(pidExpr, spec.linux().seccomp().listenerMetadata(), ociState);
    // runc's wording, so "dial unix PATH: connect: <errno>" reads the same.
    String label = "failed to connect with seccomp agent specified in the seccomp profile: dial unix " + path + ": connect";
    return Op.of(OpCode.STATE_SOCKET, label, path, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * runtime-spec's container process state (config-linux.md, "The Container Process State"), compact and
   * in runc's key order: ociVersion, fds, pid, metadata (omitted when empty), state.
   */
  static String processState(String pidExpr, String metadata, String ociState) {
    StringBuilder sb = new StringBuilder("{\"ociVersion\":").append(StateJson.str(PROCESS_STATE_VERSION));
    sb.append(",\"fds\":[\"").append(SECCOMP_FD_NAME).append("\"],\"pid\":").append(pidExpr);
    if (metadata != null && !metadata.isEmpty()) sb.append(",\"metadata\":").append(StateJson.str(metadata));
    return sb.append(",\"state\":").append(ociState).append('}').toString();
  }

  private static Seccomp seccomp(Spec spec) {
    return spec == null || spec.linux() == null ? null : spec.linux().seccomp();
  }

  /** oci-spec's linux.seccomp onto the compiler's input: same strings, numbers narrowed as runc does. */
  static SeccompProfile profile(Seccomp s) {
    List<SyscallRule> rules = new ArrayList<>();
    for (Seccomp.Syscall sc : s.syscalls() == null ? List.<Seccomp.Syscall>of() : s.syscalls()) {
      List<ArgCondition> args = new ArrayList<>();
      for (Seccomp.Arg a : sc.args() == null ? List.<Seccomp.Arg>of() : sc.args()) {
        args.add(new ArgCondition(a.index() == null ? 0 : (int) Math.min(a.index(), Integer.MAX_VALUE),
            a.value() == null ? 0 : a.value(), a.valueTwo() == null ? 0 : a.valueTwo(), a.op()));
      }
      rules.add(new SyscallRule(sc.names(), sc.action(), narrow(sc.errnoRet()), args));
    }
    return new SeccompProfile(s.defaultAction(), narrow(s.defaultErrnoRet()), s.architectures(), s.flags(),
        s.listenerPath(), s.listenerMetadata(), rules);
  }

  /** errnoRet is a u32 in the spec; the compiler keeps the low 16 bits (runc casts through int16). */
  private static Integer narrow(Long v) {
    return v == null ? null : (int) (long) v;
  }
}
