package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.api.ExecOptions;
import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.json.StateJson;
import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.Op;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.runtime.state.ContainerState;
import dev.jrunc.runtime.state.StateStore;
import dev.jrunc.runtime.state.Status;
import dev.jrunc.spec.Namespace;
import dev.jrunc.spec.Namespaces;
import dev.jrunc.spec.Process;
import dev.jrunc.spec.Spec;
import dev.jrunc.spec.SpecException;
import dev.jrunc.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * `exec`: a new process inside a running container. The stage child joins every namespace of the
 * container's init by path (user first), then CLONE puts the process inside its pid namespace; the
 * front joins it to the container's cgroups (so `kill --all` and `delete --force` reach it); the
 * process then sets up its terminal and its credentials exactly as an init would (ProcessPlanner,
 * without the exec.fifo wait) and execs. No mounts, no state change, no lock: many execs may run at
 * once. Every failure is reported as runc does, "exec failed: ..." with exit 255.
 */
public final class ExecPlanner {
  static final String FAILED = "exec failed: ";
  static final String START = "unable to start container process";
  private final StateStore store;

  public ExecPlanner(StateStore store) {
    this.store = store;
  }

  public Plan plan(ExecOptions o) {
    try {
      return build(o);
    } catch (JruncException e) {
      throw new JruncException(FAILED + e.getMessage(), 255);
    }
  }

  private Plan build(ExecOptions o) {
    ContainerState st = store.load(o.id());
    Status status = store.status(st);
    if (status == Status.STOPPED) throw new JruncException("cannot exec in a stopped container");
    if (status == Status.PAUSED && !o.ignorePaused()) {
      throw new JruncException("cannot exec in a paused container (use --ignore-paused to override)");
    }
    Spec spec = spec(st);
    Process process = ExecProcess.resolve(spec.process(), o);
    if (process.args() == null || process.args().isEmpty()) throw new JruncException("process args cannot be empty");
    boolean terminal = Boolean.TRUE.equals(process.terminal());
    if (terminal && o.detach() && o.consoleSocket() == null) {
      throw new JruncException("cannot allocate tty if runc will detach without setting console socket");
    }
    if ((!o.detach() || !terminal) && o.consoleSocket() != null) {
      throw new JruncException("cannot use console socket if runc will not detach or allocate tty");
    }
    if (o.pidFile() != null && !Files.isDirectory(o.pidFile().getParent())) {
      throw new JruncException("open " + o.pidFile().getParent() + "/." + o.pidFile().getFileName() + ": no such file or directory");
    }

    Plan plan = new Plan();
    int preserved = o.listenFds() + o.preserveFds();
    if (preserved > 0) plan.add(Section.PREPARE, OpCode.PRESERVE_FDS, "", (long) preserved);
    if (terminal) plan.add(Section.PREPARE, OpCode.CONSOLE_SOCKET, "connect to console socket", o.consoleSocket() == null ? "" : o.consoleSocket());
    // A process that failed to start is our child: reap it, or (being in the container's pid
    // namespace) its zombie would keep the namespace's init from ever finishing its exit.
    plan.add(Section.UNDO, OpCode.KILL, "", Flags.PID, 9L, Flags.IGNORE_ESRCH);
    plan.add(Section.UNDO, OpCode.WAIT_GONE, "", Flags.PID, 0L, 2000L);

    boolean user = joinNamespaces(plan, spec, st.pid());
    plan.add(Section.NAMESPACES, OpCode.CLONE, "create exec process", 0L);
    for (Map.Entry<String, String> e : ExecCgroups.dirs(st.cgroupPaths(), o.cgroups()).entrySet()) {
      plan.add(Section.ATTACH, OpCode.CGROUP_JOIN, "join cgroup " + e.getValue(), Path.of(e.getValue(), "cgroup.procs").toString());
    }
    if (user) plan.add(Section.MOUNTS, OpCode.SETUID_ROOT, "become root in the user namespace");
    // A session of its own, as runc's nsexec gives every process it starts.
    plan.add(Section.MOUNTS, OpCode.SETSID, "create session");
    if (!st.noNewKeyring()) plan.add(Section.MOUNTS, OpCode.KEYRING, "unable to join session keyring", CreatePlanner.sessionKeyring(st.id()));
    if (terminal) {
      long rows = process.consoleSize() == null || process.consoleSize().height() == null ? 0 : process.consoleSize().height();
      long cols = process.consoleSize() == null || process.consoleSize().width() == null ? 0 : process.consoleSize().width();
      plan.add(Section.FINALIZE, OpCode.CONSOLE, "set up console", rows, cols, 0L);
    }
    List<String> env = ProcessPlanner.environment(process, Path.of(st.rootfs()), o.listenFds());
    Plan filters = StracePlanner.withStrace(plan, spec, st.sandbox(), seccomp(spec, st));
    plan.addAll(ProcessPlanner.plan(process, env, filters, false, null, user && setgroupsDenied(st.pid())));
    // As runc: an exec'd process's listener goes to the agent too, with status "running" and the init's pid.
    String oci = StateJson.forHook(SeccompPlanner.PROCESS_STATE_VERSION, st.id(), "running", Long.toString(st.pid()),
        st.bundle(), st.annotations());
    Op agent = SeccompPlanner.sendListener(spec, Flags.PID, oci);
    if (agent != null) plan.add(Section.SECCOMP_AGENT, agent);

    if (o.pidFile() != null) {
      plan.add(Section.COMPLETE, OpCode.WRITE, "write pid file", o.pidFile().toString(), Flags.PID.getBytes(StandardCharsets.UTF_8),
          0644L, Flags.ATOMIC | Flags.SUBST);
    }
    if (!o.detach()) {
      plan.add(Section.COMPLETE, OpCode.FOREGROUND, "wait for the exec process", terminal ? Flags.TTY : 0L);
      plan.add(Section.COMPLETE, OpCode.EXIT_STATUS, "");
    }
    return relabel(plan);
  }

