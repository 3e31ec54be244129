package dev.jrunc.runtime.planner;

import dev.jrunc.runtime.plan.Op;
import dev.jrunc.runtime.plan.OpCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Turns a list of hooks into HOOK ops that feed each the OCI state on stdin. */
public final class HookPlanner {
  private HookPlanner() {}

  /**
   * @param kind the hook kind for messages ("prestart", "poststop"...)
   * @param stateJson the OCI state (may contain ${pid}; substituted by the front)
   * @param cwd where the hook runs ("" = wherever the executing process is)
   */
  public static List<Op> ops(String kind, List<HookCommand> hooks, String stateJson, String cwd) {
    List<Op> ops = new ArrayList<>();
    byte[] stdin = stateJson.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < hooks.size(); i++) {
      HookCommand h = hooks.get(i);
      long timeoutMs = h.timeout() == null ? 0 : h.timeout() * 1000L;
      ops.add(Op.of(OpCode.HOOK, "error running hook #" + i + " (" + kind + ")", h.path(), h.args(), h.env(), timeoutMs, stdin, cwd));
    }
    return ops;
  }
}
