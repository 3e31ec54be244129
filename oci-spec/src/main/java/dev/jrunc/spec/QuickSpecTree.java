package dev.jrunc.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The spec as the JSON tree a default-configured ObjectMapper's {@code valueToTree} makes of it (the
 * state file's "config": every component in record order, null ones as null, uint64 written unsigned),
 * built by hand: the first valueToTree of a Spec costs databind's serializer introspection of every
 * record, most of a cold `create` once the config is read. Covers the fields {@link QuickSpecReader}
 * reads; for a spec with anything else it returns null and the caller uses databind.
 * QuickSpecReaderTest compares both.
 */
public final class QuickSpecTree {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private QuickSpecTree() {}

    /** The tree of {@code spec}, or null to let databind make it. */
    public static ObjectNode of(Spec spec) {
        try {
            return spec(spec);
        } catch (Fallback e) {
            return null;
        }
    }

    private static final class Fallback extends RuntimeException {
        Fallback() {
            super(null, null, false, false);
        }
    }

    /** A component this class does not write: fine while it is null. */
    private static void unsupported(ObjectNode o, String name, Object v) {
        if (v != null) throw new Fallback();
        o.putNull(name);
    }

    private static ObjectNode spec(Spec s) {
        if (!s.extra().isEmpty()) throw new Fallback();
        ObjectNode n = F.objectNode();
        str(n, "ociVersion", s.ociVersion());
        if (s.process() != null) n.set("process", process(s.process()));
        else n.putNull("process");
        if (s.root() != null) {
            ObjectNode r = n.putObject("root");
            str(r, "path", s.root().path());
            bool(r, "readonly", s.root().readonly());
        } else {
            n.putNull("root");
        }
        str(n, "hostname", s.hostname());
        str(n, "domainname", s.domainname());
        list(n, "mounts", s.mounts(), QuickSpecTree::mount);
        if (s.hooks() != null) n.set("hooks", hooks(s.hooks()));
        else n.putNull("hooks");
        stringMap(n, "annotations", s.annotations());
        if (s.linux() != null) n.set("linux", linux(s.linux()));
        else n.putNull("linux");
        return n;
    }

    private static ObjectNode process(Process p) {
        ObjectNode n = F.objectNode();
        bool(n, "terminal", p.terminal());
        if (p.consoleSize() != null) {
            ObjectNode c = n.putObject("consoleSize");
            num(c, "height", p.consoleSize().height());
            num(c, "width", p.consoleSize().width());
        } else {
            n.putNull("consoleSize");
        }
        if (p.user() != null) {
            User u = p.user();
            ObjectNode o = n.putObject("user");
            num(o, "uid", u.uid());
            num(o, "gid", u.gid());
            num(o, "umask", u.umask());
            list(o, "additionalGids", u.additionalGids(), g -> F.numberNode(g));
            str(o, "username", u.username());
        } else {
            n.putNull("user");
        }
        strings(n, "args", p.args());
        str(n, "commandLine", p.commandLine());
        strings(n, "env", p.env());
        str(n, "cwd", p.cwd());
        if (p.capabilities() != null) {
            LinuxCapabilities c = p.capabilities();
            ObjectNode o = n.putObject("capabilities");
            strings(o, "bounding", c.bounding());
            strings(o, "effective", c.effective());
            strings(o, "inheritable", c.inheritable());
            strings(o, "permitted", c.permitted());
            strings(o, "ambient", c.ambient());
        } else {
            n.putNull("capabilities");
        }
        list(n, "rlimits", p.rlimits(), r -> {
            ObjectNode o = F.objectNode();
            str(o, "type", r.type());
            u64(o, "hard", r.hard());
            u64(o, "soft", r.soft());
            return o;
        });
        bool(n, "noNewPrivileges", p.noNewPrivileges());
        str(n, "apparmorProfile", p.apparmorProfile());
        num(n, "oomScoreAdj", p.oomScoreAdj());
        unsupported(n, "scheduler", p.scheduler());
        str(n, "selinuxLabel", p.selinuxLabel());
        unsupported(n, "ioPriority", p.ioPriority());
        unsupported(n, "execCPUAffinity", p.execCPUAffinity());
        return n;
    }

