package dev.jrunc.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpecLoaderTest {

    @TempDir
    Path dir;

    private Path write(String content) throws Exception {
        Path p = dir.resolve("config.json");
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private String loadError(String content) throws Exception {
        Path p = write(content);
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(p));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void loadsAndValidates() throws Exception {
        Path p = dir.resolve("config.json");
        Files.write(p, TestFiles.bytes("full-config.json"));
        Spec s = SpecLoader.load(p);
        assertEquals("slartibartfast", s.hostname());
    }

    @Test
    void missingFileUsesRuncWording() {
        Path p = dir.resolve("nope/config.json");
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(p));
        assertEquals("open " + p + ": no such file or directory", e.getMessage());
    }

    @Test
    void directoryIsAnError() {
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(dir));
        assertEquals("read " + dir + ": is a directory", e.getMessage());
    }

    @Test
    void malformedJsonNamesLineAndColumn() throws Exception {
        String p = dir.resolve("config.json").toString();
        assertEquals(p + ": invalid JSON at line 3 column 1: Unexpected character ('}' (code 125)): expected a value",
                loadError("{\n  \"ociVersion\": \n}"));
        assertEquals(p + ": invalid JSON at line 1 column 1: unexpected end of input", loadError(""));
        assertEquals(p + ": invalid JSON at line 1 column 4: unexpected data after the top-level value",
                loadError("{} {}"));
        assertEquals(p + ": invalid JSON at line 1 column 18: Unexpected end-of-input: expected close marker for Object",
                loadError("{\"ociVersion\":\"1\""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"process\":{\"rlimits\":[{},{\"soft\":\"abc\"}]}}"
            + " | process.rlimits[1].soft: expected an unsigned number, got \"abc\"",
        "{\"process\":{\"rlimits\":[{\"hard\":-1}]}}"
            + " | process.rlimits[0].hard: expected an unsigned 64-bit number, got -1",
        "{\"process\":{\"rlimits\":[{\"hard\":18446744073709551616}]}}"
            + " | process.rlimits[0].hard: expected an unsigned 64-bit number, got 18446744073709551616",
        "{\"process\":{\"rlimits\":[{\"hard\":1.5}]}}"
            + " | process.rlimits[0].hard: expected an unsigned number, got 1.5",
        "{\"process\":{\"args\":\"sh\"}} | process.args: expected an array, got \"sh\"",
        "{\"process\":{\"args\":[1]}} | process.args[0]: expected a string, got 1",
        "{\"process\":{\"terminal\":\"true\"}} | process.terminal: expected a boolean, got \"true\"",
        "{\"process\":{\"terminal\":1}} | process.terminal: expected a boolean, got 1",
        "{\"process\":{\"oomScoreAdj\":\"5\"}} | process.oomScoreAdj: expected an integer, got \"5\"",
        "{\"process\":{\"oomScoreAdj\":4294967296}} | process.oomScoreAdj: expected a 32-bit integer, got 4294967296",
        "{\"process\":{\"user\":{\"uid\":-1}}} | process.user.uid: expected an unsigned 32-bit number, got -1",
        "{\"process\":{\"user\":{\"additionalGids\":[1,\"x\"]}}} | process.user.additionalGids[1]: expected an unsigned number, got \"x\"",
        "{\"hostname\":5} | hostname: expected a string, got 5",
        "{\"root\":\"rootfs\"} | root: expected an object, got \"rootfs\"",
        "{\"mounts\":{}} | mounts: expected an array, got an object",
        "{\"annotations\":{\"a\":[]}} | annotations.a: expected a string, got an array",
        "{\"linux\":{\"sysctl\":{\"net.ipv4.ip_forward\":1}}} | linux.sysctl[\"net.ipv4.ip_forward\"]: expected a string, got 1",
        "{\"linux\":{\"uidMappings\":[{\"hostID\":4294967296}]}} | linux.uidMappings[0].hostID: expected an unsigned 32-bit number, got 4294967296",
        "{\"linux\":{\"resources\":{\"memory\":{\"limit\":18446744073709551616}}}} | linux.resources.memory.limit: expected a 64-bit integer, got 18446744073709551616",
        "{\"linux\":{\"resources\":{\"memory\":{\"limit\":\"1G\"}}}} | linux.resources.memory.limit: expected an integer, got \"1G\"",
        "{\"linux\":{\"resources\":{\"blockIO\":{\"weight\":65536}}}} | linux.resources.blockIO.weight: expected an unsigned 16-bit number, got 65536",
        "{\"linux\":{\"seccomp\":{\"syscalls\":[{\"args\":[{\"value\":true}]}]}}} | linux.seccomp.syscalls[0].args[0].value: expected an unsigned number, got true",
        "{\"linux\":{\"namespaces\":[{\"type\":null},\"pid\"]}} | linux.namespaces[1]: expected an object, got \"pid\"",
        "[] | expected an object, got an array",
        "null | expected an object, got null",
    })
    void typeErrorsNameTheJsonPath(String json, String expected) throws Exception {
        String p = dir.resolve("config.json").toString();
        assertEquals(p + ": " + expected, loadError(json));
    }

    @Test
    void validationErrorsCarryTheFileName() throws Exception {
        String p = dir.resolve("config.json").toString();
        assertEquals(p + ": process.args: must not be empty",
                loadError("{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[],\"cwd\":\"/\"},\"root\":{\"path\":\"rootfs\"}}"));
        Path f = write("{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[],\"cwd\":\"/\"},\"root\":{\"path\":\"rootfs\"}}");
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(f));
        assertEquals("process.args", e.jsonPath());
        assertEquals("must not be empty", e.reason());
        assertEquals(p, e.file());
    }

    @Test
    void parseDoesNotValidate() throws Exception {
        Spec s = SpecLoader.parse(write("{\"process\":{\"args\":[]}}"));
        assertEquals(0, s.process().args().size());
    }

    @Test
    void processJson() throws Exception {
        Path p = dir.resolve("process.json");
        Files.writeString(p, "{\"args\":[\"ls\"],\"cwd\":\"/\",\"user\":{\"uid\":5,\"gid\":6},\"unknown\":1}");
        Process proc = SpecLoader.loadProcess(p);
        assertEquals(5L, proc.user().uid());
        Files.writeString(p, "{\"args\":[\"ls\"],\"cwd\":\"tmp\"}");
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.loadProcess(p));
        assertEquals(p + ": cwd: must be an absolute path, got \"tmp\"", e.getMessage());
        Files.writeString(p, "{\"args\":[\"ls\"],\"cwd\":\"/\",\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"soft\":\"x\"}]}");
        e = assertThrows(SpecException.class, () -> SpecLoader.loadProcess(p));
        assertEquals(p + ": rlimits[0].soft: expected an unsigned number, got \"x\"", e.getMessage());
    }
}
