package dev.jrunc.seccomp;

import dev.jrunc.seccomp.bpf.Insn;

import java.nio.ByteOrder;
import java.util.List;

/**
 * The result of {@link SeccompCompiler#compile}: what the runtime hands to
 * {@code seccomp(SECCOMP_SET_MODE_FILTER, filterFlags, &(struct sock_fprog){instructionCount, program})}.
 *
 * @param program          {@code struct sock_filter[]}, little-endian (u16 code, u8 jt, u8 jf, u32 k)
 * @param filterFlags      SECCOMP_FILTER_FLAG_* bits, including NEW_LISTENER when {@code needsListener}
 * @param needsListener    a rule uses SCMP_ACT_NOTIFY: the runtime must pass the listener fd to the agent
 */
public record CompiledFilter(byte[] program, int instructionCount, long filterFlags, boolean needsListener) {
    public CompiledFilter {
        if (program.length != instructionCount * Insn.SIZE) {
            throw new IllegalArgumentException("program is " + program.length + " bytes for " + instructionCount
                    + " instructions");
        }
        program = program.clone();
    }

    @Override
    public byte[] program() {
        return program.clone();
    }

    /** The program decoded, for interpreters and debug output. */
    public List<Insn> instructions() {
        return Insn.decode(program, ByteOrder.LITTLE_ENDIAN);
    }
}
