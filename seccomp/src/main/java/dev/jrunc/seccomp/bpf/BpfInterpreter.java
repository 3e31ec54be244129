package dev.jrunc.seccomp.bpf;

import java.util.List;

/**
 * Runs a seccomp classic-BPF program over one {@link SeccompData} the way the kernel does, and counts the
 * instructions executed (including the final {@code ret}). It accepts exactly the opcodes
 * {@code seccomp_check_filter} allows and rejects what the kernel would reject at run time (falling off the
 * end, jumping out of the program), so tests catch malformed programs instead of mis-reading them.
 */
public final class BpfInterpreter {
    /**
     * The filter's verdict and the number of instructions executed to reach it. {@code argFree}: the path
     * read only nr and arch and used only constant jumps and returns - the shape the kernel's action cache
     * (Linux 5.11+) can evaluate at load time, so such syscalls skip the filter entirely when allowed.
     */
    public record Result(int action, int executed, boolean argFree) {
        @Override
        public String toString() {
            return Bpf.describeReturn(action) + " in " + executed + " insns";
        }
    }

    private final List<Insn> program;

    public BpfInterpreter(List<Insn> program) {
        if (program.isEmpty() || program.size() > Bpf.MAX_INSNS) {
            throw new IllegalArgumentException("program length " + program.size() + " not in 1.." + Bpf.MAX_INSNS);
        }
        this.program = List.copyOf(program);
    }

    public static Result run(List<Insn> program, SeccompData data) {
        return new BpfInterpreter(program).run(data);
    }

    public Result run(SeccompData data) {
        int a = 0;
        int x = 0;
        int[] mem = new int[Bpf.MEM_WORDS];
        int pc = 0;
        int executed = 0;
        boolean argFree = true;
        while (true) {
            if (pc < 0 || pc >= program.size()) {
                throw new IllegalStateException("pc " + pc + " outside program of " + program.size());
            }
            Insn i = program.get(pc++);
            executed++;
            int code = i.code();
            int k = i.k();
            argFree &= cacheFriendly(code, k);
            switch (Bpf.cls(code)) {
                case Bpf.LD:
                    a = load(code, k, data, mem, x);
                    break;
                case Bpf.LDX:
                    x = load(code, k, data, mem, a);
                    break;
                case Bpf.ST:
                    mem[memIndex(k)] = a;
                    break;
                case Bpf.STX:
                    mem[memIndex(k)] = x;
                    break;
                case Bpf.ALU:
                    a = alu(code, a, Bpf.src(code) == Bpf.X ? x : k);
                    break;
                case Bpf.JMP:
                    pc += jump(i, a, x);
                    break;
                case Bpf.RET:
                    return new Result(Bpf.rval(code) == Bpf.A ? a : k, executed, argFree);
                case Bpf.MISC:
                    if ((code & 0xf8) == Bpf.TXA) {
                        a = x;
                    } else {
                        x = a;
                    }
                    break;
                default:
                    throw new IllegalStateException("bad opcode 0x" + Integer.toHexString(code) + " at " + (pc - 1));
            }
        }
    }

    private static boolean cacheFriendly(int code, int k) {
        switch (Bpf.cls(code)) {
            case Bpf.LD: return Bpf.mode(code) == Bpf.ABS && (k == Bpf.OFF_NR || k == Bpf.OFF_ARCH);
            case Bpf.JMP: return Bpf.src(code) == Bpf.K;
            case Bpf.RET: return Bpf.rval(code) == Bpf.K;
            default: return false;
        }
    }

    private static int load(int code, int k, SeccompData data, int[] mem, int unused) {
        if ((code & 0x18) != Bpf.W) {
            throw new IllegalStateException("seccomp allows only 32-bit loads: 0x" + Integer.toHexString(code));
        }
        switch (Bpf.mode(code)) {
            case Bpf.ABS: return data.word(k);
            case Bpf.IMM: return k;
            case Bpf.MEM: return mem[memIndex(k)];
            case Bpf.LEN: return Bpf.SECCOMP_DATA_SIZE;
            default: throw new IllegalStateException("load mode not allowed by seccomp: 0x" + Integer.toHexString(code));
        }
    }

    private static int memIndex(int k) {
        if (k < 0 || k >= Bpf.MEM_WORDS) {
            throw new IllegalStateException("scratch slot " + k + " out of range");
        }
        return k;
    }

    private static int alu(int code, int a, int operand) {
        switch (Bpf.op(code)) {
            case Bpf.ADD: return a + operand;
            case Bpf.SUB: return a - operand;
            case Bpf.MUL: return a * operand;
            case Bpf.DIV:
                if (operand == 0) {
                    throw new IllegalStateException("division by zero");
                }
                return Integer.divideUnsigned(a, operand);
            case Bpf.OR: return a | operand;
            case Bpf.AND: return a & operand;
            case Bpf.LSH: return operand >= 32 ? 0 : a << operand;
            case Bpf.RSH: return operand >= 32 ? 0 : a >>> operand;
            case Bpf.NEG: return -a;
            case Bpf.XOR: return a ^ operand;
            default: throw new IllegalStateException("alu op not allowed by seccomp: 0x" + Integer.toHexString(code));
        }
    }

    /** Returns how far to advance pc past the jump instruction. */
    private static int jump(Insn i, int a, int x) {
        int operand = Bpf.src(i.code()) == Bpf.X ? x : i.k();
        boolean taken;
        switch (Bpf.op(i.code())) {
            case Bpf.JA: return i.k();
            case Bpf.JEQ: taken = a == operand; break;
            case Bpf.JGT: taken = Integer.compareUnsigned(a, operand) > 0; break;
            case Bpf.JGE: taken = Integer.compareUnsigned(a, operand) >= 0; break;
            case Bpf.JSET: taken = (a & operand) != 0; break;
            default: throw new IllegalStateException("jump op not allowed: 0x" + Integer.toHexString(i.code()));
        }
        return taken ? i.jt() : i.jf();
    }
}
