package dev.jrunc.runtime.planner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrunc.runtime.api.CallerIds;
import dev.jrunc.runtime.api.CreateOptions;
import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.api.RuntimeOptions;
import dev.jrunc.runtime.cgroups.CgroupLayout;
import dev.jrunc.runtime.cgroups.CgroupPaths;
import dev.jrunc.runtime.json.GoTime;
import dev.jrunc.runtime.json.Json;
import dev.jrunc.runtime.json.StateJson;
import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.runtime.state.ContainerId;
import dev.jrunc.runtime.state.ContainerState;
import dev.jrunc.runtime.state.StateStore;
import dev.jrunc.spec.Hook;
import dev.jrunc.spec.Process;
import dev.jrunc.spec.QuickSpecTree;
import dev.jrunc.spec.Spec;
import dev.jrunc.spec.SpecException;
import dev.jrunc.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `create` and `run`: the whole sandbox as one plan. The sections follow the spawn protocol
 * (docs/plan-protocol.md): state dir, fifo and cgroups first; namespaces; id maps and cgroup join;
 * mounts; prestart/createRuntime hooks on the host; createContainer hooks, root switch, console,
 * hardening, credentials, fifo wait, exec; then the state and pid files. UNDO removes everything a
 * failed create made, so a failure leaves nothing behind.
 */
public final class CreatePlanner {
  private final RuntimeOptions options;
  private final StateStore store;
  private final Host host;

  /**
   * The facts of the machine a create plan depends on besides its inputs: the cgroup hierarchies, the
   * clock (the state's created time) and the caller's ids. Read from the machine in production; fixed
   * in the golden plan tests, so that a plan is a pure function of config.json and the flags.
   */
  record Host(CgroupLayout cgroups, Clock clock, CallerIds caller) {
    static Host current() {
      return new Host(CgroupLayout.host(), Clock.systemUTC(), CallerIds.current());
    }
  }

  public CreatePlanner(RuntimeOptions options, StateStore store) {
    this(options, store, null);
  }

  /** {@code host} null: read from this machine when a plan is made. */
  CreatePlanner(RuntimeOptions options, StateStore store, Host host) {
    this.options = options;
    this.store = store;
    this.host = host;
  }

  private Host host() {
    return host != null ? host : Host.current();
  }

  public Plan create(CreateOptions o) {
    Prepared p = prepare(o, true, null);
    return p.plan;
  }

  public Plan run(CreateOptions o) {
    return run(o, null);
  }

  /**
   * `run` of a spec made in memory (`jrunc do`) when given, whose root path is absolute; the bundle is
   * then the container's state directory, so nothing outside the state directory is written.
   */
  public Plan run(CreateOptions o, Spec given) {
    Prepared p = prepare(o, o.detach(), given);
    Plan plan = p.plan;
    boolean notify = NotifySocketPlanner.wanted(o.notifySocket());
    if (notify) plan.addAll(NotifySocketPlanner.bind(store.dir(o.id()), Section.COMPLETE));
    plan.add(Section.COMPLETE, OpCode.FIFO_RELEASE, "", fifo(o.id()), Flags.PID, 0L);
    hooks(plan, Section.COMPLETE, "poststart", p.spec.hooks() == null ? null : p.spec.hooks().poststart(),
        hookState(p.state, "running", Flags.PID), p.state.bundle());
    // runc: a detached run's MAINPID is the init's, a foreground run's its own (it stays to reap the init)
    if (notify) plan.addAll(NotifySocketPlanner.forward(o.notifySocket(), Flags.PID, o.detach() ? Flags.PID : "", Section.COMPLETE));
    if (o.detach()) return plan;
    plan.add(Section.COMPLETE, OpCode.FOREGROUND, "wait for the container", p.terminal ? Flags.TTY : 0L);
    if (!o.keep()) {
      ContainerState st = p.state;
      plan.addAll(DeletePlanner.destroy(store, st, Section.COMPLETE));
    }
    plan.add(Section.COMPLETE, OpCode.EXIT_STATUS, "");
    return plan;
  }

  /**
   * The container's own session keyring, which its init and every exec join (runc's name), so that the
   * caller's session keyring and its keys do not reach into the container.
   */
  static String sessionKeyring(String id) {
    return "_ses." + id;
  }

  private record Prepared(Plan plan, Spec spec, ContainerState state, boolean terminal) {}

