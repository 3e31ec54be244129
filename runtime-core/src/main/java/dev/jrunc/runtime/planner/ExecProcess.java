package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.api.ExecOptions;
import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.spec.LinuxCapabilities;
import dev.jrunc.spec.Process;
import dev.jrunc.spec.SpecException;
import dev.jrunc.spec.SpecLoader;
import dev.jrunc.spec.User;
import java.util.ArrayList;
import java.util.List;

/**
 * The process an exec runs, decided as runc's newProcess: a process.json taken as it is, or the
 * container's own config.json process with the command line's args, cwd, env (appended), user,
 * additional gids, capabilities (added to bounding, effective, permitted and ambient), no-new-privs and
 * terminal (false unless -t) laid over it.
 */
final class ExecProcess {
  private ExecProcess() {}

  static Process resolve(Process base, ExecOptions o) {
    if (o.processFile() != null) {
      try {
        return SpecLoader.loadProcess(o.processFile());
      } catch (SpecException e) {
        throw new JruncException(e.getMessage());
      }
    }
    if (base == null) throw new JruncException("config.json: process is missing");
    String cwd = o.cwd() == null || o.cwd().isEmpty() ? base.cwd() : o.cwd();
    List<String> env = new ArrayList<>(base.env() == null ? List.of() : base.env());
    env.addAll(o.env());
    User u = base.user();
    Long uid = u == null ? null : u.uid();
    Long gid = u == null ? null : u.gid();
    if (o.user() != null && !o.user().isEmpty()) {
      String[] f = o.user().split(":", 2);
      if (f.length > 1) gid = parseId(f[1], "gid");
      uid = parseId(f[0], "uid");
    }
    List<Long> groups = new ArrayList<>(u == null || u.additionalGids() == null ? List.of() : u.additionalGids());
    for (long g : o.additionalGids()) {
      if (g < 0) throw new JruncException("additional-gids must be a positive number " + g);
      groups.add(g);
    }
    User user = new User(uid, gid, u == null ? null : u.umask(), groups, u == null ? null : u.username());
    LinuxCapabilities caps = withCaps(base.capabilities(), o.caps());
    Boolean nnp = o.noNewPrivs() ? Boolean.TRUE : base.noNewPrivileges();
    return new Process(o.tty(), base.consoleSize(), user, o.args(), base.commandLine(), env, cwd, caps, base.rlimits(), nnp,
        base.apparmorProfile(), base.oomScoreAdj(), base.scheduler(), base.selinuxLabel(), base.ioPriority(),
        base.execCPUAffinity());
  }

  private static long parseId(String s, String what) {
    try {
      return Integer.parseInt(s) & 0xffffffffL;
    } catch (NumberFormatException e) {
      throw new JruncException("parsing " + s + " as int for " + what + " failed: strconv.Atoi: parsing \"" + s + "\": invalid syntax");
    }
  }

  private static LinuxCapabilities withCaps(LinuxCapabilities c, List<String> add) {
    if (add.isEmpty()) return c;
    return new LinuxCapabilities(plus(c == null ? null : c.bounding(), add), plus(c == null ? null : c.effective(), add),
        c == null ? null : c.inheritable(), plus(c == null ? null : c.permitted(), add), plus(c == null ? null : c.ambient(), add));
  }

  private static List<String> plus(List<String> a, List<String> b) {
    List<String> r = new ArrayList<>(a == null ? List.of() : a);
    r.addAll(b);
    return r;
  }
}
