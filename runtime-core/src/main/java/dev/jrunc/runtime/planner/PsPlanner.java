package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.state.ContainerState;
import dev.jrunc.runtime.state.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * `ps`: the container's processes, read from its cgroup (the whole subtree, as runc's GetAllPids).
 * The table form needs the output of the host's ps(1) filtered by those pids; ps is read-only, so the
 * planner runs it itself (the one exception to "the planner only reads files") rather than adding a
 * capture-and-filter op to the front: the answer is text the front only has to print.
 */
public final class PsPlanner {
  private final StateStore store;

  public PsPlanner(StateStore store) {
    this.store = store;
  }

  /** runc's json form: a compact array, or null when the cgroup holds nothing. */
  public String json(String id) {
    List<Long> pids = pids(store.load(id));
    if (pids.isEmpty()) return "null\n";
    return pids.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]\n"));
  }

  /** runc's table form: ps(1)'s header and the lines whose PID column is in the container. */
  public String table(String id, List<String> psArgs) {
    Set<Long> pids = new TreeSet<>(pids(store.load(id)));
    List<String> cmd = new ArrayList<>();
    cmd.add("ps");
    cmd.addAll(psArgs.isEmpty() ? List.of("-ef") : psArgs);
    String out = run(cmd);
    return filter(out, pids);
  }

  static String filter(String psOutput, Set<Long> pids) {
    String[] lines = psOutput.split("\n", -1);
    int index = List.of(lines[0].trim().split("\\s+")).indexOf("PID");
    if (index < 0) throw new JruncException("couldn't find PID field in ps output");
    StringBuilder sb = new StringBuilder(lines[0]).append('\n');
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty()) continue;
      String[] f = lines[i].trim().split("\\s+");
      long p;
      try {
        p = Long.parseLong(f[index]);
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new JruncException("unable to parse pid: strconv.Atoi: parsing \"" + (index < f.length ? f[index] : "") + "\": invalid syntax");
      }
      if (pids.contains(p)) sb.append(lines[i]).append('\n');
    }
    return sb.toString();
  }

  private static String run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      int rc = p.waitFor();
      if (rc != 0) throw new JruncException("exit status " + rc + ": " + out.trim());
      return out;
    } catch (IOException e) {
      throw new JruncException("exec: \"ps\": executable file not found in $PATH");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JruncException("ps interrupted");
    }
  }

  /** Every pid in the container's cgroup and its sub-cgroups, in the order runc reads them. */
  static List<Long> pids(ContainerState st) {
    String procs = CgroupPlanner.procsFile(st.cgroupPaths());
    if (procs == null) return descendants(st.pid());
    List<Long> pids = new ArrayList<>();
    Path dir = Path.of(procs).getParent();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().equals("cgroup.procs")).toList()) {
        for (String line : Files.readAllLines(f)) {
          if (!line.isBlank()) pids.add(Long.parseLong(line.trim()));
        }
      }
    } catch (NoSuchFileException | java.io.UncheckedIOException e) {
      return pids;
    } catch (IOException e) {
      throw new JruncException("read " + dir + ": " + e.getMessage());
    }
    return pids;
  }

  /**
   * A container without a cgroup (rootless, not delegated): its init and every process under it, from
   * /proc/PID/task/TID/children. A process that left the tree (daemonized) is not found.
   */
  static List<Long> descendants(long init) {
    List<Long> pids = new ArrayList<>();
    if (init <= 0 || !Files.isDirectory(Path.of("/proc/" + init))) return pids;
    pids.add(init);
    for (int i = 0; i < pids.size(); i++) {
      try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pids.get(i) + "/task"))) {
        for (Path task : tasks.toList()) {
          for (String child : Files.readString(task.resolve("children")).trim().split("\\s+")) {
            if (!child.isEmpty()) pids.add(Long.parseLong(child));
          }
        }
      } catch (IOException | java.io.UncheckedIOException e) {
        // the process exited meanwhile
      }
    }
    return pids;
  }
}
