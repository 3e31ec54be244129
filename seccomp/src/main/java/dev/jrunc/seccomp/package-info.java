/**
 * Pure-Java seccomp compiler: OCI {@code linux.seccomp} to a classic-BPF program (no libseccomp, no JNI).
 *
 * <p>Entry point {@link dev.jrunc.seccomp.SeccompCompiler#compile}. Pipeline: {@code ProfileResolver}
 * (validation, runc's semantics, per-arch syscall numbers from {@link dev.jrunc.seccomp.SyscallTable}) →
 * {@code Sections} (number intervals of equal outcome per AUDIT_ARCH, incl. x32 and runc's ENOSYS rule) →
 * {@code SplitTree} (weighted optimal comparison tree) → {@code ProgramEmitter}/{@code ArgCheckEmitter} →
 * {@link dev.jrunc.seccomp.bpf.Assembler} (labels, long-jump islands).
 *
 * <p>Deliberate differences from runc + libseccomp 2.5.4 (documented where implemented):
 * syscall names resolved per arch against a fresh table (runc: native arch, libseccomp 2.5.4's table);
 * 64-bit argument comparisons on x32 (libseccomp: low word only) and no truncation of wide constants on
 * 32-bit arches; i386 socketcall/ipc routing only for rules without conditions (libseccomp drops the
 * conditions); first matching rule wins on conflicting overlaps (libseccomp rejects or merges them).
 */
package dev.jrunc.seccomp;
