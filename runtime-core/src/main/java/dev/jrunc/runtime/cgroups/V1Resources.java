package dev.jrunc.runtime.cgroups;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.spec.Resources;
import java.util.ArrayList;
import java.util.List;

/**
 * linux.resources as cgroup v1 file writes, following runc 1.1.5's fs driver (libcontainer/cgroups/fs):
 * same files, same value spelling, same order. A zero means "not set" (runc's convention, which is also
 * what makes `update`'s zeros leave a limit unchanged); -1 means unlimited where the kernel has a word
 * for it. Used on v1 and hybrid hosts (on hybrid the limits live in the v1 controllers, as in runc).
 */
public final class V1Resources {
  private V1Resources() {}

  public static List<ResourceWrite> writes(Resources r, CgroupFacts facts) {
    List<ResourceWrite> w = new ArrayList<>();
    if (r == null) return w;
    if (!Nulls.map(r.unified()).isEmpty()) throw new JruncException("invalid configuration: cannot use unified on cgroup v1");
    devices(w, Nulls.list(r.devices()));
    memory(w, r.memory(), facts);
    cpu(w, r.cpu());
    if (r.pids() != null && nz(r.pids().limit())) {
      w.add(new ResourceWrite("pids", "pids.max", r.pids().limit() > 0 ? r.pids().limit().toString() : "max"));
    }
    blkio(w, r.blockIO(), facts);
    for (Resources.HugepageLimit h : Nulls.list(r.hugepageLimits())) {
      w.add(new ResourceWrite("hugetlb", "hugetlb." + h.pageSize() + ".limit_in_bytes", Long.toUnsignedString(h.limit())));
    }
    if (r.network() != null) {
      if (nz(r.network().classID())) w.add(new ResourceWrite("net_cls", "net_cls.classid", r.network().classID().toString()));
      for (Resources.InterfacePriority p : Nulls.list(r.network().priorities())) {
        w.add(new ResourceWrite("net_prio", "net_prio.ifpriomap", p.name() + " " + p.priority()));
      }
    }
    Nulls.map(r.rdma()).forEach((dev, l) -> w.add(new ResourceWrite("rdma", "rdma.max", Rdma.line(dev, l))));
    return w;
  }

  /**
   * runc's order: deny everything, then each rule in turn as allow or deny. The spec's rules come
   * first and the default devices after them (see {@link DeviceRules}), so the defaults stay usable.
   */
  static void devices(List<ResourceWrite> w, List<Resources.DeviceRule> rules) {
    if (rules.isEmpty()) return;
    w.add(new ResourceWrite("devices", "devices.deny", "a"));
    for (Resources.DeviceRule d : rules) {
      w.add(new ResourceWrite("devices", Boolean.TRUE.equals(d.allow()) ? "devices.allow" : "devices.deny", DeviceRules.line(d)));
    }
  }

  static void memory(List<ResourceWrite> w, Resources.Memory m, CgroupFacts facts) {
    if (m == null) return;
    long limit = v(m.limit()), swap = v(m.swap());
    // runc: an unlimited memory with swap unset means both unlimited.
    if (limit == -1 && swap == 0) swap = -1;
    boolean memsw = facts.has("memory", "memory.memsw.limit_in_bytes");
    if (swap != 0 && !memsw) swap = 0; // no swap accounting: runc skips memsw silently
    ResourceWrite lim = limit == 0 ? null : new ResourceWrite("memory", "memory.limit_in_bytes", Long.toString(limit));
    ResourceWrite sw = swap == 0 ? null : new ResourceWrite("memory", "memory.memsw.limit_in_bytes", Long.toString(swap));
    // The kernel keeps limit <= memsw at every step: when memsw grows past the current limit (or goes
    // unlimited) it must be written first, otherwise the limit first. The same rule as runc's.
    long current = facts.currentMemoryLimit();
    boolean swapFirst = lim != null && sw != null
        && (swap == -1 || (current != -1 && Long.compareUnsigned(current, swap) < 0));
    if (swapFirst) {
      w.add(sw);
      w.add(lim);
    } else {
      if (lim != null) w.add(lim);
      if (sw != null) w.add(sw);
    }
    if (nz(m.reservation())) w.add(new ResourceWrite("memory", "memory.soft_limit_in_bytes", m.reservation().toString()));
    // Kernel memory limits (m.kernel) are ignored, as in runc >= 1.0: the kernel deprecated them.
    if (nz(m.kernelTCP())) w.add(new ResourceWrite("memory", "memory.kmem.tcp.limit_in_bytes", m.kernelTCP().toString()));
    if (Boolean.TRUE.equals(m.disableOOMKiller())) w.add(new ResourceWrite("memory", "memory.oom_control", "1"));
    if (m.swappiness() != null && m.swappiness() != -1) {
      if (m.swappiness() < 0 || m.swappiness() > 100) {
        throw new JruncException("invalid memory swappiness value: " + Long.toUnsignedString(m.swappiness()) + " (valid range is 0-100)");
      }
      w.add(new ResourceWrite("memory", "memory.swappiness", m.swappiness().toString()));
    }
    // Hierarchical accounting is the only mode of current kernels; only an explicit request is written.
    if (Boolean.TRUE.equals(m.useHierarchy())) w.add(new ResourceWrite("memory", "memory.use_hierarchy", "1"));
  }

