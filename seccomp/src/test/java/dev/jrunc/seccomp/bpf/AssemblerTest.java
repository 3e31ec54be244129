package dev.jrunc.seccomp.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.List;

class AssemblerTest {
    /** nr == 1 jumps over `filler` loads to a far target; the island must keep decisions and counts right. */
    private static List<Insn> farJump(int filler, boolean targetIsRet) {
        Assembler asm = new Assembler();
        Label far = asm.newLabel("far");
        Label near = asm.newLabel("near");
        asm.loadAbs(Bpf.OFF_NR);
        asm.jump(Bpf.JEQ, 1, far, near);
        asm.bind(near);
        for (int i = 0; i < filler; i++) {
            asm.loadAbs(Bpf.OFF_ARCH);
        }
        asm.ret(7);
        asm.bind(far);
        if (targetIsRet) {
            asm.ret(42);
        } else {
            asm.loadAbs(Bpf.OFF_NR);
            asm.ret(43);
        }
        return asm.link();
    }

    @Test
    void shortJumpsNeedNoIsland() {
        List<Insn> p = farJump(200, true);
        assertEquals(1 + 1 + 200 + 1 + 1, p.size());
    }

    @Test
    void farJumpToRetGetsACopyOfTheRet() {
        List<Insn> p = farJump(300, true);
        assertEquals(1 + 1 + 1 + 300 + 1 + 1, p.size());
        BpfInterpreter.Result r = BpfInterpreter.run(p, SeccompData.of(1, 0));
        assertEquals(new BpfInterpreter.Result(42, 3, true), r, "no extra instruction executed");
        assertEquals(7, BpfInterpreter.run(p, SeccompData.of(2, 0)).action());
    }

    @Test
    void farJumpElsewhereGetsATrampoline() {
        List<Insn> p = farJump(1000, false);
        BpfInterpreter.Result r = BpfInterpreter.run(p, SeccompData.of(1, 0));
        assertEquals(43, r.action());
        assertEquals(5, r.executed(), "ld, jeq, ja, ld, ret");
        BpfInterpreter.Result other = BpfInterpreter.run(p, SeccompData.of(0, 0));
        assertEquals(7, other.action());
    }

    @Test
    void unboundLabelsAreErrors() {
        Assembler asm = new Assembler();
        asm.ja(asm.newLabel("nowhere"));
        asm.ret(0);
        assertThrows(IllegalStateException.class, asm::link);
    }
}
