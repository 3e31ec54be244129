package dev.jrunc.seccomp.bpf;

/**
 * Classic-BPF opcode constants (linux/bpf_common.h, linux/filter.h) and the seccomp return values
 * (linux/seccomp.h). Kept as plain ints because that is how the kernel ABI spells them.
 */
public final class Bpf {
    private Bpf() {
    }

    // instruction classes
    public static final int LD = 0x00;
    public static final int LDX = 0x01;
    public static final int ST = 0x02;
    public static final int STX = 0x03;
    public static final int ALU = 0x04;
    public static final int JMP = 0x05;
    public static final int RET = 0x06;
    public static final int MISC = 0x07;

    // ld/ldx fields
    public static final int W = 0x00;
    public static final int IMM = 0x00;
    public static final int ABS = 0x20;
    public static final int MEM = 0x60;
    public static final int LEN = 0x80;

    // alu/jmp fields
    public static final int ADD = 0x00;
    public static final int SUB = 0x10;
    public static final int MUL = 0x20;
    public static final int DIV = 0x30;
    public static final int OR = 0x40;
    public static final int AND = 0x50;
    public static final int LSH = 0x60;
    public static final int RSH = 0x70;
    public static final int NEG = 0x80;
    public static final int XOR = 0xa0;
    public static final int JA = 0x00;
    public static final int JEQ = 0x10;
    public static final int JGT = 0x20;
    public static final int JGE = 0x30;
    public static final int JSET = 0x40;
    public static final int K = 0x00;
    public static final int X = 0x08;
    public static final int A = 0x10;

    // misc
    public static final int TAX = 0x00;
    public static final int TXA = 0x80;

    /** BPF_MAXINSNS: the kernel refuses longer programs. */
    public static final int MAX_INSNS = 4096;
    /** BPF_MEMWORDS: scratch memory slots. */
    public static final int MEM_WORDS = 16;

    // struct seccomp_data offsets
    public static final int OFF_NR = 0;
    public static final int OFF_ARCH = 4;
    public static final int OFF_IP = 8;
    public static final int OFF_ARGS = 16;
    /** sizeof(struct seccomp_data): what BPF_LEN loads. */
    public static final int SECCOMP_DATA_SIZE = 64;

    // seccomp return values; the action is the high 16 bits, data the low 16
    public static final int RET_KILL_PROCESS = 0x80000000;
    public static final int RET_KILL_THREAD = 0x00000000;
    public static final int RET_TRAP = 0x00030000;
    public static final int RET_ERRNO = 0x00050000;
    public static final int RET_USER_NOTIF = 0x7fc00000;
    public static final int RET_TRACE = 0x7ff00000;
    public static final int RET_LOG = 0x7ffc0000;
    public static final int RET_ALLOW = 0x7fff0000;
    public static final int RET_ACTION_FULL = 0xffff0000;
    public static final int RET_DATA = 0x0000ffff;

    public static int cls(int code) {
        return code & 0x07;
    }

    public static int op(int code) {
        return code & 0xf0;
    }

    public static int src(int code) {
        return code & 0x08;
    }

    /** BPF_RVAL: what a ret returns (K or A). */
    public static int rval(int code) {
        return code & 0x18;
    }

    public static int mode(int code) {
        return code & 0xe0;
    }

    /** True for the conditional jumps, whose jt/jf are 8-bit forward offsets. */
    public static boolean isConditionalJump(int code) {
        return cls(code) == JMP && op(code) != JA;
    }

    /** Readable name of a return value, for debug output and test messages. */
    public static String describeReturn(int value) {
        int data = value & RET_DATA;
        switch (value & RET_ACTION_FULL) {
            case RET_KILL_PROCESS: return "KILL_PROCESS";
            case RET_KILL_THREAD: return "KILL_THREAD";
            case RET_TRAP: return data == 0 ? "TRAP" : "TRAP(" + data + ")";
            case RET_ERRNO: return "ERRNO(" + data + ")";
            case RET_USER_NOTIF: return "NOTIFY";
            case RET_TRACE: return "TRACE(" + data + ")";
            case RET_LOG: return "LOG";
            case RET_ALLOW: return "ALLOW";
            default: return String.format("0x%08x", value);
        }
    }
}
