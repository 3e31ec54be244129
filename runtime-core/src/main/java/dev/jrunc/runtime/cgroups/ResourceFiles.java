package dev.jrunc.runtime.cgroups;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.spec.Device;
import dev.jrunc.spec.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Which driver maps a container's resources, and where each write lands. The container's cgroup
 * directories decide: only the unified ("") one means a v2 host; any v1 hierarchy means v1 or hybrid,
 * where runc (and we) put every limit in the v1 controllers.
 */
public final class ResourceFiles {
  private ResourceFiles() {}

  public static boolean unifiedOnly(Map<String, ?> dirs) {
    return dirs.size() == 1 && dirs.containsKey(CgroupPaths.UNIFIED);
  }

  /** The writes of create: linux.resources plus the device rules runc derives from the spec. */
  public static List<ResourceWrite> forCreate(Map<String, Path> dirs, Resources r, List<Device> nodes) {
    if (r == null && nodes.isEmpty()) return List.of();
    Resources res = r == null ? new Resources(null, null, null, null, null, null, null, null, null) : r;
    // At create, a pids limit of 0 or less means unlimited (runc's specconv); in update, 0 = unchanged.
    if (res.pids() != null && res.pids().limit() != null && res.pids().limit() <= 0) {
      res = withPids(res, -1L);
    }
    List<Device> devNodes = unifiedOnly(dirs) ? List.of() : nodes;
    res = new Resources(DeviceRules.effective(Nulls.list(res.devices()), devNodes), res.memory(), res.cpu(), res.pids(), res.blockIO(),
        res.hugepageLimits(), res.network(), res.rdma(), res.unified());
    return forResources(dirs, res);
  }

  /** The ordered device rules of create (empty: no device control). */
  public static List<Resources.DeviceRule> deviceRules(Resources r, List<Device> nodes) {
    return r == null ? List.of() : DeviceRules.effective(Nulls.list(r.devices()), nodes);
  }

  /** The writes of the given resources (update: zeros are skipped) with the host's facts. */
  public static List<ResourceWrite> forResources(Map<String, Path> dirs, Resources r) {
    CgroupFacts facts = new HostFacts(dirs);
    if (unifiedOnly(dirs)) {
      // Device rules on v2 are an eBPF program, not files: see DeviceFilter and CgroupPlanner.
      return V2Resources.writes(r, facts);
    }
    return V1Resources.writes(r, facts);
  }

  /** The directory a write goes to: the hierarchy holding its controller. */
  public static Path dirFor(Map<String, Path> dirs, ResourceWrite w) {
    if (w.controller().isEmpty()) return dirs.get(CgroupPaths.UNIFIED);
    for (Map.Entry<String, Path> e : dirs.entrySet()) {
      for (String c : e.getKey().split(",")) {
        if (c.equals(w.controller())) return e.getValue();
      }
    }
    throw new JruncException("cgroup controller " + w.controller() + " is not mounted, needed to set " + w.file() + " to " + w.value());
  }

  private static Resources withPids(Resources r, long limit) {
    return new Resources(Nulls.list(r.devices()), r.memory(), r.cpu(), new Resources.Pids(limit), r.blockIO(), Nulls.list(r.hugepageLimits()),
        r.network(), Nulls.map(r.rdma()), Nulls.map(r.unified()));
  }

  /** Facts read from the host at plan time: a file is looked for in the nearest existing directory. */
  private record HostFacts(Map<String, Path> dirs) implements CgroupFacts {
    @Override
    public boolean has(String controller, String file) {
      Path d;
      try {
        d = dirFor(dirs, new ResourceWrite(controller, file, ""));
      } catch (JruncException e) {
        return false;
      }
      while (d != null && !Files.isDirectory(d)) d = d.getParent();
      return d != null && Files.exists(d.resolve(file));
    }

    @Override
    public long currentMemoryLimit() {
      try {
        Path d = dirFor(dirs, new ResourceWrite("memory", "memory.limit_in_bytes", ""));
        return Long.parseUnsignedLong(Files.readString(d.resolve("memory.limit_in_bytes")).trim());
      } catch (JruncException | IOException | NumberFormatException e) {
        return -1;
      }
    }
  }
}
