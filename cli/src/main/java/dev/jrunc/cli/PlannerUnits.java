package dev.jrunc.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The systemd units that run the warm planner on demand: a socket unit that owns the root-only socket
 * and a service that systemd starts on the first connection, passing the listening socket as stdin
 * (StandardInput=socket, which `jrunc server` takes as its inherited channel). The server exits when
 * idle; the next front's connection starts it again (that front waits, or plans cold after 3 s).
 */
final class PlannerUnits {
  static final String SOCKET_UNIT = "jrunc-planner.socket";
  static final String SERVICE_UNIT = "jrunc-planner.service";

  private PlannerUnits() {}

  /** File name → contents, for the jrunc binary at {@code binary}. */
  static Map<String, String> files(String binary) {
    String socket = ServerCommand.DEFAULT_SOCKET;
    Map<String, String> files = new LinkedHashMap<>();
    files.put(SOCKET_UNIT, "[Unit]\n"
        + "Description=jrunc warm planner socket\n"
        + "\n"
        + "[Socket]\n"
        + "ListenStream=" + socket + "\n"
        + "SocketMode=0600\n"
        + "DirectoryMode=0700\n"
        + "\n"
        + "[Install]\n"
        + "WantedBy=sockets.target\n");
    files.put(SERVICE_UNIT, "[Unit]\n"
        + "Description=jrunc warm planner (plans for jrunc; executes nothing)\n"
        + "Requires=" + SOCKET_UNIT + "\n"
        + "\n"
        + "[Service]\n"
        + "ExecStart=" + quote(binary) + " server --idle-timeout 10m\n"
        + "StandardInput=socket\n"
        + "StandardOutput=journal\n"
        + "StandardError=journal\n"
        // its own front must plan cold: there is no other server to ask
        + "Environment=JRUNC_PLANNER_SOCKET=\n");
    return files;
  }

  /** systemd's quoting for one ExecStart word. */
  private static String quote(String word) {
    return word.matches("[A-Za-z0-9/._+@-]+") ? word : "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