    private static ObjectNode mount(Mount m) {
        ObjectNode o = F.objectNode();
        str(o, "destination", m.destination());
        str(o, "type", m.type());
        str(o, "source", m.source());
        strings(o, "options", m.options());
        list(o, "uidMappings", m.uidMappings(), QuickSpecTree::idMapping);
        list(o, "gidMappings", m.gidMappings(), QuickSpecTree::idMapping);
        return o;
    }

    private static ObjectNode idMapping(IdMapping m) {
        ObjectNode o = F.objectNode();
        num(o, "containerID", m.containerID());
        num(o, "hostID", m.hostID());
        num(o, "size", m.size());
        return o;
    }

    private static ObjectNode hooks(Hooks h) {
        ObjectNode o = F.objectNode();
        list(o, "prestart", h.prestart(), QuickSpecTree::hook);
        list(o, "createRuntime", h.createRuntime(), QuickSpecTree::hook);
        list(o, "createContainer", h.createContainer(), QuickSpecTree::hook);
        list(o, "startContainer", h.startContainer(), QuickSpecTree::hook);
        list(o, "poststart", h.poststart(), QuickSpecTree::hook);
        list(o, "poststop", h.poststop(), QuickSpecTree::hook);
        return o;
    }

    private static ObjectNode hook(Hook h) {
        ObjectNode o = F.objectNode();
        str(o, "path", h.path());
        strings(o, "args", h.args());
        strings(o, "env", h.env());
        num(o, "timeout", h.timeout());
        return o;
    }

    private static ObjectNode linux(Linux l) {
        ObjectNode o = F.objectNode();
        list(o, "uidMappings", l.uidMappings(), QuickSpecTree::idMapping);
        list(o, "gidMappings", l.gidMappings(), QuickSpecTree::idMapping);
        stringMap(o, "sysctl", l.sysctl());
        if (l.resources() != null) o.set("resources", resources(l.resources()));
        else o.putNull("resources");
        str(o, "cgroupsPath", l.cgroupsPath());
        list(o, "namespaces", l.namespaces(), ns -> {
            ObjectNode n = F.objectNode();
            str(n, "type", ns.type());
            str(n, "path", ns.path());
            return n;
        });
        list(o, "devices", l.devices(), d -> {
            ObjectNode n = F.objectNode();
            str(n, "path", d.path());
            str(n, "type", d.type());
            num(n, "major", d.major());
            num(n, "minor", d.minor());
            num(n, "fileMode", d.fileMode());
            num(n, "uid", d.uid());
            num(n, "gid", d.gid());
            return n;
        });
        if (l.seccomp() != null) o.set("seccomp", seccomp(l.seccomp()));
        else o.putNull("seccomp");
        str(o, "rootfsPropagation", l.rootfsPropagation());
        strings(o, "maskedPaths", l.maskedPaths());
        strings(o, "readonlyPaths", l.readonlyPaths());
        str(o, "mountLabel", l.mountLabel());
        unsupported(o, "intelRdt", l.intelRdt());
        unsupported(o, "personality", l.personality());
        unsupported(o, "timeOffsets", l.timeOffsets());
        return o;
    }

    private static ObjectNode seccomp(Seccomp s) {
        ObjectNode o = F.objectNode();
        str(o, "defaultAction", s.defaultAction());
        num(o, "defaultErrnoRet", s.defaultErrnoRet());
        strings(o, "architectures", s.architectures());
        strings(o, "flags", s.flags());
        str(o, "listenerPath", s.listenerPath());
        str(o, "listenerMetadata", s.listenerMetadata());
        list(o, "syscalls", s.syscalls(), c -> {
            ObjectNode n = F.objectNode();
            strings(n, "names", c.names());
            str(n, "action", c.action());
            num(n, "errnoRet", c.errnoRet());
            list(n, "args", c.args(), a -> {
                ObjectNode x = F.objectNode();
                num(x, "index", a.index());
                u64(x, "value", a.value());
                u64(x, "valueTwo", a.valueTwo());
                str(x, "op", a.op());
                return x;
            });
            return n;
        });
        return o;
    }

