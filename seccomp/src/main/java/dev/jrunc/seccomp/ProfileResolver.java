package dev.jrunc.seccomp;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Validates a {@link SeccompProfile} and resolves it per ABI, following runc's semantics (libcontainer/seccomp
 * and patchbpf) except where noted:
 * <ul>
 * <li>SCMP_ACT_KILL is KILL_THREAD; ERRNO/TRACE data from errnoRet, EPERM if absent.</li>
 * <li>A rule whose action equals the default action (data included) is dropped, as runc does.</li>
 * <li>Several conditions in a rule are ANDed, except that if two share an argument index, runc makes every
 *     condition of the rule a rule of its own (OR). Several rules for one syscall: the first that matches
 *     wins (libseccomp would reject or merge some conflicting overlaps; runc profiles do not have them).</li>
 * <li>Names are resolved per arch: unknown names are skipped, and a name missing on one arch is skipped only
 *     there. (runc resolves against the native arch and skips the name on all arches if the native arch
 *     lacks it, e.g. chown32 under x86_64; we honour the profile on i386 instead.)</li>
 * <li>ENOSYS: unless the default is ALLOW/LOG/TRACE or defaultErrnoRet is ENOSYS, numbers above the highest
 *     number any rule names for an ABI (rules dropped above included) return ERRNO(ENOSYS), as runc's stub.</li>
 * </ul>
 */
final class ProfileResolver {
    private static final String WRITE = "write";

    private ProfileResolver() {
    }

    static FilterModel resolve(SeccompProfile profile, SeccompArch nativeArch) {
        Action defaultKind = parseAction(profile.defaultAction(), "defaultAction");
        if (defaultKind == Action.NOTIFY) {
            throw new SeccompException("defaultAction", "SCMP_ACT_NOTIFY cannot be the default action");
        }
        int defaultAction = defaultKind.returnValue(profile.defaultErrnoRet());
        List<SeccompArch> order = arches(profile.architectures(), nativeArch);

        Map<SeccompArch, TreeMap<Long, List<ResolvedRule>>> rules = new EnumMap<>(SeccompArch.class);
        Map<SeccompArch, Long> highest = new EnumMap<>(SeccompArch.class);
        for (SeccompArch a : order) {
            rules.put(a, new TreeMap<>());
        }
        boolean needsListener = false;
        List<SyscallRule> syscalls = profile.syscalls();
        for (int i = 0; i < syscalls.size(); i++) {
            String path = "syscalls[" + i + "]";
            SyscallRule rule = syscalls.get(i);
            if (rule == null) {
                throw new SeccompException(path, "null rule");
            }
            Action kind = parseAction(rule.action(), path + ".action");
            List<List<Check>> alternatives = alternatives(rule.args(), path);
            int action = kind.returnValue(rule.errnoRet());
            boolean redundant = action == defaultAction;
            needsListener |= kind == Action.NOTIFY;
            for (int j = 0; j < rule.names().size(); j++) {
                String name = rule.names().get(j);
                String namePath = path + ".names[" + j + "]";
                if (name == null || name.isEmpty()) {
                    throw new SeccompException(namePath, "empty syscall name");
                }
                if (kind == Action.NOTIFY && WRITE.equals(name)) {
                    // runc needs write(2) to hand the listener fd over after loading the filter
                    throw new SeccompException(namePath, "SCMP_ACT_NOTIFY cannot be used for \"write\"");
                }
                for (SeccompArch arch : order) {
                    SyscallTable table = SyscallTable.of(arch);
                    OptionalInt nr = table.number(name);
                    if (nr.isPresent()) {
                        highest.merge(arch, Integer.toUnsignedLong(nr.getAsInt()), Math::max);
                    }
                    if (redundant) {
                        continue;
                    }
                    if (nr.isPresent()) {
                        add(rules.get(arch), nr.getAsInt(), action, alternatives);
                    }
                    if (rule.args().isEmpty()) {
                        for (Map.Entry<String, Check> route : Multiplexer.routes(arch, name)) {
                            OptionalInt mux = table.number(route.getKey());
                            if (mux.isPresent()) {
                                add(rules.get(arch), mux.getAsInt(), action, List.of(List.of(route.getValue())));
                            }
                        }
                    }
                }
            }
        }
        if (needsListener && (profile.listenerPath() == null || profile.listenerPath().isEmpty())) {
            throw new SeccompException("listenerPath", "required when a rule uses SCMP_ACT_NOTIFY");
        }
        long flags = FilterFlags.parse(profile.flags(), needsListener);

        boolean enosys = !defaultKind.permissive()
                && !(profile.defaultErrnoRet() != null && profile.defaultErrnoRet() == Action.ENOSYS);
        Map<SeccompArch, AbiPolicy> abis = new EnumMap<>(SeccompArch.class);
        for (SeccompArch arch : order) {
            TreeMap<Long, Outcome> named = new TreeMap<>();
            rules.get(arch).forEach((nr, list) -> named.put(nr, Outcome.of(list, defaultAction)));
            Long max = highest.get(arch);
            boolean stub = enosys && max != null;
            boolean s390 = arch == SeccompArch.S390 || arch == SeccompArch.S390X;
            abis.put(arch, new AbiPolicy(arch, named, defaultAction, stub ? max : -1, stub && s390));
        }
        return new FilterModel(defaultAction, order, abis, flags, needsListener);
    }