  /**
   * SETNS ops for the namespaces the container has (those its config lists, created or joined), each
   * through the init's /proc entry, in {@link NamespacePlanner#joinOrder}. Returns whether a user namespace is joined.
   */
  static boolean joinNamespaces(Plan plan, Spec spec, long initPid) {
    List<Namespace> namespaces = NamespacePlanner.joinOrder(spec.linux() == null || spec.linux().namespaces() == null
        ? List.of() : spec.linux().namespaces());
    boolean user = false;
    for (Namespace ns : namespaces) {
      String path = "/proc/" + initPid + "/ns/" + Namespaces.procName(ns.type());
      plan.add(Section.NAMESPACES, OpCode.SETNS, "join " + ns.type() + " namespace " + path, path, (long) Namespaces.cloneFlag(ns.type()));
      user |= Namespaces.USER.equals(ns.type());
    }
    return user;
  }

  /** The seam where the container's seccomp filter comes in (the same filter its init got). */
  private static Plan seccomp(Spec spec, ContainerState st) {
    return SeccompPlanner.plan(spec, st);
  }

  private static Spec spec(ContainerState st) {
    if (st.config() == null) throw new JruncException("container " + st.id() + " has no config in its state");
    try {
      return SpecLoader.parse(StateJson.compactBytes(st.config()), "config.json");
    } catch (SpecException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new JruncException("load container config: " + e.getMessage());
    }
  }

  /**
   * runc's wording for a failure while starting the process: "exec failed: unable to start container
   * process: ...". It goes in the labels, not in LOG_CONFIG's prefix, because usage errors are unprefixed.
   */
  private static Plan relabel(Plan plan) {
    Plan out = new Plan();
    for (Section s : Section.values()) {
      for (Op op : plan.ops(s)) {
        boolean starting = s != Section.COMPLETE && s != Section.UNDO;
        String label = !starting ? op.label()
            : op.label().isEmpty() || op.label().startsWith(START) ? FAILED + (op.label().isEmpty() ? START : op.label())
            : FAILED + START + ": " + op.label();
        out.add(s, new Op(op.code(), label, op.args()));
      }
    }
    return out;
  }

  /** A rootless create denied setgroups in the container's user namespace; its processes cannot call it either. */
  static boolean setgroupsDenied(long initPid) {
    try {
      return Files.readString(Path.of("/proc/" + initPid + "/setgroups")).trim().equals("deny");
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