    private static ObjectNode resources(Resources r) {
        ObjectNode o = F.objectNode();
        list(o, "devices", r.devices(), d -> {
            ObjectNode n = F.objectNode();
            bool(n, "allow", d.allow());
            str(n, "type", d.type());
            num(n, "major", d.major());
            num(n, "minor", d.minor());
            str(n, "access", d.access());
            return n;
        });
        if (r.memory() != null) {
            Resources.Memory m = r.memory();
            ObjectNode n = o.putObject("memory");
            num(n, "limit", m.limit());
            num(n, "reservation", m.reservation());
            num(n, "swap", m.swap());
            num(n, "kernel", m.kernel());
            num(n, "kernelTCP", m.kernelTCP());
            u64(n, "swappiness", m.swappiness());
            bool(n, "disableOOMKiller", m.disableOOMKiller());
            bool(n, "useHierarchy", m.useHierarchy());
            bool(n, "checkBeforeUpdate", m.checkBeforeUpdate());
        } else {
            o.putNull("memory");
        }
        if (r.cpu() != null) {
            Resources.Cpu c = r.cpu();
            ObjectNode n = o.putObject("cpu");
            u64(n, "shares", c.shares());
            num(n, "quota", c.quota());
            u64(n, "burst", c.burst());
            u64(n, "period", c.period());
            num(n, "realtimeRuntime", c.realtimeRuntime());
            u64(n, "realtimePeriod", c.realtimePeriod());
            str(n, "cpus", c.cpus());
            str(n, "mems", c.mems());
            num(n, "idle", c.idle());
        } else {
            o.putNull("cpu");
        }
        if (r.pids() != null) num(o.putObject("pids"), "limit", r.pids().limit());
        else o.putNull("pids");
        unsupported(o, "blockIO", r.blockIO());
        unsupported(o, "hugepageLimits", r.hugepageLimits());
        unsupported(o, "network", r.network());
        unsupported(o, "rdma", r.rdma());
        stringMap(o, "unified", r.unified());
        return o;
    }

    // ---- fields: null as JSON null, as a default ObjectMapper writes records ----

    private static void str(ObjectNode o, String name, String v) {
        o.put(name, v);
    }

    private static void bool(ObjectNode o, String name, Boolean v) {
        o.put(name, v);
    }

    private static void num(ObjectNode o, String name, Long v) {
        o.put(name, v);
    }

    private static void num(ObjectNode o, String name, Integer v) {
        o.put(name, v);
    }

    /** uint64 held as the unsigned bit pattern: written as the unsigned number (Num.U64Ser). */
    private static void u64(ObjectNode o, String name, Long v) {
        if (v == null) o.putNull(name);
        else if (v >= 0) o.put(name, v);
        else o.put(name, new BigInteger(Long.toUnsignedString(v)));
    }

    private static void strings(ObjectNode o, String name, List<String> v) {
        list(o, name, v, F::textNode);
    }

    private static <T> void list(ObjectNode o, String name, List<T> v, Function<T, ? extends com.fasterxml.jackson.databind.JsonNode> element) {
        if (v == null) {
            o.putNull(name);
            return;
        }
        ArrayNode a = o.putArray(name);
        for (T e : v) {
            if (e == null) a.addNull();
            else a.add(element.apply(e));
        }
    }

    private static void stringMap(ObjectNode o, String name, Map<String, String> v) {
        if (v == null) {
            o.putNull(name);
            return;
        }
        ObjectNode m = o.putObject(name);
        v.forEach(m::put);
    }
}