  static void cpu(List<ResourceWrite> w, Resources.Cpu c) {
    if (c == null) return;
    if (nz(c.shares())) w.add(new ResourceWrite("cpu", "cpu.shares", Long.toUnsignedString(c.shares())));
    // Period before quota, as runc (a quota is checked against the period in force).
    if (nz(c.period())) w.add(new ResourceWrite("cpu", "cpu.cfs_period_us", Long.toUnsignedString(c.period())));
    if (nz(c.quota())) w.add(new ResourceWrite("cpu", "cpu.cfs_quota_us", c.quota().toString()));
    if (c.burst() != null) w.add(new ResourceWrite("cpu", "cpu.cfs_burst_us", Long.toUnsignedString(c.burst())));
    if (nz(c.realtimePeriod())) w.add(new ResourceWrite("cpu", "cpu.rt_period_us", Long.toUnsignedString(c.realtimePeriod())));
    if (nz(c.realtimeRuntime())) w.add(new ResourceWrite("cpu", "cpu.rt_runtime_us", c.realtimeRuntime().toString()));
    if (c.idle() != null) w.add(new ResourceWrite("cpu", "cpu.idle", c.idle().toString()));
    if (c.cpus() != null && !c.cpus().isEmpty()) w.add(new ResourceWrite("cpuset", "cpuset.cpus", c.cpus()));
    if (c.mems() != null && !c.mems().isEmpty()) w.add(new ResourceWrite("cpuset", "cpuset.mems", c.mems()));
  }

  static void blkio(List<ResourceWrite> w, Resources.BlockIo b, CgroupFacts facts) {
    if (b == null) return;
    // With the bfq scheduler the weights are bfq's (runc's detectWeightFilenames).
    boolean bfq = facts.has("blkio", "blkio.bfq.weight");
    String weight = bfq ? "blkio.bfq.weight" : "blkio.weight";
    String weightDevice = bfq ? "blkio.bfq.weight_device" : "blkio.weight_device";
    if (b.weight() != null && b.weight() != 0) w.add(new ResourceWrite("blkio", weight, b.weight().toString()));
    if (b.leafWeight() != null && b.leafWeight() != 0) w.add(new ResourceWrite("blkio", "blkio.leaf_weight", b.leafWeight().toString()));
    for (Resources.WeightDevice d : Nulls.list(b.weightDevice())) {
      if (d.weight() != null && d.weight() != 0) w.add(new ResourceWrite("blkio", weightDevice, d.major() + ":" + d.minor() + " " + d.weight()));
      if (d.leafWeight() != null && d.leafWeight() != 0) {
        w.add(new ResourceWrite("blkio", "blkio.leaf_weight_device", d.major() + ":" + d.minor() + " " + d.leafWeight()));
      }
    }
    throttle(w, "blkio.throttle.read_bps_device", Nulls.list(b.throttleReadBpsDevice()));
    throttle(w, "blkio.throttle.write_bps_device", Nulls.list(b.throttleWriteBpsDevice()));
    throttle(w, "blkio.throttle.read_iops_device", Nulls.list(b.throttleReadIOPSDevice()));
    throttle(w, "blkio.throttle.write_iops_device", Nulls.list(b.throttleWriteIOPSDevice()));
  }

  private static void throttle(List<ResourceWrite> w, String file, List<Resources.ThrottleDevice> devs) {
    for (Resources.ThrottleDevice d : devs) {
      w.add(new ResourceWrite("blkio", file, d.major() + ":" + d.minor() + " " + Long.toUnsignedString(d.rate())));
    }
  }

  static long v(Long x) {
    return x == null ? 0 : x;
  }

  static boolean nz(Long x) {
    return x != null && x != 0;
  }
}
