package dev.jrunc.seccomp;

import dev.jrunc.seccomp.bpf.SeccompData;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Decides a syscall directly from the profile, written independently of the compiler (only the syscall
 * table is shared, being data): the oracle of the property tests. Semantics as documented in
 * ProfileResolver (runc's, with per-arch name resolution and i386 socketcall/ipc routing).
 */
final class ReferenceEvaluator {
    private static final Map<String, Integer> SOCKETCALL = Map.ofEntries(
            Map.entry("socket", 1), Map.entry("bind", 2), Map.entry("connect", 3), Map.entry("listen", 4),
            Map.entry("accept", 5), Map.entry("getsockname", 6), Map.entry("getpeername", 7),
            Map.entry("socketpair", 8), Map.entry("send", 9), Map.entry("recv", 10), Map.entry("sendto", 11),
            Map.entry("recvfrom", 12), Map.entry("shutdown", 13), Map.entry("setsockopt", 14),
            Map.entry("getsockopt", 15), Map.entry("sendmsg", 16), Map.entry("recvmsg", 17),
            Map.entry("accept4", 18), Map.entry("recvmmsg", 19), Map.entry("sendmmsg", 20));
    private static final Map<String, Integer> IPC = Map.ofEntries(
            Map.entry("semop", 1), Map.entry("semget", 2), Map.entry("semctl", 3), Map.entry("semtimedop", 4),
            Map.entry("msgsnd", 11), Map.entry("msgrcv", 12), Map.entry("msgget", 13), Map.entry("msgctl", 14),
            Map.entry("shmat", 21), Map.entry("shmdt", 22), Map.entry("shmget", 23), Map.entry("shmctl", 24));

    private ReferenceEvaluator() {
    }

    static int value(String action, Integer errno) {
        int data = errno == null ? 1 : errno & 0xffff;
        switch (action) {
            case "SCMP_ACT_KILL":
            case "SCMP_ACT_KILL_THREAD": return 0;
            case "SCMP_ACT_KILL_PROCESS": return 0x80000000;
            case "SCMP_ACT_TRAP": return 0x00030000;
            case "SCMP_ACT_ERRNO": return 0x00050000 | data;
            case "SCMP_ACT_TRACE": return 0x7ff00000 | data;
            case "SCMP_ACT_ALLOW": return 0x7fff0000;
            case "SCMP_ACT_LOG": return 0x7ffc0000;
            case "SCMP_ACT_NOTIFY": return 0x7fc00000;
            default: throw new IllegalArgumentException(action);
        }
    }

    static int decide(SeccompProfile p, SeccompArch nativeArch, SeccompData d) {
        Set<SeccompArch> arches = new LinkedHashSet<>();
        arches.add(nativeArch);
        for (String a : p.architectures()) {
            SeccompArch.fromScmpName(a).ifPresent(arches::add);
        }
        SeccompArch abi = null;
        boolean auditKnown = false;
        for (SeccompArch a : arches) {
            auditKnown |= a.auditArch() == d.arch();
        }
        if (!auditKnown) {
            return 0;
        }
        if (d.arch() == SeccompArch.X86_64.auditArch()) {
            boolean x32 = (d.nr() & 0x40000000) != 0 && d.nr() != -1;
            abi = x32 ? SeccompArch.X32 : SeccompArch.X86_64;
            if (!arches.contains(abi)) {
                return 0;
            }
        } else {
            for (SeccompArch a : arches) {
                if (a.auditArch() == d.arch()) {
                    abi = a;
                }
            }
        }
        SyscallTable table = SyscallTable.of(abi);
        int def = value(p.defaultAction(), p.defaultErrnoRet());
        String da = p.defaultAction();
        boolean enosys = !da.equals("SCMP_ACT_ALLOW") && !da.equals("SCMP_ACT_LOG") && !da.equals("SCMP_ACT_TRACE")
                && !(p.defaultErrnoRet() != null && p.defaultErrnoRet() == 38);
        long max = -1;
        for (SyscallRule r : p.syscalls()) {
            for (String n : r.names()) {
                OptionalInt nr = table.number(n);
                if (nr.isPresent()) {
                    max = Math.max(max, Integer.toUnsignedLong(nr.getAsInt()));
                }
            }
        }
        long nr = Integer.toUnsignedLong(d.nr());
        if (enosys && max >= 0) {
            if (nr > max || ((abi == SeccompArch.S390 || abi == SeccompArch.S390X) && nr == 0)) {
                return 0x00050026;
            }
        }
        long[] args = d.args();
        for (SyscallRule r : p.syscalls()) {
            int act = value(r.action(), r.errnoRet());
            if (act == def) {
                continue;
            }
            for (String n : r.names()) {
                OptionalInt num = table.number(n);
                if (num.isPresent() && Integer.toUnsignedLong(num.getAsInt()) == nr && argsMatch(r.args(), args)) {
                    return act;
                }
                if (abi == SeccompArch.X86 && r.args().isEmpty()) {
                    if (nr == 102 && SOCKETCALL.containsKey(n) && args[0] == SOCKETCALL.get(n)) {
                        return act;
                    }
                    if (nr == 117 && IPC.containsKey(n) && (args[0] & 0xffff) == IPC.get(n)) {
                        return act;
                    }
                }
            }
        }
        return def;
    }

    private static boolean argsMatch(List<ArgCondition> conds, long[] args) {
        if (conds.isEmpty()) {
            return true;
        }
        Set<Integer> seen = new HashSet<>();
        boolean dup = false;
        for (ArgCondition c : conds) {
            dup |= !seen.add(c.index());
        }
        for (ArgCondition c : conds) {
            boolean t = test(c, args[c.index()]);
            if (dup && t) {
                return true;
            }
            if (!dup && !t) {
                return false;
            }
        }
        return !dup;
    }

    private static boolean test(ArgCondition c, long a) {
        int cmp = Long.compareUnsigned(a, c.value());
        switch (c.op()) {
            case "SCMP_CMP_NE": return a != c.value();
            case "SCMP_CMP_LT": return cmp < 0;
            case "SCMP_CMP_LE": return cmp <= 0;
            case "SCMP_CMP_EQ": return a == c.value();
            case "SCMP_CMP_GE": return cmp >= 0;
            case "SCMP_CMP_GT": return cmp > 0;
            case "SCMP_CMP_MASKED_EQ": return (a & c.value()) == c.valueTwo();
            default: throw new IllegalArgumentException(c.op());
        }
    }
}
