package dev.jrunc.runtime.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.jrunc.spec.GoEscapes;

/**
 * JSON as runc (Go's encoding/json) writes it, because callers compare and parse our output: compact
 * or indented like MarshalIndent ("key": value, two spaces), and {@code < > &} escaped as \u003c etc.
 */
public final class Json {
  private static final ObjectMapper MAPPER = create();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Compact, as json.Marshal. */
  public static ObjectWriter compact() {
    return MAPPER.writer();
  }

  /** Indented with the given unit, as json.MarshalIndent(v, "", indent). */
  public static ObjectWriter indented(String indent) {
    return MAPPER.writer(QuickStateWriter.prettyPrinter(indent));
  }

  private static ObjectMapper create() {
    ObjectMapper m = new ObjectMapper();
    m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    m.getFactory().setCharacterEscapes(new GoEscapes());
    m.getFactory().configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
    return m;
  }
}
