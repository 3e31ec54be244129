package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** The outcome of one command: argv, exit code, stdout, stderr. Assertion helpers return this. */
public final class Result {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public final List<String> argv;
    public final int exit;
    public final String out;
    public final String err;
    public final boolean timedOut;
    /** Where stdout/stderr went (also the stdio of a detached container started by this command). */
    public final java.nio.file.Path outFile;
    public final java.nio.file.Path errFile;

    Result(List<String> argv, int exit, String out, String err, boolean timedOut,
            java.nio.file.Path outFile, java.nio.file.Path errFile) {
        this.argv = argv;
        this.exit = exit;
        this.out = out;
        this.err = err;
        this.timedOut = timedOut;
        this.outFile = outFile;
        this.errFile = errFile;
    }

    /** The current content of the stdout file (a detached container may have written more since). */
    public String currentOut() {
        try {
            return java.nio.file.Files.readString(outFile);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String describe() {
        return "command " + argv + (timedOut ? " TIMED OUT" : "") + "\n  exit: " + exit
                + "\n  stdout: " + abbreviate(out) + "\n  stderr: " + abbreviate(err);
    }

    private static String abbreviate(String s) {
        return s.length() > 4000 ? s.substring(0, 4000) + "...(" + s.length() + " chars)" : s;
    }

    public Result ok() {
        return exit(0);
    }

    public Result exit(int expected) {
        if (timedOut) fail("timed out: " + describe());
        assertEquals(expected, exit, () -> "unexpected exit code for " + describe());
        return this;
    }

    public Result failed() {
        if (timedOut) fail("timed out: " + describe());
        assertTrue(exit != 0, () -> "expected a failure: " + describe());
        return this;
    }

    public Result errContains(String s) {
        assertTrue(err.contains(s), () -> "stderr should contain \"" + s + "\": " + describe());
        return this;
    }

    /** stderr holds one of the given texts: runc's wording or jrunc's more precise one (which names the field). */
    public Result errContainsAny(String... texts) {
        assertTrue(java.util.Arrays.stream(texts).anyMatch(err::contains),
                () -> "stderr should contain one of " + java.util.Arrays.toString(texts) + ": " + describe());
        return this;
    }

    public Result outContains(String s) {
        assertTrue(out.contains(s), () -> "stdout should contain \"" + s + "\": " + describe());
        return this;
    }

    public Result outEquals(String s) {
        assertEquals(s, out, () -> "stdout of " + describe());
        return this;
    }

    public Result errEmpty() {
        assertEquals("", err, () -> "stderr should be empty: " + describe());
        return this;
    }

    public JsonNode json() {
        try {
            return MAPPER.readTree(out);
        } catch (Exception e) {
            throw new AssertionError("stdout is not JSON: " + describe(), e);
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
