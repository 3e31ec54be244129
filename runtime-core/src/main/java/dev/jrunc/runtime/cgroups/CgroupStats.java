package dev.jrunc.runtime.cgroups;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The `data` of a stats event in runc 1.1.5's shape (libcontainer/cgroups/stats.go as types.Stats):
 * cpu, cpuset, memory, pids, blkio, hugetlb, intel_rdt, network_interfaces, read from the container's
 * cgroup files. Numbers are uint64 and printed unsigned; omitempty fields are left out when zero.
 */
public final class CgroupStats {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  /** USER_HZ: cpuacct.stat counts in these ticks. */
  private static final long CLOCK_TICKS = 100;

  private final Map<String, String> dirs;

  public CgroupStats(Map<String, String> dirs) {
    this.dirs = dirs;
  }

  public ObjectNode read() {
    return ResourceFiles.unifiedOnly(dirs) ? V2Stats.read(Path.of(dirs.get(CgroupPaths.UNIFIED))) : readV1();
  }

  private ObjectNode readV1() {
    ObjectNode data = F.objectNode();
    data.set("cpu", cpu(dir("cpuacct"), dir("cpu")));
    data.set("cpuset", cpuset(dir("cpuset")));
    data.set("memory", memory(dir("memory")));
    data.set("pids", pids(dir("pids")));
    data.set("blkio", blkio(dir("blkio")));
    data.set("hugetlb", hugetlb(dir("hugetlb")));
    data.set("intel_rdt", F.objectNode());
    data.set("network_interfaces", F.nullNode());
    return data;
  }

  /** The v1 directory of a controller (null if not mounted). */
  Path dir(String controller) {
    for (Map.Entry<String, String> e : dirs.entrySet()) {
      for (String c : e.getKey().split(",")) {
        if (c.equals(controller)) return Path.of(e.getValue());
      }
    }
    return null;
  }

  static ObjectNode cpu(Path acct, Path cpu) {
    ObjectNode usage = F.objectNode();
    putNonZero(usage, "total", num(acct, "cpuacct.usage"));
    List<BigInteger> percpu = new ArrayList<>();
    for (String s : words(read(acct, "cpuacct.usage_percpu"))) percpu.add(u64(s));
    List<BigInteger> kernel = new ArrayList<>(), user = new ArrayList<>();
    String all = read(acct, "cpuacct.usage_all");
    if (all != null) {
      for (String line : all.split("\n")) {
        String[] f = line.trim().split("\\s+");
        if (f.length != 3 || f[0].equals("cpu")) continue;
        user.add(u64(f[1]));
        kernel.add(u64(f[2]));
      }
    }
    putArray(usage, "percpu", percpu);
    putArray(usage, "percpu_kernel", kernel);
    putArray(usage, "percpu_user", user);
    Map<String, BigInteger> stat = keyed(read(acct, "cpuacct.stat"));
    BigInteger ns = BigInteger.valueOf(1_000_000_000L / CLOCK_TICKS);
    usage.put("kernel", stat.getOrDefault("system", BigInteger.ZERO).multiply(ns));
    usage.put("user", stat.getOrDefault("user", BigInteger.ZERO).multiply(ns));
    ObjectNode cpuNode = F.objectNode();
    cpuNode.set("usage", usage);
    Map<String, BigInteger> cs = keyed(read(cpu, "cpu.stat"));
    cpuNode.set("throttling", throttling(cs.get("nr_periods"), cs.get("nr_throttled"), cs.get("throttled_time")));
    return cpuNode;
  }

  static ObjectNode throttling(BigInteger periods, BigInteger throttled, BigInteger timeNs) {
    ObjectNode t = F.objectNode();
    putNonZero(t, "periods", periods);
    putNonZero(t, "throttledPeriods", throttled);
    putNonZero(t, "throttledTime", timeNs);
    return t;
  }

  static ObjectNode cpuset(Path d) {
    ObjectNode n = F.objectNode();
    putArray(n, "cpus", ranges(read(d, "cpuset.cpus")));
    n.put("cpu_exclusive", orZero(num(d, "cpuset.cpu_exclusive")));
    putArray(n, "mems", ranges(read(d, "cpuset.mems")));
    for (String k : new String[] {"mem_hardwall", "mem_exclusive", "memory_migrate", "memory_spread_page", "memory_spread_slab",
        "memory_pressure", "sched_load_balance"}) {
      n.put(k, orZero(num(d, "cpuset." + k)));
    }
    String relax = read(d, "cpuset.sched_relax_domain_level");
    n.put("sched_relax_domain_level", relax == null ? 0 : Long.parseLong(relax.trim()));
    return n;
  }

  static ObjectNode memory(Path d) {
    ObjectNode n = F.objectNode();
    Map<String, BigInteger> raw = keyed(read(d, "memory.stat"));
    putNonZero(n, "cache", raw.get("cache"));
    n.set("usage", memoryEntry(d, "memory."));
    n.set("swap", memoryEntry(d, "memory.memsw."));
    n.set("kernel", memoryEntry(d, "memory.kmem."));
    n.set("kernelTCP", memoryEntry(d, "memory.kmem.tcp."));
    ObjectNode rawNode = F.objectNode();
    raw.forEach(rawNode::put);
    n.set("raw", rawNode);
    return n;
  }

  private static ObjectNode memoryEntry(Path d, String prefix) {
    ObjectNode e = F.objectNode();
    e.put("limit", orZero(num(d, prefix + "limit_in_bytes")));
    putNonZero(e, "usage", num(d, prefix + "usage_in_bytes"));
    putNonZero(e, "max", num(d, prefix + "max_usage_in_bytes"));
    e.put("failcnt", orZero(num(d, prefix + "failcnt")));
    return e;
  }

