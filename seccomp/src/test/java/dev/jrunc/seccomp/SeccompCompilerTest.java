package dev.jrunc.seccomp;

import static dev.jrunc.seccomp.Profiles.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.seccomp.bpf.SeccompData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

/** Decisions of compiled filters, run in the interpreter, for each feature of the profile language. */
class SeccompCompilerTest {
    private static final int READ = 0;
    private static final int WRITE = 1;
    private static final int GETPID = 39;
    private static final int SOCKET = 41;

    @ParameterizedTest
    @CsvSource({
            "SCMP_ACT_KILL, 0x00000000",
            "SCMP_ACT_KILL_THREAD, 0x00000000",
            "SCMP_ACT_KILL_PROCESS, 0x80000000",
            "SCMP_ACT_TRAP, 0x00030000",
            "SCMP_ACT_ERRNO, 0x00050001",
            "SCMP_ACT_TRACE, 0x7ff00001",
            "SCMP_ACT_ALLOW, 0x7fff0000",
            "SCMP_ACT_LOG, 0x7ffc0000",
            "SCMP_ACT_NOTIFY, 0x7fc00000"})
    void everyActionAsRuleAndDefault(String action, String expectedHex) {
        int expected = Integer.parseUnsignedInt(expectedHex.substring(2), 16);
        SeccompProfile asRule = new SeccompProfile("SCMP_ACT_ERRNO", 99, List.of(), null, "/run/agent.sock", null,
                List.of(rule(action, List.of("getpid"))));
        CompiledFilter f = compile(asRule);
        assertEquals(expected, x64(f, GETPID));
        assertEquals(0x00050063, x64(f, READ), "others get the default ERRNO(99)");
        if (!action.equals("SCMP_ACT_NOTIFY")) {
            // clone3 (435) is named so that getpid stays below runc's ENOSYS threshold
            CompiledFilter g = compile(profile(action, List.of(), allow("read"), allow("clone3")));
            assertEquals(expected, x64(g, GETPID));
            assertEquals(ALLOW, x64(g, READ));
        }
    }

    @Test
    void errnoRetValues() {
        SeccompProfile p = new SeccompProfile("SCMP_ACT_ERRNO", 13, List.of(), null, null, null, List.of(
                new SyscallRule(List.of("read"), "SCMP_ACT_ERRNO", 22, List.of()),
                new SyscallRule(List.of("write"), "SCMP_ACT_ERRNO", null, List.of()),
                new SyscallRule(List.of("getpid"), "SCMP_ACT_TRACE", 1234, List.of()),
                new SyscallRule(List.of("close"), "SCMP_ACT_ALLOW", 5, List.of())));
        CompiledFilter f = compile(p);
        assertEquals(0x00050016, x64(f, READ));
        assertEquals(EPERM, x64(f, WRITE), "absent errnoRet is EPERM");
        assertEquals(0x7ff004d2, x64(f, GETPID), "TRACE carries errnoRet as its message");
        assertEquals(ALLOW, x64(f, 3), "errnoRet ignored on ALLOW, as runc");
        assertEquals(0x0005000d, x64(f, 2), "defaultErrnoRet");
        SeccompProfile noDefaultErrno = profile("SCMP_ACT_ERRNO", List.of(), allow("read"), allow("clone3"));
        assertEquals(EPERM, x64(compile(noDefaultErrno), WRITE));
    }

    /** Values around the constant in both halves: the 64-bit compare must get each one right. */
    private static List<Long> probes(long v) {
        List<Long> out = new ArrayList<>();
        long[] deltas = {0, 1, -1, 2, -2, 1L << 32, -(1L << 32), (1L << 32) + 1, (1L << 32) - 1, 1L << 63};
        for (long d : deltas) {
            out.add(v + d);
        }
        out.add(v ^ 0xffffffffL);
        out.add(v ^ 0xffffffff00000000L);
        out.add(0L);
        out.add(-1L);
        out.add(0xffffffffL);
        out.add(0x100000000L);
        return out;
    }

    @ParameterizedTest
    @CsvSource({"EQ", "NE", "LT", "LE", "GE", "GT"})
    void comparisonsOn64BitBoundaries(String op) {
        long[] constants = {0, 1, 38, 0xffffffffL, 0x100000000L, 0x1_0000_0026L, 0x7fffffffffffffffL,
                0x8000000000000000L, -2L, -1L, 0xffffffff00000000L, 0x00000001ffffffffL};
        for (long v : constants) {
            CompiledFilter f = compile(deny(allow("socket", arg(2, op, v))));
            for (long a : probes(v)) {
                int cmp = Long.compareUnsigned(a, v);
                boolean expect;
                switch (op) {
                    case "EQ": expect = cmp == 0; break;
                    case "NE": expect = cmp != 0; break;
                    case "LT": expect = cmp < 0; break;
                    case "LE": expect = cmp <= 0; break;
                    case "GE": expect = cmp >= 0; break;
                    default: expect = cmp > 0;
                }
                assertEquals(expect ? ALLOW : EPERM, x64(f, SOCKET, 0, 0, a),
                        String.format("arg 0x%x %s 0x%x", a, op, v));
            }
        }
    }

