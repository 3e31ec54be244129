package dev.jrunc.runtime.state;

import dev.jrunc.runtime.api.JruncException;
import java.util.regex.Pattern;

/** Container ids as runc 1.1.5 accepts them: {@code ^[\w+-\.]+$} (a range: A-Z a-z 0-9 _ + , - .), not . or .. */
public final class ContainerId {
  private static final Pattern VALID = Pattern.compile("^[A-Za-z0-9_+,\\-.]+$");

  private ContainerId() {}

  public static String validate(String id) {
    if (id == null || id.isEmpty()) throw new JruncException("container id cannot be empty");
    if (!VALID.matcher(id).matches() || id.equals(".") || id.equals("..")) {
      throw new JruncException("invalid container ID format");
    }
    return id;
  }
}
