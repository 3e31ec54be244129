package dev.jrunc.runtime.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.cgroups.CgroupPaths;
import dev.jrunc.runtime.cgroups.CgroupStats;
import dev.jrunc.runtime.cgroups.ResourceFiles;
import dev.jrunc.runtime.json.Json;
import dev.jrunc.runtime.state.ContainerState;
import dev.jrunc.runtime.state.StateStore;
import dev.jrunc.runtime.state.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * `events`: read-only, so it needs no plan. {@link #stats} is one stats event; {@link #stream} writes a
 * stats event every interval and an oom event whenever the cgroup's OOM-kill counter grows (v1
 * memory.oom_control, v2 memory.events; polled every 100 ms, runc waits on an eventfd), until the
 * container stops.
 */
public final class EventsPlanner {
  private static final long OOM_POLL_MS = 100;
  private final StateStore store;

  public EventsPlanner(StateStore store) {
    this.store = store;
  }

  /** One compact line {"type":"stats","id":...,"data":{...}} (with its newline). */
  public String stats(String id) {
    ContainerState st = running(id);
    return line(st.id(), "stats", new CgroupStats(st.cgroupPaths()).read());
  }

  /** Blocks until the container stops; {@code out} gets one line per event. */
  public void stream(String id, Duration interval, Consumer<String> out) {
    ContainerState st = running(id);
    long ooms = oomKills(st);
    long next = System.nanoTime();
    while (true) {
      long now = ooms < 0 ? -1 : oomKills(st);
      for (long i = ooms; i < now; i++) out.accept(line(st.id(), "oom", null));
      if (now > ooms) ooms = now;
      if (store.status(st) == Status.STOPPED) return;
      if (System.nanoTime() - next >= 0) {
        try {
          out.accept(line(st.id(), "stats", new CgroupStats(st.cgroupPaths()).read()));
        } catch (RuntimeException e) {
          if (e instanceof UncheckedIOException) throw e;
          // runc logs a failed collection and goes on; so do we (the cgroup may be going away).
        }
        next += interval.toNanos();
      }
      long sleep = Math.min(OOM_POLL_MS, Math.max(1, (next - System.nanoTime()) / 1_000_000));
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private ContainerState running(String id) {
    ContainerState st = store.load(id);
    if (store.status(st) == Status.STOPPED) throw new JruncException("container with id " + id + " is not running");
    return st;
  }

  /** The number of OOM kills in the container's memory cgroup, or -1 if it has none we can read. */
  static long oomKills(ContainerState st) {
    String v1 = st.cgroupPaths().get("memory");
    Path file = v1 != null ? Path.of(v1, "memory.oom_control")
        : ResourceFiles.unifiedOnly(st.cgroupPaths()) ? Path.of(st.cgroupPaths().get(CgroupPaths.UNIFIED), "memory.events") : null;
    if (file == null) return -1;
    try {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 2 && f[0].equals("oom_kill")) return Long.parseLong(f[1]);
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  static String line(String id, String type, ObjectNode data) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("type", type);
    n.put("id", id);
    if (data != null) n.set("data", data);
    try {
      return Json.compact().writeValueAsString(n) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
