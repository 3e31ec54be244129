package dev.jrunc.runtime.api;

import java.nio.file.Path;

/**
 * Options that apply to every command, as runc's global flags.
 *
 * @param root the state directory (runc's --root)
 * @param logPath where errors are logged ("" = stderr)
 * @param logFormat "text" or "json"
 * @param systemdCgroup cgroupsPath is slice:prefix:name
 * @param rootless "true", "false" or "auto"
 * @param sandbox jrunc's options beyond runc's
 */
public record RuntimeOptions(Path root, String logPath, String logFormat, boolean debug, boolean systemdCgroup, String rootless,
    SandboxOptions sandbox) {
  public static final Path DEFAULT_ROOT = Path.of("/run/jrunc");

  public RuntimeOptions {
    root = (root == null ? DEFAULT_ROOT : root).toAbsolutePath().normalize();
    logPath = logPath == null ? "" : logPath;
    logFormat = logFormat == null || logFormat.isEmpty() ? "text" : logFormat;
    rootless = rootless == null ? "auto" : rootless;
    sandbox = sandbox == null ? SandboxOptions.DEFAULT : sandbox;
    if (!rootless.equals("auto")) parseRootless(rootless); // a bad value fails every command, as in runc
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      throw new JruncException("invalid log-format: " + logFormat);
    }
  }

  /**
   * Whether this is a rootless run (runc's --rootless): "auto" means the caller is not root. It makes
   * cgroups optional (used only where the caller may write: delegated) and marks the state "rootless".
   */
  public boolean isRootless() {
    return isRootless(CallerIds.current());
  }

  /** {@link #isRootless()} for a caller whose ids were already read (a plan reads them once). */
  public boolean isRootless(CallerIds caller) {
    return rootless.equals("auto") ? !caller.isRoot() : parseRootless(rootless);
  }

  /** Go's strconv.ParseBool spellings, as runc accepts them. */
  private static boolean parseRootless(String value) {
    return switch (value) {
      case "true", "1", "t", "T", "TRUE", "True" -> true;
      case "false", "0", "f", "F", "FALSE", "False" -> false;
      default -> throw new JruncException("invalid --rootless value: \"" + value + "\" (want true, false or auto)");
    };
  }

  /** runc's default state directory: $XDG_RUNTIME_DIR/jrunc for a caller that is not root, if set. */
  public static Path defaultRoot(CallerIds caller, String xdgRuntimeDir) {
    if (!caller.isRoot() && xdgRuntimeDir != null && !xdgRuntimeDir.isEmpty()) return Path.of(xdgRuntimeDir, "jrunc");
    return DEFAULT_ROOT;
  }

  /** These options with other sandbox options. */
  public RuntimeOptions withSandbox(SandboxOptions other) {
    return new RuntimeOptions(root, logPath, logFormat, debug, systemdCgroup, rootless, other);
  }

  /** runc's options only (the sandbox options at their defaults). */
  public RuntimeOptions(Path root, String logPath, String logFormat, boolean debug, boolean systemdCgroup, String rootless) {
    this(root, logPath, logFormat, debug, systemdCgroup, rootless, null);
  }

  public static RuntimeOptions defaults() {
    return new RuntimeOptions(null, null, null, false, false, null);
  }
}