  private Prepared prepare(CreateOptions o, boolean detached, Spec given) {
    String id = ContainerId.validate(o.id());
    if (store.exists(id)) throw new JruncException("container with given ID already exists");
    Path bundle = given != null ? store.dir(id) : o.bundle();
    if (given == null && !Files.isDirectory(bundle)) throw new JruncException("chdir " + bundle + ": no such file or directory");
    Spec loaded = given != null ? given : load(bundle.resolve("config.json"));
    Host machine = host();
    CallerIds caller = machine.caller();
    Spec adapted = !caller.isRoot() && !RootlessSpec.hasUserNamespace(loaded) ? RootlessSpec.adapt(loaded, caller) : loaded;
    Spec networked = NetworkPlanner.apply(adapted, options.sandbox());
    boolean notify = NotifySocketPlanner.wanted(o.notifySocket());
    Spec spec = notify ? NotifySocketPlanner.setupSpec(networked, store.dir(id)) : networked;
    Process process = spec.process();
    Path rootfs = bundle.resolve(spec.root().path()).normalize();
    if (given == null && !Files.isDirectory(rootfs)) throw new JruncException("stat " + rootfs + ": no such file or directory");
    boolean terminal = Boolean.TRUE.equals(process.terminal());
    if (terminal && detached && o.consoleSocket() == null) {
      throw new JruncException("cannot allocate tty if jrunc will detach without setting console socket");
    }
    if (!terminal && o.consoleSocket() != null) {
      throw new JruncException("cannot use console socket if jrunc will not detach or allocate tty");
    }
    if (o.pidFile() != null && !Files.isDirectory(o.pidFile().getParent())) {
      throw new JruncException("open " + o.pidFile().getParent() + "/." + o.pidFile().getFileName() + ": no such file or directory");
    }

    String cgroupsPath = spec.linux() == null || spec.linux().cgroupsPath() == null || spec.linux().cgroupsPath().isEmpty()
        ? id : systemdToPath(spec.linux().cgroupsPath());
    Map<String, Path> cgroupDirs = CgroupPaths.resolve(machine.cgroups(), cgroupsPath, o.callerCgroupFile());
    boolean rootless = options.isRootless(caller);
    if (rootless && !CgroupPlanner.delegated(cgroupDirs)) cgroupDirs = Map.of();
    Map<String, String> cgroupStrings = new LinkedHashMap<>();
    cgroupDirs.forEach((k, v) -> cgroupStrings.put(k, v.toString()));
    // by hand for the fields engines write: databind's first valueToTree of a Spec cost more than all planning
    JsonNode config = QuickSpecTree.of(spec);
    if (config == null) config = Json.mapper().valueToTree(spec);
    ContainerState state = new ContainerState(spec.ociVersion(), id, 0, 0, bundle.toString(), rootfs.toString(),
        GoTime.rfc3339Nano(machine.clock().instant()), spec.annotations(), cgroupStrings, rootless, config, options.sandbox(),
        o.noNewKeyring());

    Plan plan = new Plan();
    Path dir = store.dir(id);
    // the front's EACCES here would read "container with given ID already exists": say what it is
    if (Files.isDirectory(store.root()) && !Files.isWritable(store.root())) throw new JruncException("mkdir " + dir + ": permission denied");
    plan.add(Section.PREPARE, OpCode.MKDIR, "create state root " + store.root(), store.root().toString(), 0711L, Flags.PARENTS | Flags.IGNORE_EEXIST);
    plan.add(Section.PREPARE, OpCode.MKDIR, "container with given ID already exists", dir.toString(), 0711L, 0L);
    plan.add(Section.UNDO, OpCode.KILL, "", Flags.PID, 9L, Flags.IGNORE_ESRCH);
    plan.add(Section.UNDO, OpCode.WAIT_GONE, "", Flags.PID, 0L, 2000L);
    plan.addAll(CgroupPlanner.remove(cgroupStrings, Section.UNDO));
    plan.add(Section.UNDO, OpCode.REMOVE, "", dir.toString(), Flags.RECURSIVE | Flags.IGNORE_ENOENT);
    plan.add(Section.PREPARE, OpCode.LOCK, "lock container " + id, dir.resolve(StateStore.LOCK).toString());
    if (notify) plan.addAll(NotifySocketPlanner.mkdir(dir));
    plan.add(Section.PREPARE, OpCode.MKFIFO, "create exec fifo", fifo(id), 0622L);
    // rootless without delegated cgroups: no cgroup, so linux.resources are not applied (as runc's rootless mode)
    if (!cgroupDirs.isEmpty()) plan.addAll(CgroupPlanner.create(cgroupDirs, spec.linux()));
    plan.addAll(NetworkPlanner.egress(options.sandbox(), cgroupDirs));
    int preserved = o.listenFds() + o.preserveFds();
    if (preserved > 0) plan.add(Section.PREPARE, OpCode.PRESERVE_FDS, "", (long) preserved);
    if (terminal) plan.add(Section.PREPARE, OpCode.CONSOLE_SOCKET, "connect to console socket", o.consoleSocket() == null ? "" : o.consoleSocket());

    NamespacePlanner.Result ns = NamespacePlanner.plan(spec.linux(), caller);
    plan.addAll(ns.plan());
    plan.addAll(NetworkPlanner.attach(spec, options.sandbox()));
    plan.add(Section.MOUNTS, OpCode.SETSID, "create session");
    if (!o.noNewKeyring()) plan.add(Section.MOUNTS, OpCode.KEYRING, "unable to join session keyring", sessionKeyring(id));
    if (process.oomScoreAdj() != null) {
      plan.add(Section.MOUNTS, OpCode.OOM_SCORE_ADJ, "set oom_score_adj", process.oomScoreAdj().toString());
    }
    if (spec.hostname() != null && !spec.hostname().isEmpty()) plan.add(Section.MOUNTS, OpCode.SETHOSTNAME, "set hostname", spec.hostname());
    if (spec.domainname() != null && !spec.domainname().isEmpty()) plan.add(Section.MOUNTS, OpCode.SETDOMAINNAME, "set domainname", spec.domainname());

    Path root = rootfs;
    String overlay = options.sandbox().overlay();
    if (!overlay.isEmpty()) {
      if (!ns.newMount()) throw new JruncException("--overlay needs a new mount namespace: linux.namespaces has no \"mount\"");
      root = OverlayPlanner.plan(plan, overlay, rootfs, dir, ns.newUser());
    }
    RootfsPlanner.Context rc = new RootfsPlanner.Context(spec, bundle, root, ns.newUser(), o.noPivot(), cgroupDirs,
        notify ? java.util.Set.of(NotifySocketPlanner.dir(dir)) : null);
    plan.addAll(RootfsPlanner.mounts(rc));
    String creating = hookState(state, "creating", Flags.PID);
    var hooks = spec.hooks();
    if (hooks != null) {
      hooks(plan, Section.HOST_HOOKS, "prestart", hooks.prestart(), creating, bundle.toString());
      hooks(plan, Section.HOST_HOOKS, "createRuntime", hooks.createRuntime(), creating, bundle.toString());
      hooks(plan, Section.FINALIZE, "createContainer", hooks.createContainer(), hookState(state, "creating", "1"), root.toString());
    }
    plan.addAll(RootfsPlanner.finish(rc));
    if (terminal) {
      long rows = process.consoleSize() == null || process.consoleSize().height() == null ? 0 : process.consoleSize().height();
      long cols = process.consoleSize() == null || process.consoleSize().width() == null ? 0 : process.consoleSize().width();
      plan.add(Section.FINALIZE, OpCode.CONSOLE, "set up console", rows, cols, Flags.DEV_CONSOLE);
    }
    plan.addAll(RootfsPlanner.harden(rc));
    Plan startHooks = new Plan();
    if (hooks != null) hooks(startHooks, Section.FINALIZE, "startContainer", hooks.startContainer(), hookState(state, "created", "1"), "");
    List<String> env = ProcessPlanner.environment(process, rootfs, o.listenFds());
    Plan seccomp = SeccompPlanner.plan(spec, state);
    Plan filters = StracePlanner.withStrace(plan, spec, options.sandbox(), seccomp);
    plan.addAll(ProcessPlanner.plan(process, env, filters, true, startHooks, ns.setgroupsDenied()));

    plan.add(Section.COMPLETE, OpCode.WRITE, "write state", dir.resolve(StateStore.STATE_FILE).toString(),
        StateJson.stateFileTemplate(state).getBytes(StandardCharsets.UTF_8), 0600L, Flags.ATOMIC | Flags.SUBST);
    if (o.pidFile() != null) {
      plan.add(Section.COMPLETE, OpCode.WRITE, "write pid file", o.pidFile().toString(), Flags.PID.getBytes(StandardCharsets.UTF_8),
          0644L, Flags.ATOMIC | Flags.SUBST);
    }
    if (seccomp != null && SeccompPlanner.listenerPath(spec) != null) {
      plan.add(Section.SECCOMP_AGENT, SeccompPlanner.sendListener(spec, state));
    }
    return new Prepared(plan, spec, state, terminal);
  }

