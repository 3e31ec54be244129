package dev.jrunc.runtime.cgroups;

/**
 * What the resource mapping needs to know about the host beyond the spec: which optional files the
 * kernel offers (bfq weights, swap accounting) and the current memory limit, which decides the order of
 * the v1 memory and memory+swap writes. Read at plan time; a fake in unit tests.
 */
public interface CgroupFacts {
  /** Whether {@code file} exists in the controller's hierarchy (checked at its root, which has them all). */
  boolean has(String controller, String file);

  /** The container cgroup's current v1 memory limit in bytes, or -1 if the cgroup does not exist yet. */
  long currentMemoryLimit();

  /** Every optional file present, memory unlimited: a plain modern host. */
  CgroupFacts ALL = new CgroupFacts() {
    @Override public boolean has(String controller, String file) {
      return true;
    }

    @Override public long currentMemoryLimit() {
      return -1;
    }
  };
}