  static ObjectNode pids(Path d) {
    ObjectNode n = F.objectNode();
    putNonZero(n, "current", num(d, "pids.current"));
    putNonZero(n, "limit", num(d, "pids.max")); // "max" reads as 0: omitted
    return n;
  }

  /** runc reads the cfq files when present, else the throttle ones (bfq is not read by 1.1.5 either). */
  static ObjectNode blkio(Path d) {
    ObjectNode n = F.objectNode();
    boolean cfq = d != null && Files.exists(d.resolve("blkio.io_serviced_recursive"));
    String p = cfq ? "blkio." : "blkio.throttle.";
    putEntries(n, "ioServiceBytesRecursive", read(d, p + "io_service_bytes_recursive"));
    putEntries(n, "ioServicedRecursive", read(d, p + "io_serviced_recursive"));
    if (cfq) {
      putEntries(n, "ioQueueRecursive", read(d, "blkio.io_queued_recursive"));
      putEntries(n, "ioServiceTimeRecursive", read(d, "blkio.io_service_time_recursive"));
      putEntries(n, "ioWaitTimeRecursive", read(d, "blkio.io_wait_time_recursive"));
      putEntries(n, "ioMergedRecursive", read(d, "blkio.io_merged_recursive"));
      putEntries(n, "ioTimeRecursive", read(d, "blkio.time_recursive"));
      putEntries(n, "sectorsRecursive", read(d, "blkio.sectors_recursive"));
    }
    return n;
  }

  /** Lines "MAJ:MIN [Op] value"; the "Total N" line is skipped, as runc does. */
  private static void putEntries(ObjectNode n, String key, String text) {
    if (text == null) return;
    ArrayNode arr = F.arrayNode();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 2 || f[0].equals("Total")) continue;
      String[] mm = f[0].split(":");
      if (mm.length != 2) continue;
      ObjectNode e = F.objectNode();
      putNonZero(e, "major", u64(mm[0]));
      putNonZero(e, "minor", u64(mm[1]));
      if (f.length == 3) e.put("op", f[1]);
      putNonZero(e, "value", u64(f[f.length - 1]));
      arr.add(e);
    }
    if (!arr.isEmpty()) n.set(key, arr);
  }

  static ObjectNode hugetlb(Path d) {
    ObjectNode n = F.objectNode();
    if (d == null) return n;
    try (var s = Files.list(d)) {
      for (Path p : (Iterable<Path>) s.sorted()::iterator) {
        String name = p.getFileName().toString();
        if (!name.startsWith("hugetlb.") || !name.endsWith(".usage_in_bytes") || name.contains(".rsvd.")) continue;
        String size = name.substring("hugetlb.".length(), name.length() - ".usage_in_bytes".length());
        ObjectNode e = F.objectNode();
        putNonZero(e, "usage", num(d, "hugetlb." + size + ".usage_in_bytes"));
        putNonZero(e, "max", num(d, "hugetlb." + size + ".max_usage_in_bytes"));
        e.put("failcnt", orZero(num(d, "hugetlb." + size + ".failcnt")));
        n.set(size, e);
      }
    } catch (IOException e) {
      // no hugetlb files: {}
    }
    return n;
  }

  // --- file helpers (shared with V2Stats) ------------------------------------------------------

  static String read(Path d, String file) {
    if (d == null) return null;
    try {
      return Files.readString(d.resolve(file));
    } catch (IOException e) {
      return null;
    }
  }

  /** A file holding one number; "max" and unreadable files are null. */
  static BigInteger num(Path d, String file) {
    String s = read(d, file);
    if (s == null) return null;
    s = s.trim();
    return s.isEmpty() || s.equals("max") ? null : u64(s);
  }

  /** "key value" lines (memory.stat, cpu.stat), keys sorted as Go marshals a map. */
  static Map<String, BigInteger> keyed(String text) {
    Map<String, BigInteger> m = new TreeMap<>();
    if (text == null) return m;
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 2) m.put(f[0], u64(f[1]));
    }
    return m;
  }

  /** A uint64 (or a negative int64, as v1's -1 for unlimited would be) as an unsigned number. */
  static BigInteger u64(String s) {
    try {
      return new BigInteger(s.trim()).and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    } catch (NumberFormatException e) {
      return BigInteger.ZERO;
    }
  }

  /** "0-2,4" → [0,1,2,4]. */
  static List<BigInteger> ranges(String text) {
    List<BigInteger> out = new ArrayList<>();
    if (text == null) return out;
    for (String part : text.trim().split(",")) {
      if (part.isEmpty()) continue;
      String[] ab = part.split("-");
      long a = Long.parseLong(ab[0]), b = ab.length == 2 ? Long.parseLong(ab[1]) : a;
      for (long i = a; i <= b; i++) out.add(BigInteger.valueOf(i));
    }
    return out;
  }

  static List<String> words(String text) {
    return text == null || text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
  }

  static BigInteger orZero(BigInteger v) {
    return v == null ? BigInteger.ZERO : v;
  }

  static void putNonZero(ObjectNode n, String key, BigInteger v) {
    if (v != null && v.signum() != 0) n.put(key, v);
  }

  static void putArray(ObjectNode n, String key, List<BigInteger> values) {
    if (values.isEmpty()) return;
    ArrayNode a = n.putArray(key);
    values.forEach(a::add);
  }
}
