package dev.jrunc.seccomp.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** One {@code struct sock_filter}: u16 code, u8 jt, u8 jf, u32 k. */
public record Insn(int code, int jt, int jf, int k) {
    public static final int SIZE = 8;

    public Insn {
        if ((code & ~0xffff) != 0 || (jt & ~0xff) != 0 || (jf & ~0xff) != 0) {
            throw new IllegalArgumentException("field out of range: code=" + code + " jt=" + jt + " jf=" + jf);
        }
    }

    public static Insn stmt(int code, int k) {
        return new Insn(code, 0, 0, k);
    }

    /** Encodes a program as the kernel reads it from {@code struct sock_fprog.filter}. */
    public static byte[] encode(List<Insn> program, ByteOrder order) {
        ByteBuffer buf = ByteBuffer.allocate(program.size() * SIZE).order(order);
        for (Insn i : program) {
            buf.putShort((short) i.code).put((byte) i.jt).put((byte) i.jf).putInt(i.k);
        }
        return buf.array();
    }

    public static List<Insn> decode(byte[] bytes, ByteOrder order) {
        if (bytes.length % SIZE != 0) {
            throw new IllegalArgumentException("length " + bytes.length + " is not a multiple of " + SIZE);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(order);
        List<Insn> out = new ArrayList<>(bytes.length / SIZE);
        while (buf.hasRemaining()) {
            int code = buf.getShort() & 0xffff;
            int jt = buf.get() & 0xff;
            int jf = buf.get() & 0xff;
            out.add(new Insn(code, jt, jf, buf.getInt()));
        }
        return out;
    }

    @Override
    public String toString() {
        return Disassembler.format(this);
    }
}
