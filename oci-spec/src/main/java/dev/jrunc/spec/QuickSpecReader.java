package dev.jrunc.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The cold path's config.json reader. Jackson databind spends most of a `create` introspecting the
 * spec's records (annotations, creators, custom deserializers) before it reads a byte; this reader
 * builds the same records straight from jackson-core's token stream, for the fields container engines
 * write (runc spec, containerd, Docker; and the state file's copy, which spells absent components as
 * null). For anything else it returns null and databind
 * reads the file as before, so that errors and rare fields keep their one implementation: unknown or
 * repeated keys, a type or range databind would reject, any JSON syntax error, and the fields not
 * listed here (intelRdt, personality, timeOffsets, scheduler, ioPriority, execCPUAffinity,
 * blockIO, hugepageLimits, network, rdma). QuickSpecReaderTest compares both readers.
 */
public final class QuickSpecReader {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private QuickSpecReader() {}

    /** The spec in {@code json}, or null to let databind read it. */
    public static Spec read(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            Object root = value(p, 0);
            if (p.nextToken() != null) return null;
            return spec(root);
        } catch (IOException | Fallback e) {
            return null;
        }
    }

    /** Thrown for anything left to databind. */
    private static final class Fallback extends RuntimeException {
        Fallback() {
            super(null, null, false, false);
        }
    }

    // ---- JSON as maps, lists and scalars (integers kept exact, floats marked as such) ----

    private record Decimal(String text) {}

    private static Object value(JsonParser p, int depth) throws IOException {
        if (depth > 64) throw new Fallback();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    if (m.containsKey(key)) throw new Fallback();
                    m.put(key, value(p, depth + 1));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) l.add(value(p, depth + 1));
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getBigIntegerValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Decimal(p.getText());
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new Fallback();
        }
    }

    // ---- typed access: any other JSON type than the field's is left to databind ----

    /**
     * A nested object whose keys are all in {@code known}, or null-valued: databind skips unknown keys
     * and reads a null component as absent, so either way the record gets null (the state file's
     * config spells every absent component as null). Null stays null.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v, Set<String> known) {
        if (v == null) return null;
        if (!(v instanceof Map)) throw new Fallback();
        Map<String, Object> m = (Map<String, Object>) v;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getValue() != null && !known.contains(e.getKey())) throw new Fallback();
        }
        return m;
    }

    private static String str(Object v) {
        if (v == null || v instanceof String) return (String) v;
        throw new Fallback();
    }

    private static Boolean bool(Object v) {
        if (v == null || v instanceof Boolean) return (Boolean) v;
        throw new Fallback();
    }

    private static BigInteger integer(Object v) {
        if (v instanceof BigInteger b) return b;
        throw new Fallback();
    }

    private static Long range(Object v, long min, long max) {
        if (v == null) return null;
        BigInteger b = integer(v);
        if (b.bitLength() > 63) throw new Fallback();
        long l = b.longValue();
        if (l < min || l > max) throw new Fallback();
        return l;
    }

    private static Long u32(Object v) {
        return range(v, 0, 0xFFFF_FFFFL);
    }

    private static Integer i32(Object v) {
        Long l = range(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
        return l == null ? null : l.intValue();
    }

    private static Long i64(Object v) {
        return range(v, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** uint64 as the unsigned bit pattern of a Long. */
    private static Long u64(Object v) {
        if (v == null) return null;
        BigInteger b = integer(v);
        if (b.signum() < 0 || b.compareTo(U64_MAX) > 0) throw new Fallback();
        return b.longValue();
    }

    /** int64 that also takes 2^63..2^64-1, wrapped (memory limits, see {@link Num}). */
    private static Long mem(Object v) {
        if (v == null) return null;
        BigInteger b = integer(v);
        if (b.compareTo(BigInteger.valueOf(Long.MIN_VALUE)) < 0 || b.compareTo(U64_MAX) > 0) throw new Fallback();
        return b.longValue();
    }

    private static <T> List<T> list(Object v, Function<Object, T> element) {
        if (v == null) return null;
        if (!(v instanceof List<?> l)) throw new Fallback();
        List<T> out = new ArrayList<>(l.size());
        for (Object e : l) out.add(element.apply(e));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stringMap(Object v) {
        if (v == null) return null;
        if (!(v instanceof Map)) throw new Fallback();
        Map<String, String> out = new LinkedHashMap<>();
        ((Map<String, Object>) v).forEach((k, x) -> out.put(k, str(x)));
        return out;
    }

    // ---- the records ----

    private static Spec spec(Object v) {
        // top level: every other key, null too, goes to Spec.extra (databind's any-setter)
        Set<String> known = Set.of("ociVersion", "process", "root", "hostname", "domainname", "mounts", "hooks",
                "annotations", "linux");
        Map<String, Object> m = object(v, known);
        if (!known.containsAll(m.keySet())) throw new Fallback();
        return new Spec(str(m.get("ociVersion")), process(m.get("process")), root(m.get("root")),
                str(m.get("hostname")), str(m.get("domainname")), list(m.get("mounts"), QuickSpecReader::mount),
                hooks(m.get("hooks")), stringMap(m.get("annotations")), linux(m.get("linux")));
    }

    private static Process process(Object v) {
        Map<String, Object> m = object(v, Set.of("terminal", "consoleSize", "user", "args", "commandLine", "env", "cwd",
                "capabilities", "rlimits", "noNewPrivileges", "apparmorProfile", "oomScoreAdj", "selinuxLabel"));
        if (m == null) return null;
        return new Process(bool(m.get("terminal")), consoleSize(m.get("consoleSize")), user(m.get("user")),
                list(m.get("args"), QuickSpecReader::str), str(m.get("commandLine")),
                list(m.get("env"), QuickSpecReader::str), str(m.get("cwd")), capabilities(m.get("capabilities")),
                list(m.get("rlimits"), QuickSpecReader::rlimit), bool(m.get("noNewPrivileges")),
                str(m.get("apparmorProfile")), i32(m.get("oomScoreAdj")), null, str(m.get("selinuxLabel")), null, null);
    }

    private static Process.ConsoleSize consoleSize(Object v) {
        Map<String, Object> m = object(v, Set.of("height", "width"));
        return m == null ? null : new Process.ConsoleSize(u32(m.get("height")), u32(m.get("width")));
    }

    private static User user(Object v) {
        Map<String, Object> m = object(v, Set.of("uid", "gid", "umask", "additionalGids", "username"));
        if (m == null) return null;
        return new User(u32(m.get("uid")), u32(m.get("gid")), u32(m.get("umask")),
                list(m.get("additionalGids"), QuickSpecReader::u32), str(m.get("username")));
    }

    private static LinuxCapabilities capabilities(Object v) {
        Map<String, Object> m = object(v, Set.of("bounding", "effective", "inheritable", "permitted", "ambient"));
        if (m == null) return null;
        return new LinuxCapabilities(list(m.get("bounding"), QuickSpecReader::str),
                list(m.get("effective"), QuickSpecReader::str), list(m.get("inheritable"), QuickSpecReader::str),
                list(m.get("permitted"), QuickSpecReader::str), list(m.get("ambient"), QuickSpecReader::str));
    }

    private static Rlimit rlimit(Object v) {
        Map<String, Object> m = object(v, Set.of("type", "hard", "soft"));
        return m == null ? null : new Rlimit(str(m.get("type")), u64(m.get("hard")), u64(m.get("soft")));
    }

    private static Root root(Object v) {
        Map<String, Object> m = object(v, Set.of("path", "readonly"));
        return m == null ? null : new Root(str(m.get("path")), bool(m.get("readonly")));
    }

    private static Mount mount(Object v) {
        Map<String, Object> m = object(v, Set.of("destination", "type", "source", "options", "uidMappings", "gidMappings"));
        if (m == null) return null;
        return new Mount(str(m.get("destination")), str(m.get("type")), str(m.get("source")),
                list(m.get("options"), QuickSpecReader::str), list(m.get("uidMappings"), QuickSpecReader::idMapping),
                list(m.get("gidMappings"), QuickSpecReader::idMapping));
    }

    private static IdMapping idMapping(Object v) {
        Map<String, Object> m = object(v, Set.of("containerID", "hostID", "size"));
        return m == null ? null : new IdMapping(u32(m.get("containerID")), u32(m.get("hostID")), u32(m.get("size")));
    }

    private static Hooks hooks(Object v) {
        Map<String, Object> m = object(v, Set.of("prestart", "createRuntime", "createContainer", "startContainer",
                "poststart", "poststop"));
        if (m == null) return null;
        return new Hooks(list(m.get("prestart"), QuickSpecReader::hook), list(m.get("createRuntime"), QuickSpecReader::hook),
                list(m.get("createContainer"), QuickSpecReader::hook), list(m.get("startContainer"), QuickSpecReader::hook),
                list(m.get("poststart"), QuickSpecReader::hook), list(m.get("poststop"), QuickSpecReader::hook));
    }

    private static Hook hook(Object v) {
        Map<String, Object> m = object(v, Set.of("path", "args", "env", "timeout"));
        if (m == null) return null;
        return new Hook(str(m.get("path")), list(m.get("args"), QuickSpecReader::str), list(m.get("env"), QuickSpecReader::str),
                i32(m.get("timeout")));
    }

    private static Linux linux(Object v) {
        Map<String, Object> m = object(v, Set.of("uidMappings", "gidMappings", "sysctl", "resources", "cgroupsPath",
                "namespaces", "devices", "seccomp", "rootfsPropagation", "maskedPaths", "readonlyPaths", "mountLabel"));
        if (m == null) return null;
        return new Linux(list(m.get("uidMappings"), QuickSpecReader::idMapping),
                list(m.get("gidMappings"), QuickSpecReader::idMapping), stringMap(m.get("sysctl")),
                resources(m.get("resources")), str(m.get("cgroupsPath")), list(m.get("namespaces"), QuickSpecReader::namespace),
                list(m.get("devices"), QuickSpecReader::device), seccomp(m.get("seccomp")), str(m.get("rootfsPropagation")),
                list(m.get("maskedPaths"), QuickSpecReader::str), list(m.get("readonlyPaths"), QuickSpecReader::str),
                str(m.get("mountLabel")), null, null, null);
    }

    private static Seccomp seccomp(Object v) {
        Map<String, Object> m = object(v, Set.of("defaultAction", "defaultErrnoRet", "architectures", "flags",
                "listenerPath", "listenerMetadata", "syscalls"));
        if (m == null) return null;
        return new Seccomp(str(m.get("defaultAction")), u32(m.get("defaultErrnoRet")),
                list(m.get("architectures"), QuickSpecReader::str), list(m.get("flags"), QuickSpecReader::str),
                str(m.get("listenerPath")), str(m.get("listenerMetadata")), list(m.get("syscalls"), QuickSpecReader::syscall));
    }

    private static Seccomp.Syscall syscall(Object v) {
        Map<String, Object> m = object(v, Set.of("names", "action", "errnoRet", "args"));
        if (m == null) return null;
        return new Seccomp.Syscall(list(m.get("names"), QuickSpecReader::str), str(m.get("action")), u32(m.get("errnoRet")),
                list(m.get("args"), QuickSpecReader::seccompArg));
    }

    private static Seccomp.Arg seccompArg(Object v) {
        Map<String, Object> m = object(v, Set.of("index", "value", "valueTwo", "op"));
        return m == null ? null : new Seccomp.Arg(u32(m.get("index")), u64(m.get("value")), u64(m.get("valueTwo")), str(m.get("op")));
    }

    private static Namespace namespace(Object v) {
        Map<String, Object> m = object(v, Set.of("type", "path"));
        return m == null ? null : new Namespace(str(m.get("type")), str(m.get("path")));
    }

    private static Device device(Object v) {
        Map<String, Object> m = object(v, Set.of("path", "type", "major", "minor", "fileMode", "uid", "gid"));
        if (m == null) return null;
        return new Device(str(m.get("path")), str(m.get("type")), i64(m.get("major")), i64(m.get("minor")),
                u32(m.get("fileMode")), u32(m.get("uid")), u32(m.get("gid")));
    }

    private static Resources resources(Object v) {
        Map<String, Object> m = object(v, Set.of("devices", "memory", "cpu", "pids", "unified"));
        if (m == null) return null;
        return new Resources(list(m.get("devices"), QuickSpecReader::deviceRule), memory(m.get("memory")), cpu(m.get("cpu")),
                pids(m.get("pids")), null, null, null, null, stringMap(m.get("unified")));
    }

    private static Resources.DeviceRule deviceRule(Object v) {
        Map<String, Object> m = object(v, Set.of("allow", "type", "major", "minor", "access"));
        if (m == null) return null;
        return new Resources.DeviceRule(bool(m.get("allow")), str(m.get("type")), i64(m.get("major")), i64(m.get("minor")),
                str(m.get("access")));
    }

    private static Resources.Memory memory(Object v) {
        Map<String, Object> m = object(v, Set.of("limit", "reservation", "swap", "kernel", "kernelTCP", "swappiness",
                "disableOOMKiller", "useHierarchy", "checkBeforeUpdate"));
        if (m == null) return null;
        return new Resources.Memory(mem(m.get("limit")), mem(m.get("reservation")), mem(m.get("swap")), mem(m.get("kernel")),
                mem(m.get("kernelTCP")), u64(m.get("swappiness")), bool(m.get("disableOOMKiller")),
                bool(m.get("useHierarchy")), bool(m.get("checkBeforeUpdate")));
    }

    private static Resources.Cpu cpu(Object v) {
        Map<String, Object> m = object(v, Set.of("shares", "quota", "burst", "period", "realtimeRuntime", "realtimePeriod",
                "cpus", "mems", "idle"));
        if (m == null) return null;
        return new Resources.Cpu(u64(m.get("shares")), i64(m.get("quota")), u64(m.get("burst")), u64(m.get("period")),
                i64(m.get("realtimeRuntime")), u64(m.get("realtimePeriod")), str(m.get("cpus")), str(m.get("mems")),
                i64(m.get("idle")));
    }

    private static Resources.Pids pids(Object v) {
        Map<String, Object> m = object(v, Set.of("limit"));
        return m == null ? null : new Resources.Pids(i64(m.get("limit")));
    }
}