    @Test
    void maskedEqualOnBothHalves() {
        long[][] cases = {{0x7E020000L, 0}, {0xff00000000L, 0x1200000000L}, {0xffff0000ffffL, 0x000100000002L},
                {-1L, 0x123456789L}, {0x1L, 0x1L}};
        for (long[] c : cases) {
            CompiledFilter f = compile(deny(allow("clone", masked(0, c[0], c[1]))));
            for (long a : probes(c[1])) {
                boolean expect = (a & c[0]) == c[1];
                assertEquals(expect ? ALLOW : EPERM, x64(f, 56, a), String.format("0x%x & 0x%x == 0x%x", a, c[0], c[1]));
            }
        }
        CompiledFilter never = compile(deny(allow("clone", masked(0, 0xff, 0x100))));
        assertEquals(EPERM, x64(never, 56, 0x100), "datum outside the mask never matches");
    }

    @Test
    void argsInOneRuleAreAndRulesAreOr() {
        CompiledFilter f = compile(deny(
                allow("socket", arg(0, "EQ", 2), arg(1, "EQ", 1)),
                allow("socket", arg(0, "EQ", 10))));
        assertEquals(ALLOW, x64(f, SOCKET, 2, 1));
        assertEquals(EPERM, x64(f, SOCKET, 2, 2));
        assertEquals(EPERM, x64(f, SOCKET, 3, 1));
        assertEquals(ALLOW, x64(f, SOCKET, 10, 7));
    }

    @Test
    void sameArgIndexTwiceMeansOrLikeRunc() {
        // runc splits the rule into one rule per condition, including the one on arg 1
        CompiledFilter f = compile(deny(allow("socket", arg(0, "EQ", 2), arg(0, "EQ", 10), arg(1, "EQ", 5))));
        assertEquals(ALLOW, x64(f, SOCKET, 2, 0));
        assertEquals(ALLOW, x64(f, SOCKET, 10, 0));
        assertEquals(ALLOW, x64(f, SOCKET, 99, 5));
        assertEquals(EPERM, x64(f, SOCKET, 99, 6));
    }

    @Test
    void firstMatchingRuleWins() {
        CompiledFilter f = compile(deny(
                rule("SCMP_ACT_KILL_PROCESS", List.of("socket"), arg(0, "EQ", 40)),
                allow("socket")));
        assertEquals(0x80000000, x64(f, SOCKET, 40));
        assertEquals(ALLOW, x64(f, SOCKET, 2));
    }

    @Test
    void ruleEqualToDefaultIsDroppedLikeRunc() {
        // runc skips the ERRNO(1) rule, so the later ALLOW decides
        CompiledFilter f = compile(deny(rule("SCMP_ACT_ERRNO", List.of("read")), allow("read")));
        assertEquals(ALLOW, x64(f, READ));
    }

    @Test
    void x32WithoutX32ArchGetsBadArchAction() {
        CompiledFilter f = compile(profile("SCMP_ACT_ALLOW", List.of("SCMP_ARCH_X86_64"),
                rule("SCMP_ACT_ERRNO", List.of("kexec_load"))));
        assertEquals(EPERM, x64(f, 246));
        // x32 kexec_load is 528|bit30: must not fall through to the permissive default
        assertEquals(KILL_THREAD, x64(f, 0x40000000 | 528));
        assertEquals(KILL_THREAD, x64(f, 0x40000000));
        assertEquals(ALLOW, x64(f, -1), "nr -1 (tracer skip) is an x86_64 number");
    }

    @Test
    void x32WithX32ArchUsesItsOwnTable() {
        CompiledFilter f = compile(profile("SCMP_ACT_ERRNO", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X32"),
                allow("read"), allow("rt_sigaction"), rule("SCMP_ACT_ERRNO", List.of("kexec_load"), new ArgCondition[0])));
        assertEquals(ALLOW, x64(f, 0x40000000), "x32 read");
        assertEquals(ALLOW, x64(f, 0x40000000 | 512), "x32 rt_sigaction is 512");
        assertEquals(EPERM, x64(f, 0x40000000 | 13), "x32 has no 13 (rt_sigaction on x86_64)");
        assertEquals(ALLOW, x64(f, 13));
        assertEquals(ENOSYS, x64(f, 0x40000000 | 600), "above x32's highest named number");
    }

