package dev.jrunc.cli;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker/go-units RAMInBytes, which runc's update uses for --memory and friends: "100m", "1.5g", "64MiB",
 * "512" (bytes); the multipliers are binary (k = 1024); the fraction is truncated after multiplying.
 */
final class RamSize {
  private static final Pattern SIZE = Pattern.compile("^(\\d+(\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

  private RamSize() {}

  /** Bytes, or an IllegalArgumentException with go-units' message ("invalid size: 'x'"). */
  static long parse(String s) {
    Matcher m = SIZE.matcher(s);
    if (!m.matches()) throw new IllegalArgumentException("invalid size: '" + s + "'");
    BigDecimal n;
    try {
      n = new BigDecimal(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid size: '" + s + "'");
    }
    int shift = m.group(3) == null ? 0 : 10 * ("kmgtp".indexOf(Character.toLowerCase(m.group(3).charAt(0))) + 1);
    return n.multiply(BigDecimal.valueOf(2).pow(shift)).longValue();
  }
}
