package dev.jrunc.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyscallTableTest {
    private static int nr(SeccompArch a, String name) {
        return SyscallTable.of(a).number(name).orElseThrow();
    }

    @Test
    void numbersAreWhatSeccompDataHolds() {
        assertEquals(0, nr(SeccompArch.X86_64, "read"));
        assertEquals(0x40000000, nr(SeccompArch.X32, "read"), "x32 carries bit 30");
        assertEquals(0x40000000 | 512, nr(SeccompArch.X32, "rt_sigaction"));
        assertEquals(359, nr(SeccompArch.X86, "socket"));
        assertEquals(102, nr(SeccompArch.X86, "socketcall"));
        assertEquals(63, nr(SeccompArch.AARCH64, "read"));
        assertEquals(4003, nr(SeccompArch.MIPS, "read"), "o32 base 4000");
        assertEquals(5000, nr(SeccompArch.MIPSEL64, "read"), "n64 base 5000");
        assertEquals(0xf0005, nr(SeccompArch.ARM, "set_tls"), "ARM private syscalls");
        assertEquals("close", SyscallTable.of(SeccompArch.X86_64).name(3));
    }

    @Test
    void missingOnAnArchIsEmpty() {
        assertTrue(SyscallTable.of(SeccompArch.X86_64).number("chown32").isEmpty());
        assertTrue(SyscallTable.of(SeccompArch.AARCH64).number("open").isEmpty());
        assertTrue(SyscallTable.of(SeccompArch.X86_64).number("no_such_call").isEmpty());
    }

    @Test
    void everyArchLoads() {
        for (SeccompArch a : SeccompArch.values()) {
            assertTrue(SyscallTable.of(a).size() > 300, a + " has " + SyscallTable.of(a).size());
        }
        assertEquals(3, SyscallTable.of(SeccompArch.X86_64).countInRange(0, 2));
    }
}