    private static void add(TreeMap<Long, List<ResolvedRule>> byNr, int nr, int action,
                            List<List<Check>> alternatives) {
        List<ResolvedRule> list = byNr.computeIfAbsent(Integer.toUnsignedLong(nr), k -> new ArrayList<>());
        for (List<Check> checks : alternatives) {
            list.add(new ResolvedRule(action, checks));
        }
    }

    private static Action parseAction(String name, String path) {
        if (name == null) {
            throw new SeccompException(path, "missing action");
        }
        return Action.fromOciName(name)
                .orElseThrow(() -> new SeccompException(path, "unknown action " + FilterFlags.quote(name)));
    }

    /** The architectures, deduplicated, native first: libseccomp always includes the native arch. */
    private static List<SeccompArch> arches(List<String> names, SeccompArch nativeArch) {
        Set<SeccompArch> set = new LinkedHashSet<>();
        set.add(nativeArch);
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if ("SCMP_ARCH_NATIVE".equals(n)) {
                continue;
            }
            int index = i;
            set.add(SeccompArch.fromScmpName(n).orElseThrow(() -> new SeccompException(
                    "architectures[" + index + "]", "unknown architecture " + FilterFlags.quote(n))));
        }
        return List.copyOf(set);
    }

    /**
     * The rule's conditions as alternatives (OR of ANDs), constant checks folded: an always-true check is
     * dropped, an alternative with an always-false check can never match and disappears.
     */
    private static List<List<Check>> alternatives(List<ArgCondition> args, String path) {
        List<Check> checks = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        boolean sharedIndex = false;
        for (int k = 0; k < args.size(); k++) {
            ArgCondition c = args.get(k);
            String argPath = path + ".args[" + k + "]";
            if (c == null) {
                throw new SeccompException(argPath, "null condition");
            }
            if (c.index() < 0 || c.index() > Check.MAX_INDEX) {
                throw new SeccompException(argPath + ".index", c.index() + " is out of range 0.." + Check.MAX_INDEX);
            }
            if (c.op() == null) {
                throw new SeccompException(argPath + ".op", "missing op");
            }
            CompareOp op = CompareOp.fromOciName(c.op())
                    .orElseThrow(() -> new SeccompException(argPath + ".op", "unknown op " + FilterFlags.quote(c.op())));
            checks.add(new Check(c.index(), op, c.value(), c.valueTwo()));
            sharedIndex |= !seen.add(c.index());
        }
        List<List<Check>> raw = new ArrayList<>();
        if (sharedIndex) {
            // runc: "if two or more arguments have the same condition, revert to old behavior, adding each
            // condition as a separate rule" - every condition, including those on other indices
            for (Check c : checks) {
                raw.add(List.of(c));
            }
        } else {
            raw.add(checks);
        }
        List<List<Check>> out = new ArrayList<>();
        for (List<Check> alt : raw) {
            List<Check> kept = new ArrayList<>();
            boolean never = false;
            for (Check c : alt) {
                Boolean constant = c.constant();
                if (constant == null) {
                    kept.add(c);
                } else if (!constant) {
                    never = true;
                }
            }
            if (!never) {
                out.add(kept);
            }
        }
        return out;
    }
}
