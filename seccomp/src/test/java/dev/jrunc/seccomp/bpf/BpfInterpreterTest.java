package dev.jrunc.seccomp.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.List;

class BpfInterpreterTest {
    private static final int LD_ABS = Bpf.LD | Bpf.W | Bpf.ABS;
    private static final int RET_A = Bpf.RET | Bpf.A;

    private static int run(SeccompData d, Insn... program) {
        return BpfInterpreter.run(List.of(program), d).action();
    }

    @Test
    void loadsWordsOfSeccompDataInTheArchByteOrder() {
        SeccompData le = new SeccompData(7, 0xc000003e, 0x1122334455667788L,
                new long[]{0xaaaaaaaabbbbbbbbL, 0, 0, 0, 0, 0x0102030405060708L}, false);
        assertEquals(7, run(le, Insn.stmt(LD_ABS, 0), Insn.stmt(RET_A, 0)));
        assertEquals(0xc000003e, run(le, Insn.stmt(LD_ABS, 4), Insn.stmt(RET_A, 0)));
        assertEquals(0x55667788, run(le, Insn.stmt(LD_ABS, 8), Insn.stmt(RET_A, 0)));
        assertEquals(0xbbbbbbbb, run(le, Insn.stmt(LD_ABS, 16), Insn.stmt(RET_A, 0)));
        assertEquals(0xaaaaaaaa, run(le, Insn.stmt(LD_ABS, 20), Insn.stmt(RET_A, 0)));
        assertEquals(0x01020304, run(le, Insn.stmt(LD_ABS, 60), Insn.stmt(RET_A, 0)));
        SeccompData be = new SeccompData(7, 0x80000016, 0, new long[]{0xaaaaaaaabbbbbbbbL, 0, 0, 0, 0, 0}, true);
        assertEquals(0xaaaaaaaa, run(be, Insn.stmt(LD_ABS, 16), Insn.stmt(RET_A, 0)));
        assertEquals(0xbbbbbbbb, run(be, Insn.stmt(LD_ABS, 20), Insn.stmt(RET_A, 0)));
        assertEquals(64, run(le, Insn.stmt(Bpf.LD | Bpf.W | Bpf.LEN, 0), Insn.stmt(RET_A, 0)));
    }

    @Test
    void aluMemoryAndRegisters() {
        SeccompData d = SeccompData.of(10, 0);
        assertEquals(((10 + 5) * 3 - 1) / 2 | 0x100, run(d,
                Insn.stmt(LD_ABS, 0),
                Insn.stmt(Bpf.ALU | Bpf.ADD | Bpf.K, 5),
                Insn.stmt(Bpf.ALU | Bpf.MUL | Bpf.K, 3),
                Insn.stmt(Bpf.ALU | Bpf.SUB | Bpf.K, 1),
                Insn.stmt(Bpf.ALU | Bpf.DIV | Bpf.K, 2),
                Insn.stmt(Bpf.ALU | Bpf.OR | Bpf.K, 0x100),
                Insn.stmt(RET_A, 0)));
        assertEquals(10 ^ 0xff, run(d,
                Insn.stmt(Bpf.LDX | Bpf.W | Bpf.IMM, 0xff),
                Insn.stmt(LD_ABS, 0),
                Insn.stmt(Bpf.ALU | Bpf.XOR | Bpf.X, 0),
                Insn.stmt(Bpf.ST, 3),
                Insn.stmt(Bpf.LD | Bpf.W | Bpf.IMM, 0),
                Insn.stmt(Bpf.LD | Bpf.W | Bpf.MEM, 3),
                Insn.stmt(RET_A, 0)));
        assertEquals(-40, run(d, Insn.stmt(LD_ABS, 0), Insn.stmt(Bpf.ALU | Bpf.LSH | Bpf.K, 2),
                Insn.stmt(Bpf.ALU | Bpf.NEG, 0), Insn.stmt(Bpf.MISC | Bpf.TAX, 0),
                Insn.stmt(Bpf.LD | Bpf.W | Bpf.IMM, 1), Insn.stmt(Bpf.MISC | Bpf.TXA, 0), Insn.stmt(RET_A, 0)));
    }

    @Test
    void jumpsAreUnsignedAndCounted() {
        Insn[] prog = {
                Insn.stmt(LD_ABS, 0),
                new Insn(Bpf.JMP | Bpf.JGT | Bpf.K, 2, 0, 5),     // nr > 5 (unsigned)?
                new Insn(Bpf.JMP | Bpf.JSET | Bpf.K, 0, 2, 1),    // odd?
                Insn.stmt(Bpf.RET | Bpf.K, 1),
                Insn.stmt(Bpf.JMP | Bpf.JA, 1),
                Insn.stmt(Bpf.RET | Bpf.K, 2),
                Insn.stmt(Bpf.RET | Bpf.K, 3)};
        BpfInterpreter vm = new BpfInterpreter(List.of(prog));
        assertEquals(new BpfInterpreter.Result(1, 4, true), vm.run(SeccompData.of(3, 0)));
        assertEquals(new BpfInterpreter.Result(2, 4, true), vm.run(SeccompData.of(4, 0)), "even: jf skips 2");
        assertEquals(new BpfInterpreter.Result(3, 4, true), vm.run(SeccompData.of(6, 0)), "ld, jgt, ja, ret");
        assertEquals(3, vm.run(SeccompData.of(-1, 0)).action(), "-1 is 0xffffffff, above 5");
    }

    @Test
    void argFreeTracksTheKernelCacheShape() {
        Insn ret = Insn.stmt(Bpf.RET | Bpf.K, Bpf.RET_ALLOW);
        assertTrue(BpfInterpreter.run(List.of(Insn.stmt(LD_ABS, 4), ret), SeccompData.of(0, 0)).argFree());
        assertFalse(BpfInterpreter.run(List.of(Insn.stmt(LD_ABS, 16), ret), SeccompData.of(0, 0)).argFree());
    }

    @Test
    void rejectsWhatTheKernelRejects() {
        SeccompData d = SeccompData.of(0, 0);
        assertThrows(IllegalStateException.class, () -> run(d, Insn.stmt(LD_ABS, 0)), "falls off the end");
        assertThrows(IllegalArgumentException.class, () -> run(d, Insn.stmt(LD_ABS, 2), Insn.stmt(RET_A, 0)));
        assertThrows(IllegalArgumentException.class, () -> run(d, Insn.stmt(LD_ABS, 64), Insn.stmt(RET_A, 0)));
        assertThrows(IllegalStateException.class, () -> run(d, Insn.stmt(Bpf.LD | 0x10 | Bpf.ABS, 0),
                Insn.stmt(RET_A, 0)), "half-word load");
        assertThrows(IllegalStateException.class, () -> run(d, Insn.stmt(Bpf.JMP | Bpf.JA, 5),
                Insn.stmt(RET_A, 0)), "jump out");
    }

    @Test
    void encodeDecodeRoundTrip() {
        List<Insn> p = List.of(Insn.stmt(LD_ABS, 4), new Insn(0x15, 3, 250, 0xc000003e), Insn.stmt(6, 0x7fff0000));
        byte[] b = Insn.encode(p, ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x20, b[0]);
        assertEquals(4, b[4]);
        assertEquals(p, Insn.decode(b, ByteOrder.LITTLE_ENDIAN));
        assertTrue(Disassembler.disassemble(p).contains("jeq 0xc000003e, 3, 250"));
    }
}
