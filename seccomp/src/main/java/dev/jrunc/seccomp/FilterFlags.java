package dev.jrunc.seccomp;

import java.util.List;

/** Maps OCI {@code flags} to SECCOMP_FILTER_FLAG_* bits the way runc (>= 1.2) does. */
final class FilterFlags {
    static final long TSYNC = 1L;
    static final long LOG = 1L << 1;
    static final long SPEC_ALLOW = 1L << 2;
    static final long NEW_LISTENER = 1L << 3;
    static final long TSYNC_ESRCH = 1L << 4;
    static final long WAIT_KILLABLE_RECV = 1L << 5;

    private FilterFlags() {
    }

    /**
     * The bits to pass to seccomp(2).
     * <ul>
     * <li>Absent {@code flags} (null) means SPEC_ALLOW, runc's default since 1.2; an explicit empty list means
     *     none. (runc only sets it if the kernel knows it; the loader may mask unsupported bits.)</li>
     * <li>TSYNC is valid and dropped: runc ignores it (libseccomp-golang always syncs), and the container's
     *     init is single-threaded when it loads the filter.</li>
     * <li>WAIT_KILLABLE_RECV is only meaningful with a listener (EINVAL otherwise), so like libseccomp it is
     *     passed only together with NEW_LISTENER.</li>
     * <li>NEW_LISTENER is set iff a rule is SCMP_ACT_NOTIFY; it is not accepted in {@code flags} (not in the
     *     spec), nor is anything else.</li>
     * </ul>
     */
    static long parse(List<String> flags, boolean needsListener) {
        long bits = 0;
        if (flags == null) {
            bits |= SPEC_ALLOW;
        } else {
            for (int i = 0; i < flags.size(); i++) {
                String f = flags.get(i);
                if ("SECCOMP_FILTER_FLAG_TSYNC".equals(f)) {
                    continue;
                } else if ("SECCOMP_FILTER_FLAG_LOG".equals(f)) {
                    bits |= LOG;
                } else if ("SECCOMP_FILTER_FLAG_SPEC_ALLOW".equals(f)) {
                    bits |= SPEC_ALLOW;
                } else if ("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV".equals(f)) {
                    bits |= needsListener ? WAIT_KILLABLE_RECV : 0;
                } else {
                    throw new SeccompException("flags[" + i + "]", "unknown flag " + quote(f));
                }
            }
        }
        if (needsListener) {
            bits |= NEW_LISTENER;
        }
        return bits;
    }

    static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
