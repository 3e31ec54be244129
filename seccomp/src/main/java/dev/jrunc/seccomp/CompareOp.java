package dev.jrunc.seccomp;

import java.util.Optional;

/** The OCI SCMP_CMP_* operators, all unsigned 64-bit. */
enum CompareOp {
    NE("SCMP_CMP_NE"),
    LT("SCMP_CMP_LT"),
    LE("SCMP_CMP_LE"),
    EQ("SCMP_CMP_EQ"),
    GE("SCMP_CMP_GE"),
    GT("SCMP_CMP_GT"),
    /** (arg &amp; value) == valueTwo */
    MASKED_EQ("SCMP_CMP_MASKED_EQ");

    private final String ociName;

    CompareOp(String ociName) {
        this.ociName = ociName;
    }

    static Optional<CompareOp> fromOciName(String name) {
        for (CompareOp op : values()) {
            if (op.ociName.equals(name)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    boolean test(long arg, long value, long valueTwo) {
        switch (this) {
            case NE: return arg != value;
            case LT: return Long.compareUnsigned(arg, value) < 0;
            case LE: return Long.compareUnsigned(arg, value) <= 0;
            case EQ: return arg == value;
            case GE: return Long.compareUnsigned(arg, value) >= 0;
            case GT: return Long.compareUnsigned(arg, value) > 0;
            case MASKED_EQ: return (arg & value) == valueTwo;
            default: throw new AssertionError(this);
        }
    }
}
