package dev.jrunc.runtime.state;

import java.util.Locale;

/** A container's status as runc reports it; derived from the process and the state dir, never stored. */
public enum Status {
  CREATED,
  RUNNING,
  PAUSED,
  STOPPED;

  /** The lower-case name used in JSON and messages. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
