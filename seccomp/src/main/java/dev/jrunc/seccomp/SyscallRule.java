package dev.jrunc.seccomp;

import java.util.List;

/**
 * One entry of {@code linux.seccomp.syscalls}: the names share the action and the argument conditions.
 *
 * @param errnoRet errno for ERRNO, message for TRACE; null means EPERM (as runc)
 */
public record SyscallRule(List<String> names, String action, Integer errnoRet, List<ArgCondition> args) {
    public SyscallRule {
        names = names == null ? List.of() : List.copyOf(names);
        args = args == null ? List.of() : List.copyOf(args);
    }
}
