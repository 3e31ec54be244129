package dev.jrunc.runtime.cgroups;

/**
 * One cgroup file write that applies a resource limit: the controller whose directory holds the file
 * (a v1 controller name such as "memory" or "cpu"; {@link CgroupPaths#UNIFIED} on v2), the file name
 * and the exact text to write. The order of a list of writes is the order they must happen in.
 */
public record ResourceWrite(String controller, String file, String value) {
  @Override
  public String toString() {
    return (controller.isEmpty() ? "" : controller + "/") + file + "=" + value;
  }
}
