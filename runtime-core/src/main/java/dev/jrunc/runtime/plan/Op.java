package dev.jrunc.runtime.plan;

import java.util.List;

/**
 * One step of a plan: an op code, a human label (the front prefixes its error with it), and arguments
 * whose kinds match the op's signature: String, Long, byte[] or List of String.
 */
public record Op(OpCode code, String label, List<Object> args) {

  public Op {
    args = List.copyOf(args);
    String sig = code.signature();
    if (sig.length() != args.size()) {
      throw new IllegalArgumentException(code + " takes " + sig.length() + " arguments, got " + args.size());
    }
    for (int i = 0; i < sig.length(); i++) {
      Object a = args.get(i);
      boolean ok =
          switch (sig.charAt(i)) {
            case 's' -> a instanceof String;
            case 'u' -> a instanceof Long;
            case 'b' -> a instanceof byte[];
            case 'v' -> a instanceof List<?> l && l.stream().allMatch(String.class::isInstance);
            default -> false;
          };
      if (!ok) {
        throw new IllegalArgumentException(code + " argument " + i + " must be of kind " + sig.charAt(i) + ": " + a);
      }
    }
  }

  public static Op of(OpCode code, String label, Object... args) {
    return new Op(code, label, List.of(args));
  }
}
