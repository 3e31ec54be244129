package dev.jrunc.seccomp;

import java.util.Locale;
import java.util.Optional;

/**
 * The syscall ABIs a filter can cover. Each maps an OCI SCMP_ARCH_* name to the kernel's AUDIT_ARCH_*
 * value (what {@code seccomp_data.arch} holds), its column in libseccomp's syscalls.csv, the byte order of
 * {@code seccomp_data} (which 32-bit half of an argument comes first) and the number base the kernel adds
 * (x32 sets bit 30; MIPS numbers start at 4000/5000/6000 and the csv stores them without the base).
 */
public enum SeccompArch {
    X86("SCMP_ARCH_X86", "x86", 0x40000003, false, 0),
    X86_64("SCMP_ARCH_X86_64", "x86_64", 0xc000003e, false, 0),
    X32("SCMP_ARCH_X32", "x32", 0xc000003e, false, 0x40000000),
    ARM("SCMP_ARCH_ARM", "arm", 0x40000028, false, 0),
    AARCH64("SCMP_ARCH_AARCH64", "aarch64", 0xc00000b7, false, 0),
    LOONGARCH64("SCMP_ARCH_LOONGARCH64", "loongarch64", 0xc0000102, false, 0),
    M68K("SCMP_ARCH_M68K", "m68k", 0x00000004, true, 0),
    MIPS("SCMP_ARCH_MIPS", "mips", 0x00000008, true, 4000),
    MIPSEL("SCMP_ARCH_MIPSEL", "mips", 0x40000008, false, 4000),
    MIPS64("SCMP_ARCH_MIPS64", "mips64", 0x80000008, true, 5000),
    MIPSEL64("SCMP_ARCH_MIPSEL64", "mips64", 0xc0000008, false, 5000),
    MIPS64N32("SCMP_ARCH_MIPS64N32", "mips64n32", 0xa0000008, true, 6000),
    MIPSEL64N32("SCMP_ARCH_MIPSEL64N32", "mips64n32", 0xe0000008, false, 6000),
    PARISC("SCMP_ARCH_PARISC", "parisc", 0x0000000f, true, 0),
    PARISC64("SCMP_ARCH_PARISC64", "parisc64", 0x8000000f, true, 0),
    PPC("SCMP_ARCH_PPC", "ppc", 0x00000014, true, 0),
    PPC64("SCMP_ARCH_PPC64", "ppc64", 0x80000015, true, 0),
    PPC64LE("SCMP_ARCH_PPC64LE", "ppc64", 0xc0000015, false, 0),
    RISCV64("SCMP_ARCH_RISCV64", "riscv64", 0xc00000f3, false, 0),
    S390("SCMP_ARCH_S390", "s390", 0x00000016, true, 0),
    S390X("SCMP_ARCH_S390X", "s390x", 0x80000016, true, 0),
    SH("SCMP_ARCH_SH", "sh", 0x4000002a, false, 0),
    SHEB("SCMP_ARCH_SHEB", "sh", 0x0000002a, true, 0);

    /** x32 syscall numbers carry this bit; x32 shares AUDIT_ARCH_X86_64 with x86_64. */
    public static final int X32_SYSCALL_BIT = 0x40000000;

    private final String scmpName;
    private final String tableColumn;
    private final int auditArch;
    private final boolean bigEndian;
    private final int nrBase;

    SeccompArch(String scmpName, String tableColumn, int auditArch, boolean bigEndian, int nrBase) {
        this.scmpName = scmpName;
        this.tableColumn = tableColumn;
        this.auditArch = auditArch;
        this.bigEndian = bigEndian;
        this.nrBase = nrBase;
    }

    public String scmpName() {
        return scmpName;
    }

    String tableColumn() {
        return tableColumn;
    }

    public int auditArch() {
        return auditArch;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    public int nrBase() {
        return nrBase;
    }

    public static Optional<SeccompArch> fromScmpName(String name) {
        for (SeccompArch a : values()) {
            if (a.scmpName.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The arch this JVM runs on (what SCMP_ARCH_NATIVE means), from {@code os.arch}. */
    public static SeccompArch nativeArch() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        switch (arch) {
            case "amd64": case "x86_64": return X86_64;
            case "x86": case "i386": case "i486": case "i586": case "i686": return X86;
            case "aarch64": case "arm64": return AARCH64;
            case "arm": return ARM;
            case "riscv64": return RISCV64;
            case "ppc64le": return PPC64LE;
            case "ppc64": return PPC64;
            case "s390x": return S390X;
            case "loongarch64": return LOONGARCH64;
            case "mips64el": return MIPSEL64;
            case "mips64": return MIPS64;
            case "mipsel": return MIPSEL;
            case "mips": return MIPS;
            default: throw new SeccompException("architectures", "unsupported native architecture \"" + arch + "\"");
        }
    }
}
