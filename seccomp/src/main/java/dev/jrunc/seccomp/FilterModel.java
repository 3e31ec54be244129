package dev.jrunc.seccomp;

import dev.jrunc.seccomp.bpf.Bpf;

import java.util.List;
import java.util.Map;

/**
 * A validated profile, resolved to syscall numbers per ABI; the input of the layout.
 *
 * @param abis    per ABI; the native ABI is first in {@code order}
 * @param order   the ABIs covered, native first (the dispatch tests arches in this order)
 */
record FilterModel(int defaultAction, List<SeccompArch> order, Map<SeccompArch, AbiPolicy> abis, long flags,
                   boolean needsListener) {
    /** libseccomp's bad-arch action (runc never changes it): foreign arches and unlisted x32/x86_64. */
    static final int BAD_ARCH_ACTION = Bpf.RET_KILL_THREAD;
}
