package dev.jrunc.seccomp;

import java.util.List;

/**
 * The OCI {@code linux.seccomp} object, as this module needs it (the runtime maps oci-spec's type onto
 * this one, so the compiler does not depend on oci-spec). Strings are exactly as in the spec.
 *
 * @param defaultAction    SCMP_ACT_*
 * @param defaultErrnoRet  errno for a default ERRNO/TRACE action; null means EPERM
 * @param architectures    SCMP_ARCH_*; the native arch is always added (as libseccomp does)
 * @param flags            SECCOMP_FILTER_FLAG_*; null (absent) differs from empty: see {@link FilterFlags}
 * @param listenerPath     unix socket of the seccomp agent (needed if a rule is SCMP_ACT_NOTIFY)
 * @param listenerMetadata opaque string passed to the agent
 * @param syscalls         the rules, in order
 */
public record SeccompProfile(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
                             List<String> flags, String listenerPath, String listenerMetadata,
                             List<SyscallRule> syscalls) {
    public SeccompProfile {
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
        flags = flags == null ? null : List.copyOf(flags);
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
    }
}
