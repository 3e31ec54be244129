package dev.jrunc.runtime.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.runtime.api.SandboxOptions;
import dev.jrunc.runtime.state.ContainerState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the state file jrunc wrote from jackson-core's tokens: every command after create (start,
 * state, kill, delete) loads it, and databind's first readValue of a ContainerState costs its
 * introspection of the records. Builds what databind builds (the config as the same tree: ints as
 * IntNode, longs as LongNode, bigger as BigIntegerNode) for the document {@link QuickStateWriter}
 * writes; for anything else (unknown or repeated keys, other types, floats, bad sandbox options,
 * syntax errors) it returns null and databind reads the file, with its own messages.
 * StateJsonTest compares both readers.
 */
public final class QuickStateReader {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private QuickStateReader() {}

  private static final class Fallback extends RuntimeException {
    Fallback() {
      super(null, null, false, false);
    }
  }

  /** The state in {@code json}, or null to let databind read it. */
  public static ContainerState read(byte[] json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      ContainerState st = state(p);
      if (p.nextToken() != null) return null;
      return st;
    } catch (IOException | Fallback e) {
      return null;
    }
  }

  private static ContainerState state(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) throw new Fallback();
    String ociVersion = null, id = null, bundle = null, rootfs = null, created = null;
    long pid = 0, initStartTime = 0;
    Map<String, String> annotations = null, cgroupPaths = null;
    boolean rootless = false, noNewKeyring = false;
    JsonNode config = null;
    SandboxOptions sandbox = null;
    List<String> seen = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      if (seen.contains(key)) throw new Fallback();
      seen.add(key);
      p.nextToken();
      switch (key) {
        case "ociVersion" -> ociVersion = string(p);
        case "id" -> id = string(p);
        case "pid" -> pid = number(p);
        case "initStartTime" -> initStartTime = number(p);
        case "bundle" -> bundle = string(p);
        case "rootfs" -> rootfs = string(p);
        case "created" -> created = string(p);
        case "annotations" -> annotations = stringMap(p);
        case "cgroupPaths" -> cgroupPaths = stringMap(p);
        case "rootless" -> rootless = bool(p);
        case "config" -> {
          // databind reads a null config as a NullNode: never written, left to databind
          if (p.currentToken() == JsonToken.VALUE_NULL) throw new Fallback();
          config = tree(p, 0);
        }
        case "sandbox" -> sandbox = sandbox(p);
        case "noNewKeyring" -> noNewKeyring = bool(p);
        default -> throw new Fallback();
      }
    }
    return new ContainerState(ociVersion, id, pid, initStartTime, bundle, rootfs, created, annotations, cgroupPaths,
        rootless, config, sandbox, noNewKeyring);
  }

  private static SandboxOptions sandbox(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) return null;
    if (p.currentToken() != JsonToken.START_OBJECT) throw new Fallback();
    String network = null, overlay = null;
    boolean strace = false;
    List<String> syscalls = null, netVeth = null, netDeny = null;
    List<String> seen = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      if (seen.contains(key)) throw new Fallback();
      seen.add(key);
      p.nextToken();
      switch (key) {
        case "network" -> network = string(p);
        case "overlay" -> overlay = string(p);
        case "strace" -> strace = bool(p);
        case "straceSyscalls" -> syscalls = strings(p);
        case "netVeth" -> netVeth = strings(p);
        case "netDeny" -> netDeny = strings(p);
        default -> throw new Fallback();
      }
    }
    // the record rejects other networks: databind words that failure
    if (network != null && !network.isEmpty() && !List.of("sandbox", "none", "host").contains(network)) throw new Fallback();
    return new SandboxOptions(network, overlay, strace, syscalls, netVeth, netDeny);
  }

  private static String string(JsonParser p) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_NULL -> null;
      case VALUE_STRING -> p.getText();
      default -> throw new Fallback();
    };
  }

  private static boolean bool(JsonParser p) {
    return switch (p.currentToken()) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      default -> throw new Fallback();
    };
  }

  private static long number(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) throw new Fallback();
    JsonParser.NumberType t = p.getNumberType();
    if (t != JsonParser.NumberType.INT && t != JsonParser.NumberType.LONG) throw new Fallback();
    return p.getLongValue();
  }

  private static List<String> strings(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) return null;
    if (p.currentToken() != JsonToken.START_ARRAY) throw new Fallback();
    List<String> l = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() != JsonToken.VALUE_STRING) throw new Fallback();
      l.add(p.getText());
    }
    return l;
  }

  private static Map<String, String> stringMap(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) return null;
    if (p.currentToken() != JsonToken.START_OBJECT) throw new Fallback();
    Map<String, String> m = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      p.nextToken();
      if (m.containsKey(key)) throw new Fallback();
      m.put(key, string(p));
    }
    return m;
  }

  /** The tree databind's JsonNodeDeserializer builds, for the token kinds a spec tree holds. */
  private static JsonNode tree(JsonParser p, int depth) throws IOException {
    if (depth > 200) throw new Fallback();
    switch (p.currentToken()) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          p.nextToken();
          if (o.has(key)) throw new Fallback();
          o.set(key, tree(p, depth + 1));
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) a.add(tree(p, depth + 1));
        return a;
      }
      case VALUE_STRING -> {
        return NODES.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> NODES.numberNode(p.getIntValue());
          case LONG -> NODES.numberNode(p.getLongValue());
          default -> NODES.numberNode(p.getBigIntegerValue());
        };
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new Fallback();
    }
  }
}
