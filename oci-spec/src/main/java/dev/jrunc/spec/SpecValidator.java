package dev.jrunc.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a parsed {@link Spec} (or a process.json {@link Process}) against the runtime spec's rules.
 * Every problem names the JSON path and the bad value, e.g.
 * {@code process.cwd: must be an absolute path, got "foo"}. {@code validate*} throw the first problem
 * found (in document order); {@code problems*} return them all.
 */
public final class SpecValidator {
    private SpecValidator() {}

    /** One problem: the JSON path of the bad value and why it is bad. */
    public record Problem(String jsonPath, String reason) {
        @Override
        public String toString() {
            return jsonPath.isEmpty() ? reason : jsonPath + ": " + reason;
        }

        SpecException toException() {
            return new SpecException(null, jsonPath, reason);
        }
    }

    private static final Pattern VERSION_1 =
            Pattern.compile("1\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    /** The values allowed for {@code linux.rootfsPropagation}. */
    public static final Set<String> ROOTFS_PROPAGATIONS = Set.of(
            "", "shared", "slave", "private", "unbindable", "rshared", "rslave", "rprivate", "runbindable");

    private static final Set<String> DEVICE_TYPES = Set.of("c", "b", "u", "p");
    private static final Set<String> IOPRIO_CLASSES = Set.of("IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE");
    private static final Set<String> SCHED_POLICIES = Set.of(
            "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH", "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE");
    private static final Set<String> TIME_CLOCKS = Set.of("monotonic", "boottime");
    private static final Set<String> PERSONALITY_DOMAINS = Set.of("LINUX", "LINUX32");

    /** Validates a spec for create/run (process required). */
    public static void validate(Spec spec) throws SpecException {
        validate(spec, true);
    }

    /** Validates a spec; throws the first problem. */
    public static void validate(Spec spec, boolean requireProcess) throws SpecException {
        List<Problem> ps = problems(spec, requireProcess);
        if (!ps.isEmpty()) throw ps.get(0).toException();
    }

    /** Validates a process on its own (exec --process): {@code pathPrefix} is "" there, "process" in a spec. */
    public static void validateProcess(Process process, String pathPrefix) throws SpecException {
        List<Problem> ps = processProblems(process, pathPrefix);
        if (!ps.isEmpty()) throw ps.get(0).toException();
    }

    /** All problems of a spec, in document order. */
    public static List<Problem> problems(Spec spec, boolean requireProcess) {
        Checker c = new Checker();
        c.spec(spec, requireProcess);
        return c.problems;
    }

    /** All problems of a process. */
    public static List<Problem> processProblems(Process process, String pathPrefix) {
        Checker c = new Checker();
        if (process == null) c.add(pathPrefix == null ? "" : pathPrefix, "must be present");
        else c.process(process, pathPrefix == null ? "" : pathPrefix);
        return c.problems;
    }

    private static final class Checker {
        final List<Problem> problems = new ArrayList<>();

        void add(String path, String reason) {
            problems.add(new Problem(path, reason));
        }

        static String join(String prefix, String field) {
            return prefix.isEmpty() ? field : prefix + "." + field;
        }

        static String q(String s) {
            return Json.quote(s);
        }

        static boolean isAbs(String p) {
            return p != null && p.startsWith("/");
        }

        void absolute(String path, String value) {
            if (value == null || value.isEmpty()) add(path, "must be present");
            else if (!isAbs(value)) add(path, "must be an absolute path, got " + q(value));
        }

        /** Null elements in a list of strings. */
        void strings(String path, List<String> l) {
            if (l == null) return;
            for (int i = 0; i < l.size(); i++) {
                if (l.get(i) == null) add(path + "[" + i + "]", "expected a string, got null");
            }
        }

        void spec(Spec s, boolean requireProcess) {
            if (s.ociVersion() == null || s.ociVersion().isEmpty()) {
                add("ociVersion", "must be present");
            } else if (!VERSION_1.matcher(s.ociVersion()).matches()) {
                add("ociVersion", "unsupported version " + q(s.ociVersion()) + ", expected 1.x.y");
            }
            if (s.process() == null) {
                if (requireProcess) add("process", "must be present");
            } else {
                process(s.process(), "process");
            }
            if (s.root() == null) add("root", "must be present");
            else if (s.root().path() == null || s.root().path().isEmpty()) add("root.path", "must be present");
            if (s.mounts() != null) {
                for (int i = 0; i < s.mounts().size(); i++) mount(s.mounts().get(i), "mounts[" + i + "]");
            }
            if (s.hooks() != null) hooks(s.hooks());
            if (s.annotations() != null) {
                for (Map.Entry<String, String> e : s.annotations().entrySet()) {
                    if (e.getKey().isEmpty()) add("annotations", "key must not be empty");
                    else if (e.getValue() == null) add(SpecLoader.member("annotations", e.getKey()), "expected a string, got null");
                }
            }
            if (s.linux() != null) linux(s.linux());
        }

        void process(Process p, String pre) {
            if (p.args() == null || p.args().isEmpty()) add(join(pre, "args"), "must not be empty");
            else strings(join(pre, "args"), p.args());
            strings(join(pre, "env"), p.env());
            absolute(join(pre, "cwd"), p.cwd());
            if (p.user() != null) {
                List<Long> gids = p.user().additionalGids();
                if (gids != null) {
                    for (int i = 0; i < gids.size(); i++) {
                        if (gids.get(i) == null) add(join(pre, "user.additionalGids[" + i + "]"), "expected an unsigned number, got null");
                    }
                }
            }
            LinuxCapabilities caps = p.capabilities();
            if (caps != null) {
                capSet(join(pre, "capabilities.bounding"), caps.bounding());
                capSet(join(pre, "capabilities.effective"), caps.effective());
                capSet(join(pre, "capabilities.inheritable"), caps.inheritable());
                capSet(join(pre, "capabilities.permitted"), caps.permitted());
                capSet(join(pre, "capabilities.ambient"), caps.ambient());
            }
            if (p.rlimits() != null) {
                for (int i = 0; i < p.rlimits().size(); i++) {
                    String rp = join(pre, "rlimits[" + i + "]");
                    Rlimit r = p.rlimits().get(i);
                    if (r == null) {
                        add(rp, "expected an object, got null");
                        continue;
                    }
                    if (!Rlimits.isKnown(r.type())) add(rp + ".type", "unknown rlimit " + q(r.type()));
                    long soft = r.soft() == null ? 0 : r.soft();
                    long hard = r.hard() == null ? 0 : r.hard();
                    if (Long.compareUnsigned(soft, hard) > 0) {
                        add(rp + ".soft", "must not exceed hard limit " + Long.toUnsignedString(hard)
                                + ", got " + Long.toUnsignedString(soft));
                    }
                }
            }
            Integer oom = p.oomScoreAdj();
            if (oom != null && (oom < -1000 || oom > 1000)) {
                add(join(pre, "oomScoreAdj"), "must be between -1000 and 1000, got " + oom);
            }
            if (p.scheduler() != null) {
                String policy = p.scheduler().policy();
                if (!SCHED_POLICIES.contains(policy)) {
                    add(join(pre, "scheduler.policy"), "unknown scheduler policy " + q(policy));
                }
            }
            if (p.ioPriority() != null) {
                if (!IOPRIO_CLASSES.contains(p.ioPriority().ioClass())) {
                    add(join(pre, "ioPriority.class"), "unknown I/O priority class " + q(p.ioPriority().ioClass()));
                }
                Integer prio = p.ioPriority().priority();
                if (prio != null && (prio < 0 || prio > 7)) {
                    add(join(pre, "ioPriority.priority"), "must be between 0 and 7, got " + prio);
                }
            }
        }

        void capSet(String path, List<String> names) {
            if (names == null) return;
            for (int i = 0; i < names.size(); i++) {
                if (!Capabilities.isKnown(names.get(i))) {
                    add(path + "[" + i + "]", "unknown capability " + q(names.get(i)));
                }
            }
        }

        void mount(Mount m, String mp) {
            if (m == null) {
                add(mp, "expected an object, got null");
                return;
            }
            absolute(mp + ".destination", m.destination());
            strings(mp + ".options", m.options());
        }

        void hooks(Hooks h) {
            hookList("hooks.prestart", h.prestart());
            hookList("hooks.createRuntime", h.createRuntime());
            hookList("hooks.createContainer", h.createContainer());
            hookList("hooks.startContainer", h.startContainer());
            hookList("hooks.poststart", h.poststart());
            hookList("hooks.poststop", h.poststop());
        }

        void hookList(String path, List<Hook> hooks) {
            if (hooks == null) return;
            for (int i = 0; i < hooks.size(); i++) {
                String hp = path + "[" + i + "]";
                Hook h = hooks.get(i);
                if (h == null) {
                    add(hp, "expected an object, got null");
                    continue;
                }
                absolute(hp + ".path", h.path());
                strings(hp + ".args", h.args());
                strings(hp + ".env", h.env());
                if (h.timeout() != null && h.timeout() <= 0) {
                    add(hp + ".timeout", "must be greater than zero, got " + h.timeout());
                }
            }
        }

        void linux(Linux l) {
            Set<String> nsTypes = new HashSet<>();
            if (l.namespaces() != null) {
                for (int i = 0; i < l.namespaces().size(); i++) {
                    String np = "linux.namespaces[" + i + "]";
                    Namespace ns = l.namespaces().get(i);
                    if (ns == null) {
                        add(np, "expected an object, got null");
                        continue;
                    }
                    if (!Namespaces.isKnown(ns.type())) {
                        add(np + ".type", "unknown namespace type " + q(ns.type()));
                    } else if (!nsTypes.add(ns.type())) {
                        add(np + ".type", "duplicate namespace " + q(ns.type()));
                    }
                    if (ns.path() != null && !ns.path().isEmpty() && !isAbs(ns.path())) {
                        add(np + ".path", "must be an absolute path, got " + q(ns.path()));
                    }
                }
            }
            boolean userns = nsTypes.contains(Namespaces.USER);
            if (l.uidMappings() != null && !l.uidMappings().isEmpty() && !userns) {
                add("linux.uidMappings", "requires a user namespace");
            }
            if (l.gidMappings() != null && !l.gidMappings().isEmpty() && !userns) {
                add("linux.gidMappings", "requires a user namespace");
            }
            if (l.sysctl() != null) {
                for (Map.Entry<String, String> e : l.sysctl().entrySet()) {
                    if (e.getKey().isEmpty()) add("linux.sysctl", "key must not be empty");
                    else if (e.getValue() == null) add(SpecLoader.member("linux.sysctl", e.getKey()), "expected a string, got null");
                }
            }
            if (l.resources() != null) resources(l.resources());
            if (l.devices() != null) {
                for (int i = 0; i < l.devices().size(); i++) device(l.devices().get(i), "linux.devices[" + i + "]");
            }
            if (l.seccomp() != null) seccomp(l.seccomp());
            if (l.rootfsPropagation() != null && !ROOTFS_PROPAGATIONS.contains(l.rootfsPropagation())) {
                add("linux.rootfsPropagation", "unknown propagation " + q(l.rootfsPropagation()));
            }
            strings("linux.maskedPaths", l.maskedPaths());
            strings("linux.readonlyPaths", l.readonlyPaths());
            if (l.personality() != null && !PERSONALITY_DOMAINS.contains(l.personality().domain())) {
                add("linux.personality.domain", "unknown personality domain " + q(l.personality().domain()));
            }
            if (l.timeOffsets() != null && !l.timeOffsets().isEmpty()) {
                if (!nsTypes.contains(Namespaces.TIME)) add("linux.timeOffsets", "requires a time namespace");
                for (String clock : l.timeOffsets().keySet()) {
                    if (!TIME_CLOCKS.contains(clock)) add(SpecLoader.member("linux.timeOffsets", clock), "unknown clock " + q(clock));
                }
            }
        }

        void device(Device d, String dp) {
            if (d == null) {
                add(dp, "expected an object, got null");
                return;
            }
            absolute(dp + ".path", d.path());
            if (!DEVICE_TYPES.contains(d.type())) {
                add(dp + ".type", "unknown device type " + q(d.type()) + ", expected one of c, b, u, p");
            } else if (!d.type().equals("p")) {
                if (d.major() == null) add(dp + ".major", "must be present for device type " + q(d.type()));
                if (d.minor() == null) add(dp + ".minor", "must be present for device type " + q(d.type()));
            }
        }

        void resources(Resources r) {
            if (r.devices() != null) {
                for (int i = 0; i < r.devices().size(); i++) {
                    String rp = "linux.resources.devices[" + i + "]";
                    Resources.DeviceRule d = r.devices().get(i);
                    if (d == null) {
                        add(rp, "expected an object, got null");
                        continue;
                    }
                    if (d.type() != null && !d.type().isEmpty() && !Set.of("a", "b", "c").contains(d.type())) {
                        add(rp + ".type", "unknown device type " + q(d.type()) + ", expected one of a, b, c");
                    }
                    if (d.access() != null && !d.access().chars().allMatch(ch -> ch == 'r' || ch == 'w' || ch == 'm')) {
                        add(rp + ".access", "must be a combination of r, w and m, got " + q(d.access()));
                    }
                }
            }
            if (r.hugepageLimits() != null) {
                for (int i = 0; i < r.hugepageLimits().size(); i++) {
                    Resources.HugepageLimit h = r.hugepageLimits().get(i);
                    String hp = "linux.resources.hugepageLimits[" + i + "]";
                    if (h == null) add(hp, "expected an object, got null");
                    else if (h.pageSize() == null || h.pageSize().isEmpty()) add(hp + ".pageSize", "must be present");
                }
            }
        }

        void seccomp(Seccomp s) {
            String sp = "linux.seccomp";
            if (s.defaultAction() == null || s.defaultAction().isEmpty()) {
                add(sp + ".defaultAction", "must be present");
            } else if (!SeccompNames.ACTIONS.contains(s.defaultAction())) {
                add(sp + ".defaultAction", "unknown action " + q(s.defaultAction()));
            }
            if (s.architectures() != null) {
                for (int i = 0; i < s.architectures().size(); i++) {
                    String a = s.architectures().get(i);
                    if (!SeccompNames.ARCHITECTURES.contains(a)) {
                        add(sp + ".architectures[" + i + "]", "unknown architecture " + q(a));
                    }
                }
            }
            if (s.flags() != null) {
                for (int i = 0; i < s.flags().size(); i++) {
                    String f = s.flags().get(i);
                    if (!SeccompNames.FLAGS.contains(f)) add(sp + ".flags[" + i + "]", "unknown flag " + q(f));
                }
            }
            if (s.syscalls() == null) return;
            for (int i = 0; i < s.syscalls().size(); i++) {
                String cp = sp + ".syscalls[" + i + "]";
                Seccomp.Syscall sc = s.syscalls().get(i);
                if (sc == null) {
                    add(cp, "expected an object, got null");
                    continue;
                }
                if (sc.names() == null || sc.names().isEmpty()) add(cp + ".names", "must not be empty");
                else strings(cp + ".names", sc.names());
                if (sc.action() == null || sc.action().isEmpty()) add(cp + ".action", "must be present");
                else if (!SeccompNames.ACTIONS.contains(sc.action())) add(cp + ".action", "unknown action " + q(sc.action()));
                if (sc.args() == null) continue;
                for (int j = 0; j < sc.args().size(); j++) {
                    String ap = cp + ".args[" + j + "]";
                    Seccomp.Arg a = sc.args().get(j);
                    if (a == null) {
                        add(ap, "expected an object, got null");
                        continue;
                    }
                    long idx = a.index() == null ? 0 : a.index();
                    if (idx > SeccompNames.MAX_ARG_INDEX) {
                        add(ap + ".index", "must be between 0 and " + SeccompNames.MAX_ARG_INDEX + ", got " + idx);
                    }
                    if (!SeccompNames.OPERATORS.contains(a.op())) add(ap + ".op", "unknown operator " + q(a.op()));
                }
            }
        }
    }
}
