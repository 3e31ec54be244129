package dev.jrunc.seccomp;

/** One validated argument comparison: {@code op(args[index], value, valueTwo)}. */
record Check(int index, CompareOp op, long value, long valueTwo) {
    static final int MAX_INDEX = 5;

    /**
     * TRUE/FALSE when the result does not depend on the argument (e.g. {@code GE 0}, or a MASKED_EQ whose
     * expected value has bits outside the mask), else null. Folding these keeps the emitter simple.
     */
    Boolean constant() {
        switch (op) {
            case GE: return value == 0 ? Boolean.TRUE : null;
            case LT: return value == 0 ? Boolean.FALSE : null;
            case GT: return value == -1L ? Boolean.FALSE : null;
            case LE: return value == -1L ? Boolean.TRUE : null;
            case MASKED_EQ:
                if ((valueTwo & ~value) != 0) {
                    return Boolean.FALSE;
                }
                return value == 0 ? Boolean.TRUE : null;
            default: return null;
        }
    }
}