    @Test
    void foreignArchIsKilled() {
        CompiledFilter f = compile(profile("SCMP_ACT_ALLOW", List.of("SCMP_ARCH_X86_64")));
        assertEquals(KILL_THREAD, decide(f, AARCH64, 0));
        assertEquals(KILL_THREAD, decide(f, I386, 3));
        assertEquals(ALLOW, x64(f, 0));
    }

    @Test
    void enosysAboveHighestNamedSyscall() {
        CompiledFilter f = compile(deny(allow("read"), allow("clone3")));
        assertEquals(ALLOW, x64(f, 435));
        assertEquals(EPERM, x64(f, 434), "below the highest: default");
        assertEquals(ENOSYS, x64(f, 436));
        assertEquals(ENOSYS, x64(f, 0x3fffffff));
        assertEquals(ENOSYS, x64(f, -1));
        assertEquals(KILL_THREAD, x64(f, 0x40000005), "x32 not listed");
    }

    @Test
    void noEnosysUnderPermissiveDefaultOrWhenDefaultIsEnosys() {
        for (String def : List.of("SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_TRACE")) {
            CompiledFilter f = compile(profile(def, List.of(), rule("SCMP_ACT_KILL", List.of("read"))));
            assertEquals(ReferenceEvaluator.value(def, null), x64(f, 400), def);
        }
        SeccompProfile p = new SeccompProfile("SCMP_ACT_KILL_PROCESS", 38, List.of(), null, null, null,
                List.of(allow("read")));
        assertEquals(0x80000000, x64(compile(p), 400), "runc skips the stub when defaultErrnoRet is ENOSYS");
    }

    @Test
    void unknownNamesAreSkippedPerArch() {
        SeccompProfile p = profile("SCMP_ACT_ERRNO", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86"),
                rule("SCMP_ACT_ALLOW", List.of("no_such_syscall", "chown32", "read")));
        CompiledFilter f = compile(p);
        assertEquals(ALLOW, x64(f, 0));
        assertEquals(ALLOW, decide(f, I386, 212), "chown32 exists on i386 only");
        assertEquals(ALLOW, decide(f, I386, 3), "i386 read");
        assertEquals(EPERM, decide(f, I386, 4), "i386 write");
    }

    @Test
    void i386SocketcallRoutesUnconditionalRules() {
        SeccompProfile p = profile("SCMP_ACT_ERRNO", List.of("SCMP_ARCH_X86"),
                allow("socket"), allow("connect", arg(0, "EQ", 3)), allow("shmat"));
        CompiledFilter f = compile(p);
        assertEquals(ALLOW, decide(f, I386, 359), "direct socket");
        assertEquals(ALLOW, decide(f, I386, 102, 1), "socketcall(SYS_SOCKET)");
        assertEquals(EPERM, decide(f, I386, 102, 2), "socketcall(SYS_BIND)");
        assertEquals(EPERM, decide(f, I386, 102, 3), "connect has conditions: not routed");
        assertEquals(ALLOW, decide(f, I386, 362, 3), "direct connect with fd 3");
        assertEquals(ALLOW, decide(f, I386, 117, 21), "ipc(SHMAT)");
        assertEquals(ALLOW, decide(f, I386, 117, 0x10015), "ipc(SHMAT, version 1)");
        assertEquals(EPERM, decide(f, I386, 117, 22));
    }

    @Test
    void bigEndianArchComparesTheRightHalves() {
        SeccompProfile p = new SeccompProfile("SCMP_ACT_ERRNO", null, List.of("SCMP_ARCH_S390X"), null, null, null,
                List.of(allow("socket", arg(0, "GT", 0x1_0000_0000L))));
        CompiledFilter f = SeccompCompiler.compile(p, SeccompArch.S390X);
        int socket = SyscallTable.of(SeccompArch.S390X).number("socket").getAsInt();
        int audit = SeccompArch.S390X.auditArch();
        assertEquals(ALLOW, run(f, new SeccompData(socket, audit, 0, new long[]{0x1_0000_0001L, 0, 0, 0, 0, 0}, true)).action());
        assertEquals(EPERM, run(f, new SeccompData(socket, audit, 0, new long[]{0xffff_ffffL, 0, 0, 0, 0, 0}, true)).action());
        assertEquals(ENOSYS, run(f, new SeccompData(0, audit, 0, new long[6], true)).action(),
                "s390: nr 0 carries unknown syscalls, runc gives ENOSYS");
    }

    @Test
    void nrOnlySyscallsNeverTouchArguments() {
        CompiledFilter f = compile(TestData.dockerDefault());
        assertTrue(run(f, SeccompData.of(0, X86_64)).argFree(), "read");
        assertTrue(run(f, SeccompData.of(246, X86_64)).argFree(), "kexec_load, denied");
        assertFalse(run(f, SeccompData.of(56, X86_64)).argFree(), "clone checks flags");
    }

