package dev.jrunc.runtime.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.json.Json;
import dev.jrunc.runtime.json.QuickStateReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The state directory ({@code --root}): one directory per container holding state.json and, until
 * start, exec.fifo. Only reads here; the front does every write the plans ask for.
 */
public final class StateStore {
  public static final String STATE_FILE = "state.json";
  public static final String FIFO = "exec.fifo";
  public static final String LOCK = ".lock";

  private final Path root;

  public StateStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  public Path dir(String id) {
    return root.resolve(id);
  }

  public boolean exists(String id) {
    return Files.exists(dir(id));
  }

  /** Loads a container's state, or fails with runc's "container does not exist". */
  public ContainerState load(String id) {
    ContainerId.validate(id);
    Path file = dir(id).resolve(STATE_FILE);
    try {
      // the document jrunc wrote, without databind's introspection; anything else (a missing or
      // damaged file too) is read by databind below, which words the errors
      ContainerState quick = QuickStateReader.read(Files.readAllBytes(file));
      if (quick != null) return quick;
    } catch (NoSuchFileException e) {
      throw new JruncException("container does not exist");
    } catch (IOException e) {
      // databind reports it
    }
    try {
      return Json.mapper().readValue(file.toFile(), ContainerState.class);
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new JruncException("container does not exist");
    } catch (IOException e) {
      throw new JruncException("load container " + id + ": " + e.getMessage());
    }
  }

  /** Ids of every directory under the root, sorted; a missing root lists nothing. */
  public List<String> ids() {
    if (!Files.isDirectory(root)) return List.of();
    try (Stream<Path> s = Files.list(root)) {
      List<String> ids = new ArrayList<>();
      s.filter(Files::isDirectory).forEach(p -> ids.add(p.getFileName().toString()));
      ids.sort(null);
      return ids;
    } catch (IOException e) {
      throw new JruncException("list " + root + ": " + e.getMessage());
    }
  }

  /**
   * Derives the status as runc's refreshState does: stopped (init gone), paused (frozen: checked before
   * created, since a created container can be paused too and must then be resumable), created (fifo
   * present) or running.
   */
  public Status status(ContainerState st) {
    if (!ProcStat.isAlive(st.pid(), st.initStartTime())) return Status.STOPPED;
    if (frozen(st)) return Status.PAUSED;
    if (Files.exists(dir(st.id()).resolve(FIFO))) return Status.CREATED;
    return Status.RUNNING;
  }

  private static boolean frozen(ContainerState st) {
    String v1 = st.cgroupPaths().get("freezer");
    try {
      if (v1 != null) return Files.readString(Path.of(v1, "freezer.state")).trim().equals("FROZEN");
      String v2 = st.cgroupPaths().get("");
      if (v2 != null) return Files.readString(Path.of(v2, "cgroup.freeze")).trim().equals("1");
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  static ObjectMapper mapper() {
    return Json.mapper();
  }
}
