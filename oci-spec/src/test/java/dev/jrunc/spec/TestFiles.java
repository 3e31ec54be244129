package dev.jrunc.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

final class TestFiles {
    private TestFiles() {}

    static byte[] bytes(String resource) {
        try (InputStream in = TestFiles.class.getResourceAsStream("/" + resource)) {
            if (in == null) throw new IllegalArgumentException("no test resource " + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }
}
