package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.api.JruncException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cgroup directories an exec'd process joins: the container's own, or with runc's
 * {@code --cgroup [controller[,controller]:]path} an existing sub-cgroup of it, for the named v1
 * hierarchies (a hierarchy "cpu,cpuacct" matches "cpu") or, without controllers, for every one.
 */
final class ExecCgroups {
  private ExecCgroups() {}

  static Map<String, String> dirs(Map<String, String> container, List<String> specs) {
    Map<String, String> dirs = new LinkedHashMap<>(container);
    for (String spec : specs) {
      int colon = spec.indexOf(':');
      String path = colon < 0 ? spec : spec.substring(colon + 1);
      if (path.isEmpty() || Path.of(path).isAbsolute() || Arrays.asList(path.split("/")).contains("..")) {
        throw new JruncException("invalid --cgroup argument: " + spec);
      }
      if (colon < 0) {
        dirs.replaceAll((k, v) -> Path.of(container.get(k), path).toString());
        continue;
      }
      for (String ctrl : spec.substring(0, colon).split(",")) {
        String key = container.keySet().stream().filter(k -> !k.isEmpty() && Arrays.asList(k.split(",")).contains(ctrl))
            .findFirst().orElseThrow(() -> new JruncException("invalid --cgroup argument: " + spec + ": controller " + ctrl + " not present"));
        dirs.put(key, Path.of(container.get(key), path).toString());
      }
    }
    return dirs;
  }
}
