package dev.jrunc.spec;

/**
 * A config.json (or process.json) that cannot be used: missing, malformed, mistyped or invalid.
 * The message is always one line, {@code [<file>: ][<json path>: ]<reason>}, e.g.
 * {@code /b/config.json: process.args: must not be empty}, or a verbatim message such as
 * {@code open /b/config.json: no such file or directory}.
 */
public final class SpecException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String jsonPath;
    private final String reason;
    private final boolean verbatim;

    /**
     * @param file     the file the spec came from, or null
     * @param jsonPath the JSON path of the bad value (e.g. {@code process.rlimits[1].soft}), or null/empty
     * @param reason   what is wrong (made one line)
     */
    public SpecException(String file, String jsonPath, String reason) {
        this(file, jsonPath, reason, false);
    }

    private SpecException(String file, String jsonPath, String reason, boolean verbatim) {
        super(verbatim ? oneLine(reason) : compose(file, jsonPath, reason));
        this.file = file;
        this.jsonPath = jsonPath == null ? "" : jsonPath;
        this.reason = oneLine(reason);
        this.verbatim = verbatim;
    }

    /** An error whose message is used as is (e.g. {@code open <path>: no such file or directory}). */
    public static SpecException verbatim(String file, String message) {
        return new SpecException(file, null, message, true);
    }

    private static String compose(String file, String jsonPath, String reason) {
        StringBuilder sb = new StringBuilder();
        if (file != null && !file.isEmpty()) sb.append(file).append(": ");
        if (jsonPath != null && !jsonPath.isEmpty()) sb.append(jsonPath).append(": ");
        sb.append(reason);
        return oneLine(sb.toString());
    }

    static String oneLine(String s) {
        if (s == null) return "";
        return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** The same error attributed to {@code file} (verbatim errors are returned unchanged). */
    public SpecException inFile(String file) {
        if (verbatim) return this;
        return new SpecException(file, jsonPath, reason, false);
    }

    /** The file name given when loading, or null. */
    public String file() { return file; }

    /** The JSON path of the bad value; empty if the error is about the whole document or a file. */
    public String jsonPath() { return jsonPath; }

    /** The reason, without file and path. */
    public String reason() { return reason; }
}
