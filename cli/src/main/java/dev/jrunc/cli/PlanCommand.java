package dev.jrunc.cli;

import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.Plan;

/** A subcommand: it only plans; the native front executes the plan after this JVM exits. */
interface PlanCommand {
  Plan plan(JruncRuntime runtime);

  /** Put before every error this command reports (runc prefixes create and run failures). */
  default String errorPrefix() {
    return "";
  }

  /** The exit code of a failure (runc: 1, or 255 for exec). */
  default int failureExitCode() {
    return 1;
  }
}
