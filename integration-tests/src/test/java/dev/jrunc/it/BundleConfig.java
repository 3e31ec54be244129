package dev.jrunc.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;

/**
 * A fluent builder of an OCI config.json over a Jackson {@link ObjectNode}. The default is what
 * {@code runc spec} writes, made non-interactive (terminal false) and with a writable root
 * (each bundle gets its own rootfs copy unless {@link #sharedRootfs()} is used).
 */
public final class BundleConfig {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] DEFAULT_CAPS = {"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"};

    private final ObjectNode root;
    private boolean sharedRootfs;

    private BundleConfig(ObjectNode root) {
        this.root = root;
    }

    /** The runc-spec default with {@code args} as the process. */
    public static BundleConfig of(String... args) {
        return busybox().args(args);
    }

    /** The runc-spec default (args ["true"], terminal false, readonly root false). */
    public static BundleConfig busybox() {
        ObjectNode c = F.objectNode();
        c.put("ociVersion", "1.0.2-dev");
        ObjectNode p = c.putObject("process");
        p.put("terminal", false);
        ObjectNode user = p.putObject("user");
        user.put("uid", 0);
        user.put("gid", 0);
        p.putArray("args").add("true");
        p.putArray("env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").add("TERM=xterm");
        p.put("cwd", "/");
        ObjectNode caps = p.putObject("capabilities");
        for (String set : new String[] {"bounding", "effective", "permitted", "ambient"}) {
            ArrayNode a = caps.putArray(set);
            for (String cap : DEFAULT_CAPS) a.add(cap);
        }
        ObjectNode rl = p.putArray("rlimits").addObject();
        rl.put("type", "RLIMIT_NOFILE");
        rl.put("hard", 1024);
        rl.put("soft", 1024);
        p.put("noNewPrivileges", true);
        ObjectNode r = c.putObject("root");
        r.put("path", "rootfs");
        r.put("readonly", false);
        c.put("hostname", "runc");
        ArrayNode m = c.putArray("mounts");
        mount(m, "/proc", "proc", "proc");
        mount(m, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
        mount(m, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
        mount(m, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
        mount(m, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
        mount(m, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
        mount(m, "/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro");
        ObjectNode l = c.putObject("linux");
        ObjectNode dev = l.putObject("resources").putArray("devices").addObject();
        dev.put("allow", false);
        dev.put("access", "rwm");
        ArrayNode ns = l.putArray("namespaces");
        for (String t : new String[] {"pid", "network", "ipc", "uts", "mount"}) ns.addObject().put("type", t);
        ArrayNode masked = l.putArray("maskedPaths");
        for (String s : new String[] {"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"}) masked.add(s);
        ArrayNode ro = l.putArray("readonlyPaths");
        for (String s : new String[] {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"}) ro.add(s);
        return new BundleConfig(c);
    }

    private static void mount(ArrayNode m, String dest, String type, String source, String... options) {
        ObjectNode o = m.addObject();
        o.put("destination", dest);
        o.put("type", type);
        o.put("source", source);
        if (options.length > 0) {
            ArrayNode a = o.putArray("options");
            for (String s : options) a.add(s);
        }
    }

    /** The underlying JSON, for anything the fluent methods do not cover. */
    public ObjectNode node() {
        return root;
    }

    private ObjectNode process() {
        return (ObjectNode) root.get("process");
    }

    private ObjectNode linux() {
        return root.with("linux");
    }

    private static ArrayNode strings(String... values) {
        ArrayNode a = F.arrayNode();
        for (String v : values) a.add(v);
        return a;
    }

    public BundleConfig args(String... args) {
        process().set("args", strings(args));
        return this;
    }

    /** A shell script as the process: {@code sh -c SCRIPT}. */
    public BundleConfig sh(String script) {
        return args("sh", "-c", script);
    }

    /** Appends KEY=VALUE entries to process.env. */
    public BundleConfig env(String... entries) {
        ArrayNode a = process().withArray("env");
        for (String e : entries) a.add(e);
        return this;
    }

    public BundleConfig cwd(String cwd) {
        process().put("cwd", cwd);
        return this;
    }

    public BundleConfig user(int uid, int gid, int... additionalGids) {
        ObjectNode u = process().putObject("user");
        u.put("uid", uid);
        u.put("gid", gid);
        if (additionalGids.length > 0) {
            ArrayNode a = u.putArray("additionalGids");
            for (int g : additionalGids) a.add(g);
        }
        return this;
    }

    public BundleConfig umask(int umask) {
        process().with("user").put("umask", umask);
        return this;
    }

    public BundleConfig terminal(boolean terminal) {
        process().put("terminal", terminal);
        return this;
    }

    public BundleConfig consoleSize(int height, int width) {
        ObjectNode s = process().putObject("consoleSize");
        s.put("height", height);
        s.put("width", width);
        return this;
    }

    public BundleConfig hostname(String hostname) {
        root.put("hostname", hostname);
        return this;
    }

    public BundleConfig mount(String destination, String type, String source, String... options) {
        mount(root.withArray("mounts"), destination, type, source, options);
        return this;
    }

    /** A bind mount ({@code rbind} plus options) of a host path. */
    public BundleConfig bind(String hostPath, String destination, String... options) {
        String[] opts = new String[options.length + 1];
        opts[0] = "rbind";
        System.arraycopy(options, 0, opts, 1, options.length);
        return mount(destination, "bind", hostPath, opts);
    }

    public BundleConfig tmpfs(String destination, String... options) {
        return mount(destination, "tmpfs", "tmpfs", options);
    }

    /** Adds (or replaces) a namespace of the given type, new. */
    public BundleConfig namespace(String type) {
        return namespace(type, null);
    }

    /** Adds (or replaces) a namespace of the given type, joined at {@code path} if not null. */
    public BundleConfig namespace(String type, String path) {
        withoutNamespace(type);
        ObjectNode n = linux().withArray("namespaces").addObject();
        n.put("type", type);
        if (path != null) n.put("path", path);
        return this;
    }

    public BundleConfig withoutNamespace(String type) {
        ArrayNode a = linux().withArray("namespaces");
        for (Iterator<JsonNode> it = a.iterator(); it.hasNext(); ) {
            if (type.equals(it.next().path("type").asText())) it.remove();
        }
        return this;
    }

    public BundleConfig uidMapping(long containerId, long hostId, long size) {
        return idMapping("uidMappings", containerId, hostId, size);
    }

    public BundleConfig gidMapping(long containerId, long hostId, long size) {
        return idMapping("gidMappings", containerId, hostId, size);
    }

    private BundleConfig idMapping(String key, long containerId, long hostId, long size) {
        ObjectNode m = linux().withArray(key).addObject();
        m.put("containerID", containerId);
        m.put("hostID", hostId);
        m.put("size", size);
        return this;
    }

    public BundleConfig timeOffset(String clock, long secs, long nanosecs) {
        ObjectNode o = linux().with("timeOffsets").putObject(clock);
        o.put("secs", secs);
        o.put("nanosecs", nanosecs);
        return this;
    }

    /** Adds a hook; kind is prestart, createRuntime, createContainer, startContainer, poststart or poststop. */
    public BundleConfig hook(String kind, String path, String[] args, String[] env, Integer timeout) {
        ObjectNode h = root.with("hooks").withArray(kind).addObject();
        h.put("path", path);
        if (args != null) h.set("args", strings(args));
        if (env != null) h.set("env", strings(env));
        if (timeout != null) h.put("timeout", timeout);
        return this;
    }

    /** A hook running {@code /bin/sh -c SCRIPT} (host /bin/sh for runtime-namespace hooks). */
    public BundleConfig shellHook(String kind, String script) {
        return hook(kind, "/bin/sh", new String[] {"sh", "-c", script},
                new String[] {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}, null);
    }

    public BundleConfig rlimit(String type, long soft, long hard) {
        ArrayNode a = process().withArray("rlimits");
        for (Iterator<JsonNode> it = a.iterator(); it.hasNext(); ) {
            if (type.equals(it.next().path("type").asText())) it.remove();
        }
        ObjectNode r = a.addObject();
        r.put("type", type);
        r.put("hard", hard);
        r.put("soft", soft);
        return this;
    }

    /** Sets bounding, effective, permitted and ambient to {@code caps} (inheritable left out). */
    public BundleConfig capabilities(String... caps) {
        ObjectNode c = process().putObject("capabilities");
        for (String set : new String[] {"bounding", "effective", "permitted", "ambient"}) c.set(set, strings(caps));
        return this;
    }

    public BundleConfig noNewPrivileges(boolean on) {
        process().put("noNewPrivileges", on);
        return this;
    }

    public BundleConfig oomScoreAdj(int adj) {
        process().put("oomScoreAdj", adj);
        return this;
    }

    public BundleConfig readonlyRoot(boolean readonly) {
        root.with("root").put("readonly", readonly);
        return this;
    }

    public BundleConfig rootPath(String path) {
        root.with("root").put("path", path);
        return this;
    }

    /**
     * Uses the harness's shared, prepared rootfs read-only (root.path absolute, readonly true)
     * instead of a per-bundle copy.
     */
    public BundleConfig sharedRootfs() {
        sharedRootfs = true;
        return readonlyRoot(true);
    }

    public boolean usesSharedRootfs() {
        return sharedRootfs;
    }

    public BundleConfig maskedPaths(String... paths) {
        linux().set("maskedPaths", strings(paths));
        return this;
    }

    public BundleConfig addMaskedPath(String path) {
        linux().withArray("maskedPaths").add(path);
        return this;
    }

    public BundleConfig readonlyPaths(String... paths) {
        linux().set("readonlyPaths", strings(paths));
        return this;
    }

    public BundleConfig annotation(String key, String value) {
        root.with("annotations").put(key, value);
        return this;
    }

    public BundleConfig cgroupsPath(String path) {
        linux().put("cgroupsPath", path);
        return this;
    }

    public String cgroupsPath() {
        JsonNode n = root.path("linux").get("cgroupsPath");
        return n == null ? null : n.asText();
    }

    /** A device node in linux.devices (type "c", "b", "u" or "p"), also allowed in the device cgroup. */
    public BundleConfig device(String path, String type, long major, long minor, int fileMode, int uid, int gid) {
        ObjectNode d = linux().withArray("devices").addObject();
        d.put("path", path);
        d.put("type", type);
        d.put("major", major);
        d.put("minor", minor);
        d.put("fileMode", fileMode);
        d.put("uid", uid);
        d.put("gid", gid);
        ObjectNode allow = linux().with("resources").withArray("devices").addObject();
        allow.put("allow", true);
        allow.put("type", type);
        allow.put("major", major);
        allow.put("minor", minor);
        allow.put("access", "rwm");
        return this;
    }

    public BundleConfig sysctl(String key, String value) {
        linux().with("sysctl").put(key, value);
        return this;
    }

    public BundleConfig resources(String key, JsonNode value) {
        linux().with("resources").set(key, value);
        return this;
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public BundleConfig copy() {
        BundleConfig b = new BundleConfig(root.deepCopy());
        b.sharedRootfs = sharedRootfs;
        return b;
    }
}
