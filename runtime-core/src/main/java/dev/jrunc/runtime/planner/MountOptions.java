package dev.jrunc.runtime.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A mount's option strings split the way mount(2) needs them: flags for the mount call, flags cleared
 * by "no..." options, propagation changes (each its own mount call), and the rest as fs data.
 */
public record MountOptions(long flags, long propagation, boolean bind, boolean recursive, String data) {
  public static final long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_SYNCHRONOUS = 16,
      MS_REMOUNT = 32, MS_MANDLOCK = 64, MS_DIRSYNC = 128, MS_NOSYMFOLLOW = 256, MS_NOATIME = 1024,
      MS_NODIRATIME = 2048, MS_BIND = 4096, MS_MOVE = 8192, MS_REC = 16384, MS_SILENT = 32768,
      MS_UNBINDABLE = 1 << 17, MS_PRIVATE = 1 << 18, MS_SLAVE = 1 << 19, MS_SHARED = 1 << 20,
      MS_RELATIME = 1 << 21, MS_I_VERSION = 1 << 23, MS_STRICTATIME = 1 << 24, MS_LAZYTIME = 1 << 25;

  /** Options that set a flag; CLEAR holds the ones that clear it again (later options win, as in mount(8)). */
  private static final Map<String, Long> SET = Map.ofEntries(
      Map.entry("ro", MS_RDONLY), Map.entry("nosuid", MS_NOSUID), Map.entry("nodev", MS_NODEV),
      Map.entry("noexec", MS_NOEXEC), Map.entry("sync", MS_SYNCHRONOUS), Map.entry("remount", MS_REMOUNT),
      Map.entry("mand", MS_MANDLOCK), Map.entry("dirsync", MS_DIRSYNC), Map.entry("noatime", MS_NOATIME),
      Map.entry("nodiratime", MS_NODIRATIME), Map.entry("relatime", MS_RELATIME),
      Map.entry("strictatime", MS_STRICTATIME), Map.entry("lazytime", MS_LAZYTIME),
      Map.entry("iversion", MS_I_VERSION), Map.entry("silent", MS_SILENT), Map.entry("nosymfollow", MS_NOSYMFOLLOW));
  private static final Map<String, Long> CLEAR = Map.ofEntries(
      Map.entry("rw", MS_RDONLY), Map.entry("suid", MS_NOSUID), Map.entry("dev", MS_NODEV),
      Map.entry("exec", MS_NOEXEC), Map.entry("async", MS_SYNCHRONOUS), Map.entry("nomand", MS_MANDLOCK),
      Map.entry("atime", MS_NOATIME), Map.entry("diratime", MS_NODIRATIME), Map.entry("norelatime", MS_RELATIME),
      Map.entry("nostrictatime", MS_STRICTATIME), Map.entry("nolazytime", MS_LAZYTIME),
      Map.entry("noiversion", MS_I_VERSION), Map.entry("loud", MS_SILENT), Map.entry("defaults", 0L));
  private static final Map<String, Long> PROPAGATION = Map.of(
      "private", MS_PRIVATE, "rprivate", MS_PRIVATE | MS_REC, "shared", MS_SHARED, "rshared", MS_SHARED | MS_REC,
      "slave", MS_SLAVE, "rslave", MS_SLAVE | MS_REC, "unbindable", MS_UNBINDABLE, "runbindable", MS_UNBINDABLE | MS_REC);

  /** Every option name {@link #parse} applies (what `features` reports as mountOptions). */
  public static java.util.SortedSet<String> supported() {
    java.util.SortedSet<String> all = new java.util.TreeSet<>(List.of("bind", "rbind"));
    all.addAll(SET.keySet());
    all.addAll(CLEAR.keySet());
    all.addAll(PROPAGATION.keySet());
    return all;
  }

  public static MountOptions parse(String type, List<String> options) {
    long flags = 0, propagation = 0;
    boolean bind = "bind".equals(type), recursive = false;
    List<String> data = new ArrayList<>();
    for (String o : options == null ? List.<String>of() : options) {
      if (o.equals("bind")) {
        bind = true;
      } else if (o.equals("rbind")) {
        bind = true;
        recursive = true;
      } else if (SET.containsKey(o)) {
        flags |= SET.get(o);
      } else if (CLEAR.containsKey(o)) {
        flags &= ~CLEAR.get(o);
      } else if (PROPAGATION.containsKey(o)) {
        propagation = PROPAGATION.get(o);
      } else if (o.equals("tmpcopyup") || o.startsWith("idmap") || o.startsWith("ridmap")) {
        // Not applied here: jrunc does not support these yet (features does not list them).
      } else {
        data.add(o);
      }
    }
    return new MountOptions(flags, propagation, bind, recursive, String.join(",", data));
  }

  /** Root propagation for "/" from linux.rootfsPropagation; runc's default is rslave. */
  public static long rootPropagation(String rootfsPropagation) {
    if (rootfsPropagation == null || rootfsPropagation.isEmpty()) return MS_SLAVE | MS_REC;
    Long p = PROPAGATION.get(rootfsPropagation);
    return p == null ? MS_SLAVE | MS_REC : p;
  }
}
