package dev.jrunc.seccomp;

import java.util.List;
import java.util.Map;

/**
 * i386's multiplexed syscalls: {@code socketcall(call, args*)} and {@code ipc(call, ...)} carry the real
 * operation in arg0 and the real arguments in user memory, which a filter cannot read. So a rule on, say,
 * {@code socket} also covers {@code socketcall(SYS_SOCKET, ...)} - but only when the rule has no argument
 * conditions. libseccomp instead drops the conditions on the socketcall path, silently widening the rule;
 * we rather leave socketcall(SYS_SOCKET) to the other rules/default (old i386 binaries that use
 * socketcall then get the default action, which is the safe side). Other arches with multiplexers
 * (s390, ppc, mips o32, m68k, sh) are not covered: only their direct syscalls are filtered.
 */
final class Multiplexer {
    static final String SOCKETCALL = "socketcall";
    static final String IPC = "ipc";

    /** linux/net.h SYS_*: the socketcall call numbers. */
    private static final Map<String, Integer> SOCKET_CALLS = Map.ofEntries(
            Map.entry("socket", 1), Map.entry("bind", 2), Map.entry("connect", 3), Map.entry("listen", 4),
            Map.entry("accept", 5), Map.entry("getsockname", 6), Map.entry("getpeername", 7),
            Map.entry("socketpair", 8), Map.entry("send", 9), Map.entry("recv", 10), Map.entry("sendto", 11),
            Map.entry("recvfrom", 12), Map.entry("shutdown", 13), Map.entry("setsockopt", 14),
            Map.entry("getsockopt", 15), Map.entry("sendmsg", 16), Map.entry("recvmsg", 17),
            Map.entry("accept4", 18), Map.entry("recvmmsg", 19), Map.entry("sendmmsg", 20));

    /** linux/ipc.h call numbers (the kernel uses the low 16 bits; the high 16 are an ABI version). */
    private static final Map<String, Integer> IPC_CALLS = Map.ofEntries(
            Map.entry("semop", 1), Map.entry("semget", 2), Map.entry("semctl", 3), Map.entry("semtimedop", 4),
            Map.entry("msgsnd", 11), Map.entry("msgrcv", 12), Map.entry("msgget", 13), Map.entry("msgctl", 14),
            Map.entry("shmat", 21), Map.entry("shmdt", 22), Map.entry("shmget", 23), Map.entry("shmctl", 24));

    private Multiplexer() {
    }

    /** The multiplexer syscall and the arg0 check selecting {@code name}, if {@code arch} multiplexes it. */
    static List<Map.Entry<String, Check>> routes(SeccompArch arch, String name) {
        if (arch != SeccompArch.X86) {
            return List.of();
        }
        Integer sock = SOCKET_CALLS.get(name);
        if (sock != null) {
            return List.of(Map.entry(SOCKETCALL, new Check(0, CompareOp.EQ, sock, 0)));
        }
        Integer ipc = IPC_CALLS.get(name);
        if (ipc != null) {
            return List.of(Map.entry(IPC, new Check(0, CompareOp.MASKED_EQ, 0xffff, ipc)));
        }
        return List.of();
    }
}
