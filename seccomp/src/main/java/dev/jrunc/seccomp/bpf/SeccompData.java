package dev.jrunc.seccomp.bpf;

import java.util.Arrays;

/**
 * {@code struct seccomp_data} as the kernel hands it to a filter: nr, arch (AUDIT_ARCH_*),
 * instruction_pointer, args[6]. The 64-bit fields are stored in the byte order of the task's arch, so
 * a 32-bit load sees the low word first on little-endian arches and the high word first on big-endian.
 */
public record SeccompData(int nr, int arch, long instructionPointer, long[] args, boolean bigEndian) {
    public SeccompData {
        if (args.length != 6) {
            throw new IllegalArgumentException("seccomp_data has 6 args, got " + args.length);
        }
        args = args.clone();
    }

    public static SeccompData of(int nr, int arch, long... args) {
        return new SeccompData(nr, arch, 0, Arrays.copyOf(args, 6), false);
    }

    @Override
    public long[] args() {
        return args.clone();
    }

    /** The 32-bit word a {@code ld [offset]} reads; offset must be a multiple of 4 below 64. */
    public int word(int offset) {
        if (offset < 0 || offset >= Bpf.SECCOMP_DATA_SIZE || offset % 4 != 0) {
            throw new IllegalArgumentException("bad seccomp_data offset " + offset);
        }
        if (offset == Bpf.OFF_NR) {
            return nr;
        }
        if (offset == Bpf.OFF_ARCH) {
            return arch;
        }
        long field = offset < Bpf.OFF_ARGS ? instructionPointer : args[(offset - Bpf.OFF_ARGS) / 8];
        boolean firstWord = offset % 8 == 0;
        boolean high = firstWord == bigEndian;
        return (int) (high ? field >>> 32 : field);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("{nr=%d arch=0x%08x args=[", nr, arch));
        for (int i = 0; i < 6; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("0x%x", args[i]));
        }
        return sb.append("]}").toString();
    }
}
