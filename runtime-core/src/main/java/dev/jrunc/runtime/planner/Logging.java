package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.api.RuntimeOptions;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;

/** The LOG_CONFIG op that opens every plan, so the front reports failures exactly as runc would. */
public final class Logging {
  private Logging() {}

  /** @param prefix put before every error, e.g. "jrunc create failed: " (runc's wording for create/run) */
  public static Plan config(RuntimeOptions options, String prefix, int failureExitCode) {
    return new Plan()
        .add(Section.PREPARE, OpCode.LOG_CONFIG, "", options.logPath(), options.logFormat(), prefix, (long) failureExitCode);
  }
}
