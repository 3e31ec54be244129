package dev.jrunc.spec;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The config.json that {@code runc spec} (runc 1.1.5) writes, and runc's output format.
 *
 * <p>Content follows runc's specconv {@code Example()} (plus {@code ToRootless()} for {@code --rootless}):
 * ociVersion "1.0.2-dev"; terminal process "sh" as uid/gid 0 with AUDIT_WRITE, KILL and NET_BIND_SERVICE in
 * the bounding, effective, permitted and ambient sets (no inheritable set, since runc 1.1.2);
 * RLIMIT_NOFILE 1024/1024; noNewPrivileges; read-only "rootfs"; hostname "runc"; the proc, /dev, devpts,
 * shm, mqueue, sysfs and cgroup mounts; a deny-all device cgroup rule; pid, network, ipc, uts and mount
 * namespaces, plus cgroup on a cgroup v2 (unified) host; runc's masked and read-only paths.
 *
 * <p>Rootless: network namespace dropped and a user namespace appended, uid/gid mapped 0 → the caller
 * (size 1), /sys replaced by a read-only rbind of the host's /sys, uid=/gid= mount options removed,
 * no {@code linux.resources}.
 */
public final class DefaultSpec {
    private DefaultSpec() {}

    /** runc 1.1.5's specs.Version. */
    public static final String OCI_VERSION = "1.0.2-dev";

    private static final List<String> CAPS = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");

    /**
     * The default spec for this host: the caller's effective uid/gid (from /proc/self/status) for rootless
     * mappings, and a cgroup namespace if /sys/fs/cgroup is cgroup v2.
     */
    public static Spec create(boolean rootless) {
        long[] ids = rootless ? effectiveIds() : new long[] {0, 0};
        return create(rootless, ids[0], ids[1], isCgroup2UnifiedMode());
    }

    /**
     * The default spec with everything host-dependent given.
     *
     * @param rootless        apply runc's ToRootless()
     * @param hostUid         host uid mapped to container uid 0 (rootless only)
     * @param hostGid         host gid mapped to container gid 0 (rootless only)
     * @param cgroupNamespace add a cgroup namespace (runc does on cgroup v2 hosts)
     */
    public static Spec create(boolean rootless, long hostUid, long hostGid, boolean cgroupNamespace) {
        Process process = new Process(
                true, null,
                new User(0L, 0L, null, null, null),
                List.of("sh"), null,
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"),
                "/",
                new LinuxCapabilities(CAPS, CAPS, null, CAPS, CAPS),
                List.of(new Rlimit("RLIMIT_NOFILE", 1024L, 1024L)),
                true, null, null, null, null, null, null);

        List<Mount> mounts = new ArrayList<>(List.of(
                new Mount("/proc", "proc", "proc", null),
                new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new Mount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new Mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
                new Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
                new Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro"))));

        List<Namespace> namespaces = new ArrayList<>(List.of(
                new Namespace(Namespaces.PID), new Namespace(Namespaces.NETWORK), new Namespace(Namespaces.IPC),
                new Namespace(Namespaces.UTS), new Namespace(Namespaces.MOUNT)));
        if (cgroupNamespace) namespaces.add(new Namespace(Namespaces.CGROUP));

        List<String> masked = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
                "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
                "/sys/firmware", "/proc/scsi");
        List<String> readonly = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
        Resources resources = new Resources(List.of(new Resources.DeviceRule(false, null, null, null, "rwm")),
                null, null, null, null, null, null, null, null);

        List<IdMapping> uidMappings = null;
        List<IdMapping> gidMappings = null;
        if (rootless) {
            namespaces.removeIf(ns -> ns.type().equals(Namespaces.NETWORK) || ns.type().equals(Namespaces.USER));
            namespaces.add(new Namespace(Namespaces.USER));
            uidMappings = List.of(new IdMapping(0L, hostUid, 1L));
            gidMappings = List.of(new IdMapping(0L, hostGid, 1L));
            List<Mount> fixed = new ArrayList<>();
            for (Mount m : mounts) {
                if (m.destination().equals("/sys")) {
                    fixed.add(new Mount("/sys", "none", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro")));
                    continue;
                }
                List<String> opts = null;
                if (m.options() != null) {
                    for (String o : m.options()) {
                        if (o.startsWith("gid=") || o.startsWith("uid=")) continue;
                        if (opts == null) opts = new ArrayList<>();
                        opts.add(o);
                    }
                }
                fixed.add(new Mount(m.destination(), m.type(), m.source(), opts));
            }
            mounts = fixed;
            resources = null;
        }

        Linux linux = new Linux(uidMappings, gidMappings, null, resources, null, namespaces, null, null, null,
                masked, readonly, null, null, null, null);
        return new Spec(OCI_VERSION, process, new Root("rootfs", true), "runc", null, mounts, null, null, linux);
    }

    /**
     * A spec in runc's on-disk format ({@code json.MarshalIndent(spec, "", "\t")}): tab indentation, keys in
     * specs-go order, nulls omitted, no trailing newline.
     */
    public static String toJson(Spec spec) {
        try {
            return Json.goIndentWriter().writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize spec", e);
        }
    }

    /** runc's libcontainer/cgroups.IsCgroup2UnifiedMode, approximated by the presence of cgroup.controllers. */
    public static boolean isCgroup2UnifiedMode() {
        return Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
    }

    /** {effective uid, effective gid} from /proc/self/status; {0, 0} if unreadable. */
    static long[] effectiveIds() {
        long uid = 0;
        long gid = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) uid = field(line, 2);
                else if (line.startsWith("Gid:")) gid = field(line, 2);
            }
        } catch (IOException | RuntimeException e) {
            // not Linux or no procfs: keep 0
        }
        return new long[] {uid, gid};
    }

    private static long field(String line, int n) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[n]);
    }
}
