package dev.jrunc.runtime.cgroups;

import static dev.jrunc.runtime.cgroups.V1Resources.nz;
import static dev.jrunc.runtime.cgroups.V1Resources.v;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.spec.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * linux.resources as cgroup v2 (unified) file writes, following runc 1.1.5's fs2 driver: the v1-style
 * numbers of the spec are converted (cpu.weight from shares, memory.swap.max from memory+swap,
 * io.weight from blkio weight). Device rules are not here: v2 needs an eBPF program (not done yet).
 */
public final class V2Resources {
  private static final String U = CgroupPaths.UNIFIED;

  private V2Resources() {}

  public static List<ResourceWrite> writes(Resources r, CgroupFacts facts) {
    List<ResourceWrite> w = new ArrayList<>();
    if (r == null) return w;
    memory(w, r.memory());
    cpu(w, r.cpu());
    if (r.pids() != null && nz(r.pids().limit())) w.add(new ResourceWrite(U, "pids.max", max(r.pids().limit())));
    io(w, r.blockIO(), facts);
    for (Resources.HugepageLimit h : Nulls.list(r.hugepageLimits())) {
      w.add(new ResourceWrite(U, "hugetlb." + h.pageSize() + ".max", Long.toUnsignedString(h.limit())));
    }
    Nulls.map(r.rdma()).forEach((dev, l) -> w.add(new ResourceWrite(U, "rdma.max", Rdma.line(dev, l))));
    for (Map.Entry<String, String> e : Nulls.map(r.unified()).entrySet()) {
      String key = e.getKey();
      if (key.contains("/") || key.startsWith(".") || key.isEmpty()) {
        throw new JruncException("invalid unified resource key " + key + ": must be a file name in the cgroup directory");
      }
      w.add(new ResourceWrite(U, key, e.getValue()));
    }
    return w;
  }

  static void memory(List<ResourceWrite> w, Resources.Memory m) {
    if (m == null) return;
    long limit = v(m.limit());
    long swap = swapMax(v(m.swap()), limit);
    // Swap before the limit, as runc: memory.swap.max does not depend on memory.max.
    if (swap != 0) w.add(new ResourceWrite(U, "memory.swap.max", max(swap)));
    if (limit != 0) w.add(new ResourceWrite(U, "memory.max", max(limit)));
    if (nz(m.reservation())) w.add(new ResourceWrite(U, "memory.low", max(m.reservation())));
  }

  /**
   * runc's ConvertMemorySwapToCgroupV2Value: the spec's swap is memory+swap, v2's memory.swap.max is
   * swap alone. 0 = unset, -1 = unlimited; an unlimited memory with swap unset makes swap unlimited too.
   */
  public static long swapMax(long memorySwap, long memory) {
    if (memory == -1 && memorySwap == 0) return -1;
    if (memorySwap == -1 || memorySwap == 0) return memorySwap;
    if (memory == 0 || memory == -1) throw new JruncException("unable to set swap limit without memory limit");
    if (memory < 0) throw new JruncException("invalid memory value: " + memory);
    if (memorySwap < memory) throw new JruncException("memory+swap limit should be >= memory limit");
    return memorySwap - memory;
  }

  static void cpu(List<ResourceWrite> w, Resources.Cpu c) {
    if (c == null) return;
    if (nz(c.realtimePeriod()) || nz(c.realtimeRuntime())) {
      throw new JruncException("realtime cpu limits (cpu.realtimePeriod, cpu.realtimeRuntime) are not supported on cgroup v2");
    }
    if (nz(c.shares())) w.add(new ResourceWrite(U, "cpu.weight", Long.toString(cpuWeight(c.shares()))));
    if (nz(c.quota()) || nz(c.period())) w.add(new ResourceWrite(U, "cpu.max", cpuMax(v(c.quota()), v(c.period()))));
    if (c.burst() != null) w.add(new ResourceWrite(U, "cpu.max.burst", Long.toUnsignedString(c.burst())));
    if (c.idle() != null) w.add(new ResourceWrite(U, "cpu.idle", c.idle().toString()));
    if (c.cpus() != null && !c.cpus().isEmpty()) w.add(new ResourceWrite(U, "cpuset.cpus", c.cpus()));
    if (c.mems() != null && !c.mems().isEmpty()) w.add(new ResourceWrite(U, "cpuset.mems", c.mems()));
  }

  /** runc's ConvertCPUSharesToCgroupV2Value: [2, 262144] onto [1, 10000]. */
  public static long cpuWeight(long shares) {
    if (shares == 0) return 0;
    return 1 + ((shares - 2) * 9999) / 262142;
  }

  /** "QUOTA PERIOD", "max PERIOD", or the quota alone (the kernel keeps the period); quota <= 0 = max. */
  public static String cpuMax(long quota, long period) {
    String s = quota > 0 ? Long.toString(quota) : "max";
    return period != 0 ? s + " " + Long.toUnsignedString(period) : s;
  }

  static void io(List<ResourceWrite> w, Resources.BlockIo b, CgroupFacts facts) {
    if (b == null) return;
    boolean bfq = facts.has(U, "io.bfq.weight");
    if (b.weight() != null && b.weight() != 0) {
      // bfq takes the blkio weight as is; io.weight needs runc's conversion.
      w.add(bfq ? new ResourceWrite(U, "io.bfq.weight", b.weight().toString())
          : new ResourceWrite(U, "io.weight", Long.toString(ioWeight(b.weight()))));
    }
    for (Resources.WeightDevice d : Nulls.list(b.weightDevice())) {
      if (d.weight() == null || d.weight() == 0) continue;
      w.add(bfq ? new ResourceWrite(U, "io.bfq.weight", d.major() + ":" + d.minor() + " " + d.weight())
          : new ResourceWrite(U, "io.weight", d.major() + ":" + d.minor() + " " + ioWeight(d.weight())));
    }
    throttle(w, "rbps", Nulls.list(b.throttleReadBpsDevice()));
    throttle(w, "wbps", Nulls.list(b.throttleWriteBpsDevice()));
    throttle(w, "riops", Nulls.list(b.throttleReadIOPSDevice()));
    throttle(w, "wiops", Nulls.list(b.throttleWriteIOPSDevice()));
  }

  /** runc's ConvertBlkIOToIOWeightValue: [10, 1000] onto [1, 10000]. */
  public static long ioWeight(long blkioWeight) {
    if (blkioWeight == 0) return 0;
    return 1 + (blkioWeight - 10) * 9999 / 990;
  }

  private static void throttle(List<ResourceWrite> w, String key, List<Resources.ThrottleDevice> devs) {
    for (Resources.ThrottleDevice d : devs) {
      w.add(new ResourceWrite(U, "io.max", d.major() + ":" + d.minor() + " " + key + "=" + Long.toUnsignedString(d.rate())));
    }
  }

  private static String max(long n) {
    return n == -1 ? "max" : Long.toString(n);
  }
}
