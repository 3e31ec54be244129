package dev.jrunc.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The spec's namespace types, their CLONE_NEW* flags and their /proc/&lt;pid&gt;/ns/&lt;name&gt; names. */
public final class Namespaces {
    private Namespaces() {}

    public static final String PID = "pid";
    public static final String NETWORK = "network";
    public static final String MOUNT = "mount";
    public static final String IPC = "ipc";
    public static final String UTS = "uts";
    public static final String USER = "user";
    public static final String CGROUP = "cgroup";
    public static final String TIME = "time";

    public static final int CLONE_NEWTIME = 0x00000080;
    public static final int CLONE_NEWNS = 0x00020000;
    public static final int CLONE_NEWCGROUP = 0x02000000;
    public static final int CLONE_NEWUTS = 0x04000000;
    public static final int CLONE_NEWIPC = 0x08000000;
    public static final int CLONE_NEWUSER = 0x10000000;
    public static final int CLONE_NEWPID = 0x20000000;
    public static final int CLONE_NEWNET = 0x40000000;

    /** A namespace kind: spec type, clone flag, /proc/pid/ns file name. */
    public record Kind(String type, int cloneFlag, String procName) {}

    private static final Map<String, Kind> BY_TYPE;

    static {
        Map<String, Kind> m = new LinkedHashMap<>();
        for (Kind k : new Kind[] {
                new Kind(PID, CLONE_NEWPID, "pid"),
                new Kind(NETWORK, CLONE_NEWNET, "net"),
                new Kind(MOUNT, CLONE_NEWNS, "mnt"),
                new Kind(IPC, CLONE_NEWIPC, "ipc"),
                new Kind(UTS, CLONE_NEWUTS, "uts"),
                new Kind(USER, CLONE_NEWUSER, "user"),
                new Kind(CGROUP, CLONE_NEWCGROUP, "cgroup"),
                new Kind(TIME, CLONE_NEWTIME, "time")}) {
            m.put(k.type(), k);
        }
        BY_TYPE = Collections.unmodifiableMap(m);
    }

    /** All kinds by spec type. */
    public static Map<String, Kind> byType() {
        return BY_TYPE;
    }

    public static boolean isKnown(String type) {
        return type != null && BY_TYPE.containsKey(type);
    }

    /** The CLONE_NEW* flag of a spec type; throws IllegalArgumentException for an unknown type. */
    public static int cloneFlag(String type) {
        return kind(type).cloneFlag();
    }

    /** The /proc/&lt;pid&gt;/ns/ file name of a spec type ("net" for network, "mnt" for mount). */
    public static String procName(String type) {
        return kind(type).procName();
    }

    private static Kind kind(String type) {
        Kind k = type == null ? null : BY_TYPE.get(type);
        if (k == null) throw new IllegalArgumentException("unknown namespace type " + Json.quote(type));
        return k;
    }
}
