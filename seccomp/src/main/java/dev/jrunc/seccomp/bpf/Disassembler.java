package dev.jrunc.seccomp.bpf;

import java.util.List;

/** Text form of cBPF programs in the style of {@code bpf_dbg}/libseccomp's {@code scmp_bpf_disasm}. */
public final class Disassembler {
    private Disassembler() {
    }

    public static String disassemble(List<Insn> program) {
        StringBuilder sb = new StringBuilder();
        for (int pc = 0; pc < program.size(); pc++) {
            Insn i = program.get(pc);
            sb.append(String.format("%4d: %-28s", pc, format(i)));
            if (Bpf.isConditionalJump(i.code())) {
                sb.append(String.format(" ; true->%d false->%d", pc + 1 + i.jt(), pc + 1 + i.jf()));
            } else if (i.code() == (Bpf.JMP | Bpf.JA)) {
                sb.append(String.format(" ; ->%d", pc + 1 + i.k()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public static String format(Insn i) {
        int code = i.code();
        String k = String.format("0x%x", i.k());
        switch (Bpf.cls(code)) {
            case Bpf.LD:
            case Bpf.LDX: {
                String reg = Bpf.cls(code) == Bpf.LD ? "ld" : "ldx";
                switch (Bpf.mode(code)) {
                    case Bpf.ABS: return reg + " [" + i.k() + "]";
                    case Bpf.IMM: return reg + " #" + k;
                    case Bpf.MEM: return reg + " M[" + i.k() + "]";
                    case Bpf.LEN: return reg + " #len";
                    default: return "?" + code;
                }
            }
            case Bpf.ST: return "st M[" + i.k() + "]";
            case Bpf.STX: return "stx M[" + i.k() + "]";
            case Bpf.ALU: {
                String operand = Bpf.src(code) == Bpf.X ? "x" : k;
                return aluName(Bpf.op(code)) + (Bpf.op(code) == Bpf.NEG ? "" : " " + operand);
            }
            case Bpf.JMP: {
                if (Bpf.op(code) == Bpf.JA) {
                    return "ja +" + i.k();
                }
                String operand = Bpf.src(code) == Bpf.X ? "x" : k;
                return jmpName(Bpf.op(code)) + " " + operand + ", " + i.jt() + ", " + i.jf();
            }
            case Bpf.RET: return Bpf.rval(code) == Bpf.A ? "ret a" : "ret " + Bpf.describeReturn(i.k());
            case Bpf.MISC: return (code & 0xf8) == Bpf.TXA ? "txa" : "tax";
            default: return "?" + code;
        }
    }

    private static String aluName(int op) {
        switch (op) {
            case Bpf.ADD: return "add";
            case Bpf.SUB: return "sub";
            case Bpf.MUL: return "mul";
            case Bpf.DIV: return "div";
            case Bpf.OR: return "or";
            case Bpf.AND: return "and";
            case Bpf.LSH: return "lsh";
            case Bpf.RSH: return "rsh";
            case Bpf.NEG: return "neg";
            case Bpf.XOR: return "xor";
            default: return "alu?" + op;
        }
    }

    private static String jmpName(int op) {
        switch (op) {
            case Bpf.JEQ: return "jeq";
            case Bpf.JGT: return "jgt";
            case Bpf.JGE: return "jge";
            case Bpf.JSET: return "jset";
            default: return "jmp?" + op;
        }
    }
}
