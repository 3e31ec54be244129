package dev.jrunc.runtime.cgroups;

import static dev.jrunc.runtime.cgroups.CgroupStats.keyed;
import static dev.jrunc.runtime.cgroups.CgroupStats.num;
import static dev.jrunc.runtime.cgroups.CgroupStats.orZero;
import static dev.jrunc.runtime.cgroups.CgroupStats.putArray;
import static dev.jrunc.runtime.cgroups.CgroupStats.putNonZero;
import static dev.jrunc.runtime.cgroups.CgroupStats.ranges;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;

/**
 * Stats of a v2 cgroup in the same shape, as runc's fs2 driver fills it: cpu from cpu.stat (usec → ns),
 * memory from memory.current/max/stat (swap = memory + swap, as v1's memsw), pids, io.stat as blkio.
 * An unlimited v2 limit is 2^64-1, as runc prints it.
 */
final class V2Stats {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final BigInteger UNLIMITED = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final BigInteger THOUSAND = BigInteger.valueOf(1000);

  private V2Stats() {}

  static ObjectNode read(Path d) {
    ObjectNode data = F.objectNode();
    Map<String, BigInteger> cs = keyed(CgroupStats.read(d, "cpu.stat"));
    ObjectNode usage = F.objectNode();
    putNonZero(usage, "total", ns(cs.get("usage_usec")));
    usage.put("kernel", orZero(ns(cs.get("system_usec"))));
    usage.put("user", orZero(ns(cs.get("user_usec"))));
    ObjectNode cpu = F.objectNode();
    cpu.set("usage", usage);
    cpu.set("throttling", CgroupStats.throttling(cs.get("nr_periods"), cs.get("nr_throttled"), ns(cs.get("throttled_usec"))));
    data.set("cpu", cpu);
    ObjectNode cpuset = F.objectNode();
    putArray(cpuset, "cpus", ranges(CgroupStats.read(d, "cpuset.cpus.effective")));
    cpuset.put("cpu_exclusive", 0);
    putArray(cpuset, "mems", ranges(CgroupStats.read(d, "cpuset.mems.effective")));
    for (String k : new String[] {"mem_hardwall", "mem_exclusive", "memory_migrate", "memory_spread_page", "memory_spread_slab",
        "memory_pressure", "sched_load_balance", "sched_relax_domain_level"}) {
      cpuset.put(k, 0);
    }
    data.set("cpuset", cpuset);
    data.set("memory", memory(d));
    ObjectNode pids = F.objectNode();
    putNonZero(pids, "current", num(d, "pids.current"));
    putNonZero(pids, "limit", num(d, "pids.max"));
    data.set("pids", pids);
    data.set("blkio", io(CgroupStats.read(d, "io.stat")));
    data.set("hugetlb", F.objectNode());
    data.set("intel_rdt", F.objectNode());
    data.set("network_interfaces", F.nullNode());
    return data;
  }

  private static ObjectNode memory(Path d) {
    ObjectNode n = F.objectNode();
    Map<String, BigInteger> raw = keyed(CgroupStats.read(d, "memory.stat"));
    putNonZero(n, "cache", raw.get("file"));
    BigInteger cur = orZero(num(d, "memory.current"));
    BigInteger limit = limit(d, "memory.max");
    ObjectNode usage = F.objectNode();
    usage.put("limit", limit);
    putNonZero(usage, "usage", cur);
    putNonZero(usage, "max", num(d, "memory.peak"));
    usage.put("failcnt", orZero(keyed(CgroupStats.read(d, "memory.events")).get("max")));
    n.set("usage", usage);
    ObjectNode swap = F.objectNode();
    BigInteger swapLimit = limit(d, "memory.swap.max");
    swap.put("limit", limit.equals(UNLIMITED) || swapLimit.equals(UNLIMITED) ? UNLIMITED : limit.add(swapLimit));
    putNonZero(swap, "usage", cur.add(orZero(num(d, "memory.swap.current"))));
    swap.put("failcnt", 0);
    n.set("swap", swap);
    n.set("kernel", F.objectNode().put("limit", 0).put("failcnt", 0));
    n.set("kernelTCP", F.objectNode().put("limit", 0).put("failcnt", 0));
    ObjectNode rawNode = F.objectNode();
    raw.forEach(rawNode::put);
    n.set("raw", rawNode);
    return n;
  }

  private static BigInteger limit(Path d, String file) {
    String s = CgroupStats.read(d, file);
    if (s == null || s.trim().equals("max")) return UNLIMITED;
    return CgroupStats.u64(s);
  }

  /** io.stat "8:0 rbytes=1 wbytes=2 rios=3 wios=4 ..." as blkio's Read/Write entries. */
  static ObjectNode io(String text) {
    ObjectNode n = F.objectNode();
    if (text == null) return n;
    ArrayNode bytes = F.arrayNode(), ios = F.arrayNode();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 2) continue;
      String[] mm = f[0].split(":");
      if (mm.length != 2) continue;
      for (int i = 1; i < f.length; i++) {
        String[] kv = f[i].split("=", 2);
        if (kv.length != 2) continue;
        ArrayNode target = kv[0].endsWith("bytes") ? bytes : kv[0].endsWith("ios") ? ios : null;
        String op = kv[0].startsWith("r") ? "Read" : kv[0].startsWith("w") ? "Write" : null;
        if (target == null || op == null) continue;
        ObjectNode e = F.objectNode();
        putNonZero(e, "major", CgroupStats.u64(mm[0]));
        putNonZero(e, "minor", CgroupStats.u64(mm[1]));
        e.put("op", op);
        putNonZero(e, "value", CgroupStats.u64(kv[1]));
        target.add(e);
      }
    }
    if (!bytes.isEmpty()) n.set("ioServiceBytesRecursive", bytes);
    if (!ios.isEmpty()) n.set("ioServicedRecursive", ios);
    return n;
  }

  private static BigInteger ns(BigInteger usec) {
    return usec == null ? null : usec.multiply(THOUSAND);
  }
}