  private static Spec load(Path config) {
    try {
      return SpecLoader.load(config);
    } catch (SpecException e) {
      throw new JruncException(e.getMessage());
    }
  }

  private String fifo(String id) {
    return store.dir(id).resolve(StateStore.FIFO).toString();
  }

  static String hookState(ContainerState st, String status, String pid) {
    return StateJson.forHook(st.ociVersion(), st.id(), status, pid, st.bundle(), st.annotations());
  }

  private static void hooks(Plan plan, Section section, String kind, List<Hook> hooks, String state, String cwd) {
    if (hooks == null || hooks.isEmpty()) return;
    List<HookCommand> cmds = hooks.stream().map(h -> new HookCommand(h.path(), h.args(), h.env(), h.timeout())).toList();
    HookPlanner.ops(kind, cmds, state, cwd).forEach(op -> plan.add(section, op));
  }

  /** runc's systemd form slice:prefix:name, placed where systemd would put it, for the cgroupfs driver. */
  private String systemdToPath(String path) {
    if (!options.systemdCgroup()) return path;
    String[] f = path.split(":");
    if (f.length != 3) throw new JruncException("expected cgroupsPath to be of format \"slice:prefix:name\" for systemd cgroups, got \"" + path + "\" instead");
    String slice = f[0].isEmpty() ? "system.slice" : f[0];
    return "/" + slice + "/" + f[1] + "-" + f[2] + ".scope";
  }
}
