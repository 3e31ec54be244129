package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.plan.Op;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.state.ContainerState;
import dev.jrunc.spec.Spec;

/** The container's seccomp filter, compiled to classic BPF by the seccomp module. */
public final class SeccompPlanner {
  private SeccompPlanner() {}

  /** The SECCOMP op for the spec's linux.seccomp, or null when there is none. */
  static Plan plan(Spec spec, ContainerState state) {
    if (spec.linux() == null || spec.linux().seccomp() == null) return null;
    throw new dev.jrunc.runtime.api.JruncException("linux.seccomp: not supported yet");
  }

  static String listenerPath(Spec spec) {
    return null;
  }

  static Op sendListener(Spec spec, ContainerState state) {
    throw new UnsupportedOperationException();
  }
}
