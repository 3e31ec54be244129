package dev.jrunc.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads config.json / process.json into the model. All failures are {@link SpecException}s with one-line
 * messages:
 * <ul>
 *   <li>{@code open <path>: no such file or directory} (runc's wording; also {@code permission denied})</li>
 *   <li>{@code <path>: invalid JSON at line L column C: <reason>}</li>
 *   <li>{@code <path>: process.rlimits[1].soft: expected an unsigned number, got "abc"}</li>
 *   <li>{@code <path>: process.args: must not be empty} (validation, see {@link SpecValidator})</li>
 * </ul>
 */
public final class SpecLoader {
    private SpecLoader() {}

    /** Parses and validates a config.json for create/run (a process is required). */
    public static Spec load(Path configJson) throws SpecException {
        Spec spec = parse(configJson);
        try {
            SpecValidator.validate(spec, true);
        } catch (SpecException e) {
            throw e.inFile(configJson.toString());
        }
        return spec;
    }

    /** Parses a config.json without validating it. */
    public static Spec parse(Path configJson) throws SpecException {
        return read(readFile(configJson), configJson.toString(), Spec.class);
    }

    /** Parses a config.json held in memory; {@code name} is used in messages. */
    public static Spec parse(byte[] json, String name) throws SpecException {
        return read(json, name, Spec.class);
    }

    /** Parses and validates a process.json ({@code runc exec --process}); paths have no prefix. */
    public static Process loadProcess(Path processJson) throws SpecException {
        Process p = read(readFile(processJson), processJson.toString(), Process.class);
        if (p == null) throw new SpecException(processJson.toString(), "", "expected an object, got null");
        try {
            SpecValidator.validateProcess(p, "");
        } catch (SpecException e) {
            throw e.inFile(processJson.toString());
        }
        return p;
    }

    static byte[] readFile(Path file) throws SpecException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw SpecException.verbatim(file.toString(), "open " + file + ": no such file or directory");
        } catch (AccessDeniedException e) {
            throw SpecException.verbatim(file.toString(), "open " + file + ": permission denied");
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw SpecException.verbatim(file.toString(), "read " + file + ": is a directory");
            }
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw SpecException.verbatim(file.toString(), "open " + file + ": " + m);
        }
    }

    /** Reads {@code json} as {@code type}, turning Jackson errors into SpecExceptions. */
    public static <T> T read(byte[] json, String name, Class<T> type) throws SpecException {
        if (type == Spec.class) {
            // the common shapes without databind's introspection; anything else (errors too) below
            Spec quick = QuickSpecReader.read(json);
            if (quick != null) return type.cast(quick);
        }
        try {
            T v = Json.mapper().readValue(json, type);
            if (v == null) throw new SpecException(name, "", "expected an object, got null");
            return v;
        } catch (StreamReadException e) {
            throw syntax(name, e, json);
        } catch (JsonMappingException e) {
            throw mapping(name, e, json);
        } catch (JsonProcessingException e) {
            throw new SpecException(name, "", firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new SpecException(name, "", String.valueOf(e.getMessage()));
        }
    }

    private static SpecException syntax(String name, JsonProcessingException e, byte[] json) {
        String reason = firstLine(e.getOriginalMessage());
        int cut = reason.indexOf(" (start marker at");
        if (cut > 0) reason = reason.substring(0, cut);
        return syntaxAt(name, e.getLocation(), reason);
    }

    private static SpecException syntaxAt(String name, JsonLocation loc, String reason) {
        int line = loc == null ? 1 : Math.max(loc.getLineNr(), 1);
        int col = loc == null ? 1 : Math.max(loc.getColumnNr(), 1);
        return new SpecException(name, "", "invalid JSON at line " + line + " column " + col + ": " + reason);
    }

    private static SpecException mapping(String name, JsonMappingException e, byte[] json) {
        String orig = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof MismatchedInputException && e.getPath().isEmpty()) {
            if (orig.startsWith("No content to map")) {
                return new SpecException(name, "", "invalid JSON at line 1 column 1: unexpected end of input");
            }
            if (orig.startsWith("Trailing token")) {
                return syntaxAt(name, e.getLocation(), "unexpected data after the top-level value");
            }
        }
        String path = path(e.getPath());
        String reason;
        if (e instanceof Num.BadValueException) {
            reason = orig;
        } else if (e instanceof MismatchedInputException mie && e.getProcessor() instanceof JsonParser p) {
            reason = "expected " + kind(mie.getTargetType()) + ", got " + Num.describe(p);
        } else {
            reason = firstLine(orig);
        }
        return new SpecException(name, path, reason);
    }

    /** {@code process.rlimits[1].soft} from Jackson's reference chain. */
    static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                appendMember(sb, r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** Appends {@code .key}, or {@code ["a.b"]} for keys that are not plain identifiers (map keys). */
    static void appendMember(StringBuilder sb, String key) {
        if (isIdentifier(key)) {
            if (sb.length() > 0) sb.append('.');
            sb.append(key);
        } else {
            sb.append('[').append(Json.quote(key)).append(']');
        }
    }

    /** {@code prefix.key} or {@code prefix["a.b"]}. */
    static String member(String prefix, String key) {
        StringBuilder sb = new StringBuilder(prefix);
        appendMember(sb, key);
        return sb.toString();
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) return false;
        }
        return true;
    }

    private static String kind(Class<?> c) {
        if (c == null) return "a valid value";
        if (c == String.class || c == Character.class || c == char.class) return "a string";
        if (c == Boolean.class || c == boolean.class) return "a boolean";
        if (Number.class.isAssignableFrom(c) || c.isPrimitive()) return "a number";
        if (Collection.class.isAssignableFrom(c) || c.isArray()) return "an array";
        if (Map.class.isAssignableFrom(c)) return "an object";
        return "an object";
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
