package dev.jrunc.cli.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a front sends the warm server: what the cold planner JVM would have inherited from it. Wire format
 * (little-endian, docs/plan-protocol.md "Warm mode"): u32 magic "JRQ1", u32 version, u32 pid, u32 argc,
 * u32 envc, then cwd, argv (without argv[0]) and env ("NAME=value") as u32 length + bytes each.
 *
 * @param pid the front's pid
 * @param cwd the front's working directory
 * @param args the command line after the program name
 * @param env the front's environment (the first of duplicate names wins, as getenv)
 */
public record PlanRequest(long pid, Path cwd, List<String> args, Map<String, String> env) {
  public static final int MAGIC = 0x3151524a; // "JRQ1" as little-endian bytes
  public static final int VERSION = 1;
  /** Far beyond any real command line and environment: a bound on what one request can make us hold. */
  static final int MAX_BYTES = 8 << 20;
  static final int MAX_STRINGS = 1 << 16;

  public PlanRequest {
    args = List.copyOf(args);
    env = Map.copyOf(env);
  }

  /** Reads one request; throws {@link BadRequest} (one line, naming the field) for anything malformed. */
  public static PlanRequest read(InputStream in) throws IOException {
    Reader r = new Reader(in);
    int magic = r.u32("magic");
    if (magic != MAGIC) throw new BadRequest("bad magic 0x" + Integer.toHexString(magic));
    int version = r.u32("version");
    if (version != VERSION) throw new BadRequest("unsupported version " + version);
    long pid = Integer.toUnsignedLong(r.u32("pid"));
    int argc = r.count("argc");
    int envc = r.count("envc");
    String cwd = r.string("cwd");
    if (!cwd.startsWith("/")) throw new BadRequest("cwd is not absolute: " + cwd);
    List<String> args = new ArrayList<>(argc);
    for (int i = 0; i < argc; i++) args.add(r.string("argv[" + i + "]"));
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < envc; i++) {
      String kv = r.string("env[" + i + "]");
      int eq = kv.indexOf('=');
      if (eq > 0) env.putIfAbsent(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return new PlanRequest(pid, Path.of(cwd), args, env);
  }

  /** This request in the wire format (the front writes the same bytes in C). */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    u32(out, MAGIC);
    u32(out, VERSION);
    u32(out, (int) pid);
    u32(out, args.size());
    u32(out, env.size());
    string(out, cwd.toString());
    for (String a : args) string(out, a);
    env.forEach((k, v) -> string(out, k + "=" + v));
    return out.toByteArray();
  }

  private static void u32(ByteArrayOutputStream out, int v) {
    out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
  }

  private static void string(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u32(out, b.length);
    out.writeBytes(b);
  }

  /** A malformed request: the server closes the connection, and the front plans cold. */
  public static final class BadRequest extends IOException {
    BadRequest(String message) {
      super("bad plan request: " + message);
    }
  }

  private static final class Reader {
    private final InputStream in;
    private long total;

    Reader(InputStream in) {
      this.in = in;
    }

    int u32(String field) throws IOException {
      byte[] b = bytes(4, field);
      return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    int count(String field) throws IOException {
      int n = u32(field);
      if (n < 0 || n > MAX_STRINGS) throw new BadRequest(field + " out of range: " + Integer.toUnsignedString(n));
      return n;
    }

    String string(String field) throws IOException {
      int len = u32(field + " length");
      if (len < 0 || total + len > MAX_BYTES) throw new BadRequest(field + " too long: " + Integer.toUnsignedString(len));
      return new String(bytes(len, field), StandardCharsets.UTF_8);
    }

    private byte[] bytes(int n, String field) throws IOException {
      total += n;
      byte[] b = in.readNBytes(n);
      if (b.length != n) throw new EOFException("bad plan request: truncated at " + field);
      return b;
    }
  }
}
