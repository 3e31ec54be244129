package dev.jrunc.runtime.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jrunc.runtime.api.SandboxOptions;
import dev.jrunc.runtime.state.ContainerState;
import dev.jrunc.spec.GoEscapes;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The state file and the strings and maps of hook states, written with jackson-core's generator,
 * byte for byte as {@link Json#compact()} writes them: a cold `create` otherwise pays for databind's
 * ObjectMapper and its introspection of ContainerState and SandboxOptions just to write one document.
 * Same generator, same escapes, the records' inclusion rules spelled out (ContainerState: NON_NULL,
 * SandboxOptions: NON_DEFAULT). A config tree holding a node kind not written here gives null:
 * the caller falls back to databind. StateJsonTest compares both writers.
 */
final class QuickStateWriter {
  private static final JsonFactory FACTORY = factory();

  private QuickStateWriter() {}

  private static JsonFactory factory() {
    JsonFactory f = new JsonFactory();
    f.setCharacterEscapes(new GoEscapes());
    f.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
    return f;
  }

  /** Thrown for a tree node this writer leaves to databind. */
  private static final class Fallback extends RuntimeException {
    Fallback() {
      super(null, null, false, false);
    }
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static String write(Body body) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** {@link Json#indented}'s layout: Go's MarshalIndent with the given unit. */
  static DefaultPrettyPrinter prettyPrinter(String indent) {
    return new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""))
        .withObjectIndenter(new DefaultIndenter(indent, "\n"))
        .withArrayIndenter(new DefaultIndenter(indent, "\n"));
  }

  /** A tree as {@code Json.indented(indent)} writes it, or null to let databind write it. */
  static String indented(JsonNode n, String indent) {
    try {
      return write(g -> {
        g.setPrettyPrinter(prettyPrinter(indent).createInstance());
        tree(g, n);
      });
    } catch (Fallback e) {
      return null;
    }
  }

  /** A tree as {@code Json.compact()} writes it, or null to let databind write it. */
  static String compact(JsonNode n) {
    try {
      return write(g -> tree(g, n));
    } catch (Fallback e) {
      return null;
    }
  }

  /** A JSON string literal (null: {@code null}). */
  static String string(String s) {
    return write(g -> g.writeString(s));
  }

  /** A string map as databind writes a Map (null values as null). */
  static String stringMap(Map<String, String> m) {
    return write(g -> map(g, m));
  }

  /** The state document, or null to let databind write it. */
  static String state(ContainerState st) {
    try {
      return write(g -> {
        g.writeStartObject();
        if (st.ociVersion() != null) g.writeStringField("ociVersion", st.ociVersion());
        if (st.id() != null) g.writeStringField("id", st.id());
        g.writeNumberField("pid", st.pid());
        g.writeNumberField("initStartTime", st.initStartTime());
        if (st.bundle() != null) g.writeStringField("bundle", st.bundle());
        if (st.rootfs() != null) g.writeStringField("rootfs", st.rootfs());
        if (st.created() != null) g.writeStringField("created", st.created());
        g.writeFieldName("annotations");
        map(g, st.annotations());
        g.writeFieldName("cgroupPaths");
        map(g, st.cgroupPaths());
        g.writeBooleanField("rootless", st.rootless());
        if (st.config() != null) {
          g.writeFieldName("config");
          tree(g, st.config());
        }
        g.writeFieldName("sandbox");
        sandbox(g, st.sandbox());
        g.writeBooleanField("noNewKeyring", st.noNewKeyring());
        g.writeEndObject();
      });
    } catch (Fallback e) {
      return null;
    }
  }

  private static void map(JsonGenerator g, Map<String, String> m) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, String> e : m.entrySet()) {
      if (e.getKey() == null) throw new Fallback();
      g.writeFieldName(e.getKey());
      g.writeString(e.getValue());
    }
    g.writeEndObject();
  }

  /** NON_DEFAULT on a record: null, empty and false/0 components are left out. */
  private static void sandbox(JsonGenerator g, SandboxOptions s) throws IOException {
    g.writeStartObject();
    if (s.network() != null && !s.network().isEmpty()) g.writeStringField("network", s.network());
    if (s.overlay() != null && !s.overlay().isEmpty()) g.writeStringField("overlay", s.overlay());
    if (s.strace()) g.writeBooleanField("strace", true);
    strings(g, "straceSyscalls", s.straceSyscalls());
    strings(g, "netVeth", s.netVeth());
    strings(g, "netDeny", s.netDeny());
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, String field, java.util.List<String> values) throws IOException {
    if (values == null || values.isEmpty()) return;
    g.writeArrayFieldStart(field);
    for (String v : values) g.writeString(v);
    g.writeEndArray();
  }

  /** The node kinds a spec tree holds, written as their own serialize methods do. */
  private static void tree(JsonGenerator g, JsonNode n) throws IOException {
    switch (n.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          g.writeFieldName(e.getKey());
          tree(g, e.getValue());
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode e : n) tree(g, e);
        g.writeEndArray();
      }
      case STRING -> g.writeString(n.textValue());
      case BOOLEAN -> g.writeBoolean(n.booleanValue());
      case NULL -> g.writeNull();
      case NUMBER -> {
        switch (n.numberType()) {
          case INT -> g.writeNumber(n.intValue());
          case LONG -> g.writeNumber(n.longValue());
          case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
          default -> throw new Fallback();
        }
      }
      default -> throw new Fallback();
    }
  }
}
