package dev.jrunc.runtime.plan;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** A readable dump of a plan, one op per line, for golden tests and debugging. */
public final class PlanText {
  private PlanText() {}

  public static String render(Plan plan) {
    StringBuilder sb = new StringBuilder();
    for (Section s : Section.values()) {
      List<Op> ops = plan.ops(s);
      if (ops.isEmpty()) continue;
      sb.append('[').append(s).append("]\n");
      for (Op op : ops) {
        sb.append("  ").append(op.code());
        if (!op.label().isEmpty()) sb.append(" \"").append(op.label()).append('"');
        for (Object a : op.args()) sb.append(' ').append(arg(a));
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  private static String arg(Object a) {
    if (a instanceof String s) return quote(s);
    if (a instanceof Long l) return l < 0 || l > 0xffff ? "0x" + Long.toHexString(l) : Long.toString(l);
    if (a instanceof byte[] b) {
      String text = new String(b, StandardCharsets.UTF_8);
      boolean printable = text.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\n' || c == '\t');
      return printable ? quote(text) : "<" + b.length + " bytes>";
    }
    if (a instanceof List<?> l) return l.stream().map(o -> quote((String) o)).collect(Collectors.joining(",", "[", "]"));
    return String.valueOf(a);
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + '"';
  }
}
