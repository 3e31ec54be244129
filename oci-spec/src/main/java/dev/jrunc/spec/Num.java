package dev.jrunc.spec;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigInteger;

/**
 * Strict integer (de)serialization matching Go's encoding/json: only JSON integers are accepted
 * (no strings, no fractions), range-checked for the Go type of the field.
 *
 * <p>Representation: {@code uint64} fields are {@link Long} holding the unsigned bit pattern
 * (read them with {@link Long#toUnsignedString(long)} / {@link Long#compareUnsigned(long, long)};
 * 18446744073709551615 is stored as -1L and written back as 18446744073709551615).
 * {@code uint32}/{@code int64} fields are plain {@link Long}, {@code uint16}/{@code int32} plain {@link Integer}.
 * Memory limits ({@code int64} in the spec) also accept 2^63..2^64-1 and store the two's complement
 * (so 18446744073709551615 reads as -1, "unlimited", which is what the kernel does with it too).
 */
public final class Num {
    private Num() {}

    static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    static final BigInteger U64_MAX = TWO_64.subtract(BigInteger.ONE);
    static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);

    /** uint64 stored as the unsigned bit pattern of a Long. */
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @JacksonAnnotationsInside
    @JsonDeserialize(using = U64Deser.class)
    @JsonSerialize(using = U64Ser.class)
    public @interface U64 {}

    /** uint32 as Long. */
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @JacksonAnnotationsInside
    @JsonDeserialize(using = U32Deser.class)
    public @interface U32 {}

    /** List of uint32 as List&lt;Long&gt;. */
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @JacksonAnnotationsInside
    @JsonDeserialize(contentUsing = U32Deser.class)
    public @interface U32List {}

    /** uint16 as Integer. */
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @JacksonAnnotationsInside
    @JsonDeserialize(using = U16Deser.class)
    public @interface U16 {}

    /** int64 as Long. */
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @JacksonAnnotationsInside
    @JsonDeserialize(using = I64Deser.class)
    public @interface I64 {}

    /** int32 as Integer. */
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @JacksonAnnotationsInside
    @JsonDeserialize(using = I32Deser.class)
    public @interface I32 {}

    /** int64 that also accepts uint64 values (wrapped to two's complement): memory limits. */
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @JacksonAnnotationsInside
    @JsonDeserialize(using = MemDeser.class)
    public @interface Mem {}

    /** A type or range error with a short message; Jackson prepends the JSON path as it unwinds. */
    static final class BadValueException extends JsonMappingException {
        private static final long serialVersionUID = 1L;

        BadValueException(JsonParser p, String msg) {
            super(p, msg);
        }
    }

    /** How the current token looks, for "got ..." messages: strings quoted, numbers raw. */
    static String describe(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t == null) return "end of input";
        try {
            return switch (t) {
                case VALUE_STRING -> Json.quote(p.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
                case VALUE_TRUE -> "true";
                case VALUE_FALSE -> "false";
                case VALUE_NULL -> "null";
                case START_OBJECT, FIELD_NAME, END_OBJECT -> "an object";
                case START_ARRAY, END_ARRAY -> "an array";
                default -> t.asString() == null ? t.name() : t.asString();
            };
        } catch (IOException e) {
            return t.name();
        }
    }

    /** Reads the current integer token, or throws "expected {what}, got ...". */
    private static BigInteger bigInt(JsonParser p, String what) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new BadValueException(p, "expected " + what + ", got " + describe(p));
        }
        return p.getBigIntegerValue();
    }

    private static long readLong(JsonParser p, String what, long min, long max) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType nt = p.getNumberType();
            if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) {
                long v = p.getLongValue();
                if (v >= min && v <= max) return v;
            }
        }
        bigInt(p, what); // throws for non-integers
        throw new BadValueException(p, "expected " + what + ", got " + p.getText());
    }

    static final class U64Deser extends StdScalarDeserializer<Long> {
        private static final long serialVersionUID = 1L;

        U64Deser() { super(Long.class); }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                JsonParser.NumberType nt = p.getNumberType();
                if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) {
                    long v = p.getLongValue();
                    if (v >= 0) return v;
                }
            }
            BigInteger v = bigInt(p, "an unsigned number");
            if (v.signum() < 0 || v.compareTo(U64_MAX) > 0) {
                throw new BadValueException(p, "expected an unsigned 64-bit number, got " + p.getText());
            }
            return v.longValue(); // the low 64 bits: the unsigned bit pattern
        }
    }

    static final class U64Ser extends StdSerializer<Long> {
        private static final long serialVersionUID = 1L;

        U64Ser() { super(Long.class); }

        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            long v = value;
            if (v >= 0) gen.writeNumber(v);
            else gen.writeNumber(new BigInteger(Long.toUnsignedString(v)));
        }
    }

    static final class U32Deser extends StdScalarDeserializer<Long> {
        private static final long serialVersionUID = 1L;

        U32Deser() { super(Long.class); }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return readLong(p, "an unsigned 32-bit number", 0, 0xFFFF_FFFFL);
            }
            return readLong(p, "an unsigned number", 0, 0xFFFF_FFFFL);
        }
    }

    static final class U16Deser extends StdScalarDeserializer<Integer> {
        private static final long serialVersionUID = 1L;

        U16Deser() { super(Integer.class); }

        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String what = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? "an unsigned 16-bit number" : "an unsigned number";
            return (int) readLong(p, what, 0, 0xFFFF);
        }
    }

    static final class I64Deser extends StdScalarDeserializer<Long> {
        private static final long serialVersionUID = 1L;

        I64Deser() { super(Long.class); }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String what = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? "a 64-bit integer" : "an integer";
            return readLong(p, what, Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }

    static final class I32Deser extends StdScalarDeserializer<Integer> {
        private static final long serialVersionUID = 1L;

        I32Deser() { super(Integer.class); }

        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String what = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? "a 32-bit integer" : "an integer";
            return (int) readLong(p, what, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
    }

    static final class MemDeser extends StdScalarDeserializer<Long> {
        private static final long serialVersionUID = 1L;

        MemDeser() { super(Long.class); }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                JsonParser.NumberType nt = p.getNumberType();
                if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) return p.getLongValue();
            }
            BigInteger v = bigInt(p, "an integer");
            if (v.compareTo(I64_MIN) < 0 || v.compareTo(U64_MAX) > 0) {
                throw new BadValueException(p, "expected a 64-bit integer, got " + p.getText());
            }
            return v.longValue();
        }
    }
}