    @Test
    void flags() {
        assertEquals(1L << 2, compile(deny()).filterFlags(), "absent flags: SPEC_ALLOW like runc 1.2");
        SeccompProfile explicit = new SeccompProfile("SCMP_ACT_ERRNO", null, List.of(), List.of(), null, null, List.of());
        assertEquals(0L, compile(explicit).filterFlags(), "empty list: none");
        SeccompProfile all = new SeccompProfile("SCMP_ACT_ERRNO", null, List.of(),
                List.of("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
                        "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"), null, null, List.of());
        assertEquals((1L << 1) | (1L << 2), compile(all).filterFlags(), "TSYNC dropped, WAIT_KILLABLE_RECV needs a listener");
        SeccompProfile notify = new SeccompProfile("SCMP_ACT_ERRNO", null, List.of(),
                List.of("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"), "/run/agent.sock", "meta",
                List.of(rule("SCMP_ACT_NOTIFY", List.of("mount"))));
        CompiledFilter n = compile(notify);
        assertTrue(n.needsListener());
        assertEquals((1L << 3) | (1L << 5), n.filterFlags());
        assertFalse(compile(deny(allow("read"))).needsListener());
    }

    private static String error(SeccompProfile p) {
        return assertThrows(SeccompException.class, () -> compile(p)).getMessage();
    }

    @Test
    void errorsNameThePath() {
        assertEquals("defaultAction: unknown action \"X\"", error(profile("X", List.of())));
        assertEquals("syscalls[1].action: unknown action \"SCMP_ACT_FOO\"",
                error(deny(allow("read"), rule("SCMP_ACT_FOO", List.of("write")))));
        assertEquals("syscalls[0].args[1].op: unknown op \"SCMP_CMP_FOO\"",
                error(deny(allow("read", arg(0, "EQ", 1), new ArgCondition(1, 0, 0, "SCMP_CMP_FOO")))));
        assertEquals("syscalls[0].args[0].index: 6 is out of range 0..5",
                error(deny(allow("read", arg(6, "EQ", 1)))));
        assertEquals("architectures[1]: unknown architecture \"SCMP_ARCH_VAX\"",
                error(profile("SCMP_ACT_ERRNO", List.of("SCMP_ARCH_X86", "SCMP_ARCH_VAX"))));
        assertEquals("flags[0]: unknown flag \"SECCOMP_FILTER_FLAG_NEW_LISTENER\"", error(new SeccompProfile(
                "SCMP_ACT_ERRNO", null, List.of(), List.of("SECCOMP_FILTER_FLAG_NEW_LISTENER"), null, null, List.of())));
        assertEquals("defaultAction: SCMP_ACT_NOTIFY cannot be the default action",
                error(profile("SCMP_ACT_NOTIFY", List.of())));
        assertEquals("syscalls[0].names[1]: SCMP_ACT_NOTIFY cannot be used for \"write\"", error(new SeccompProfile(
                "SCMP_ACT_ERRNO", null, List.of(), null, "/s", null, List.of(rule("SCMP_ACT_NOTIFY", List.of("read", "write"))))));
        assertEquals("listenerPath: required when a rule uses SCMP_ACT_NOTIFY",
                error(deny(rule("SCMP_ACT_NOTIFY", List.of("read")))));
        assertEquals("syscalls[0].names[0]: empty syscall name", error(deny(allow(""))));
    }

    @Test
    void tooLargeProgramIsRejected() {
        // every syscall with its own 64-bit comparisons: far beyond 4096 instructions
        List<SyscallRule> rules = new ArrayList<>();
        for (int nr = 0; nr < 300; nr++) {
            String name = SyscallTable.of(SeccompArch.X86_64).name(nr);
            if (name != null) {
                rules.add(allow(name, arg(0, "GT", 0x1_0000_0000L + nr), arg(1, "LT", 0x2_0000_0000L + nr),
                        arg(2, "EQ", nr)));
            }
        }
        SeccompProfile p = profile("SCMP_ACT_ERRNO", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
                rules.toArray(new SyscallRule[0]));
        String msg = error(p);
        assertTrue(msg.startsWith("syscalls: the compiled program has "), msg);
        assertTrue(msg.endsWith("(BPF_MAXINSNS = 4096)"), msg);
    }

    @Test
    void emptyProfileStillFiltersArch() {
        CompiledFilter f = compile(profile("SCMP_ACT_ALLOW", List.of()));
        assertEquals(ALLOW, x64(f, 0));
        assertEquals(KILL_THREAD, decide(f, AARCH64, 0));
        assertTrue(f.instructionCount() <= 10, "small: " + f.instructionCount());
    }
}
