package dev.jrunc.spec;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * JSON string escapes as Go's encoding/json writes them, even in indented output: {@code < > &} as
 * lower-case \u003c \u003e \u0026, and U+2028/U+2029; so our JSON matches runc's byte for byte.
 */
public final class GoEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] table;

    public GoEscapes() {
        table = CharacterEscapes.standardAsciiEscapesForJSON();
        table['<'] = ESCAPE_CUSTOM;
        table['>'] = ESCAPE_CUSTOM;
        table['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return table;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return switch (ch) {
            case '<' -> new SerializedString("\\u003c");
            case '>' -> new SerializedString("\\u003e");
            case '&' -> new SerializedString("\\u0026");
            case 0x2028 -> new SerializedString("\\u2028");
            case 0x2029 -> new SerializedString("\\u2029");
            default -> null;
        };
    }
}
