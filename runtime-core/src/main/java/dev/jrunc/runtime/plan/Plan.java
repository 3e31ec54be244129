package dev.jrunc.runtime.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered plan: ops grouped by the section that runs them. Plans are built by the planners and
 * executed by the native front; nothing in the planner has side effects, so a plan can be inspected,
 * dumped as text (golden tests) or sent to another process.
 */
public final class Plan {
  private final Map<Section, List<Op>> sections = new EnumMap<>(Section.class);

  public Plan add(Section section, Op op) {
    sections.computeIfAbsent(section, s -> new ArrayList<>()).add(op);
    return this;
  }

  public Plan add(Section section, OpCode code, String label, Object... args) {
    return add(section, Op.of(code, label, args));
  }

  /** Appends every op of another plan, section by section. */
  public Plan addAll(Plan other) {
    other.sections.forEach((s, ops) -> ops.forEach(op -> add(s, op)));
    return this;
  }

  public List<Op> ops(Section section) {
    return Collections.unmodifiableList(sections.getOrDefault(section, List.of()));
  }

  public boolean spawns() {
    return sections.containsKey(Section.NAMESPACES);
  }

  /** A plan that only reports an error and exits with the given code. */
  public static Plan failure(Plan logConfig, String message, int exitCode) {
    Plan p = new Plan().addAll(logConfig);
    return p.add(Section.PREPARE, OpCode.FAIL, "", message, (long) exitCode);
  }
}
