package dev.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * The one shared, pre-configured {@link ObjectMapper} (built once, lazily) and the Go-style writer.
 *
 * <p>Reading is as strict as Go's encoding/json about types (no "1" for a number, no 1 for a string or
 * boolean, no 1.5 for an integer, no trailing data) and ignores unknown properties, as the runtime spec
 * requires. Writing omits nulls.
 */
public final class Json {
    private Json() {}

    private static final class Holder {
        static final ObjectMapper MAPPER = build();
    }

    private static final class GoHolder {
        static final ObjectWriter GO_WRITER = buildGoWriter();
    }

    /** The shared mapper. Thread-safe; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    private static ObjectMapper build() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .build();
    }

    /**
     * A writer producing Go's {@code json.MarshalIndent(v, "", "\t")} layout: tab indentation,
     * {@code "key": value}, empty arrays/objects as {@code []}/{@code {}}, no trailing newline, and Go's
     * HTML-safe escaping of {@code < > &} and U+2028/U+2029.
     */
    public static ObjectWriter goIndentWriter() {
        return GoHolder.GO_WRITER;
    }

    private static ObjectWriter buildGoWriter() {
        Separators seps = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEntrySpacing(Separators.Spacing.NONE)
                .withArrayValueSpacing(Separators.Spacing.NONE)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("")
                .withRootSeparator("");
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(seps);
        DefaultIndenter indenter = new DefaultIndenter("\t", "\n");
        pp.indentObjectsWith(indenter);
        pp.indentArraysWith(indenter);
        return mapper().writer(pp).with(new GoEscapes());
    }

    /** A JSON string literal for {@code s} (used in error messages: {@code got "foo"}). */
    public static String quote(String s) {
        if (s == null) return "null";
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /** Compact JSON for any model value (nulls omitted). */
    public static String write(Object value) {
        try {
            return mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }
}
