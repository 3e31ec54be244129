package dev.jrunc.seccomp;

import java.util.NavigableMap;

/**
 * The decision function of one syscall ABI, before layout: the outcome of every syscall number the
 * profile names, the action for every other number, and runc's ENOSYS rule.
 *
 * @param named        outcome per named syscall number, keyed by the unsigned number
 * @param enosysAbove  numbers above this (unsigned) get ERRNO(ENOSYS) instead of the default, or -1 for none
 * @param enosysZero   s390/s390x: nr 0 is how unknown large syscalls arrive, so it gets ENOSYS too (as runc)
 */
record AbiPolicy(SeccompArch arch, NavigableMap<Long, Outcome> named, int defaultAction, long enosysAbove,
                 boolean enosysZero) {

    /** The outcome of any number of this ABI (unsigned), named or not. */
    Outcome outcome(long nr) {
        Outcome o = named.get(nr);
        if (o != null) {
            return o;
        }
        if ((enosysAbove >= 0 && nr > enosysAbove) || (enosysZero && nr == 0)) {
            return new Outcome.Ret(Action.RET_ENOSYS);
        }
        return new Outcome.Ret(defaultAction);
    }
}
