package dev.jrunc.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's time.ParseDuration: "5s", "500ms", "1m30s", "1.5h", "100us"/"100µs", "10ns"; errors in Go's words. */
final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

  private GoDuration() {}

  static Duration parse(String s) {
    String text = s;
    boolean negative = false;
    if (text.startsWith("-") || text.startsWith("+")) {
      negative = text.startsWith("-");
      text = text.substring(1);
    }
    if (text.equals("0")) return Duration.ZERO;
    if (text.isEmpty()) throw invalid(s);
    Matcher m = PART.matcher(text);
    BigDecimal nanos = BigDecimal.ZERO;
    int pos = 0;
    while (pos < text.length()) {
      if (!m.find(pos) || m.start() != pos) {
        boolean unitMissing = text.substring(pos).matches("[\\d.]+");
        throw unitMissing ? new IllegalArgumentException("time: missing unit in duration \"" + s + "\"") : invalid(s);
      }
      long unit = switch (m.group(2)) {
        case "ns" -> 1L;
        case "us", "µs", "μs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
      pos = m.end();
    }
    Duration d = Duration.ofNanos(nanos.longValue());
    return negative ? d.negated() : d;
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException("time: invalid duration \"" + s + "\"");
  }
}
