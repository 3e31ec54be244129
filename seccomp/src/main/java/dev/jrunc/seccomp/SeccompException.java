package dev.jrunc.seccomp;

/**
 * The profile cannot be compiled. The message starts with the path of the offending field relative to
 * {@code linux.seccomp}, e.g. {@code syscalls[3].args[0].op: unknown op "SCMP_CMP_FOO"}, so the runtime
 * can prefix it with the config path and the user finds the line.
 */
public final class SeccompException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SeccompException(String path, String problem) {
        super(path + ": " + problem);
    }
}
