package dev.jrunc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One test's world: its own temp dir, its own {@code --root}, unique container ids, bundles, and
 * the bookkeeping {@link JruncExtension} uses to clean up (containers, pids, cgroups, dirs).
 */
public final class Env {
    public static final Duration CMD_TIMEOUT = Duration.ofSeconds(40);
    private static final AtomicInteger IDS = new AtomicInteger();

    private final String testName;
    private final Path tmp;
    private final Path root;
    private final AtomicInteger counter = new AtomicInteger();
    final Set<String> ids = new LinkedHashSet<>();
    final Set<Integer> pids = new LinkedHashSet<>();
    final Set<String> cgroupPaths = new LinkedHashSet<>();
    /** Prepended to every runtime command (see {@link #useCgroupView}); empty: the host's view. */
    private List<String> wrapper = List.of();

    Env(String testName, Path tmp) throws IOException {
        this.testName = testName;
        this.tmp = tmp;
        this.root = tmp.resolve("root");
        Files.createDirectories(tmp);
    }

    // ---------------------------------------------------------------- facts

    /** The binary under test (system property jrunc.binary, else ${jrunc.dist}/bin/jrunc). */
    public static String binary() {
        return Harness.binary();
    }

    /** "runc" or "jrunc": the file name of the binary under test. */
    public static String binaryName() {
        return Path.of(binary()).getFileName().toString();
    }

    public Path tmp() {
        return tmp;
    }

    /** This test's {@code --root} (not created in advance; the runtime creates it). */
    public Path root() {
        return root;
    }

    /** The shared prepared busybox rootfs (do not modify). */
    public static Path baseRootfs() {
        return Harness.baseRootfs();
    }

    // ---------------------------------------------------------------- ids, bundles, dirs

    /** A new unique container id, remembered for cleanup. */
    public String newId() {
        String base = testName.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        if (base.length() > 24) base = base.substring(0, 24);
        String id = "it" + IDS.incrementAndGet() + "-" + base;
        ids.add(id);
        return id;
    }

    /** Remember an id for cleanup (e.g. one a test made up by hand). */
    public String trackId(String id) {
        ids.add(id);
        return id;
    }

    /**
     * Writes a bundle: DIR/config.json from {@code cfg} and DIR/rootfs (a copy of the prepared
     * rootfs, or the shared one read-only). Sets a unique cgroupsPath if the config has none.
     */
    public Path bundle(BundleConfig cfg) {
        int n = counter.incrementAndGet();
        Path dir = tmp.resolve("bundle" + n);
        try {
            Files.createDirectories(dir);
            BundleConfig c = cfg.copy();
            if (c.cgroupsPath() == null) c.cgroupsPath("/" + Harness.cgroupParent() + "/" + tmp.getFileName() + "-b" + n);
            cgroupPaths.add(c.cgroupsPath());
            if (c.usesSharedRootfs()) {
                c.rootPath(baseRootfs().toString());
            } else {
                copyRootfs(dir.resolve("rootfs"));
            }
            writeConfig(dir, c);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Overwrites DIR/config.json (remembering its cgroupsPath for cleanup). */
    public void writeConfig(Path dir, BundleConfig c) throws IOException {
        if (c.cgroupsPath() != null) cgroupPaths.add(c.cgroupsPath());
        Files.writeString(dir.resolve("config.json"), c.toJson());
    }

    /** Remember a cgroupsPath for cleanup. */
    public void trackCgroup(String cgroupsPath) {
        cgroupPaths.add(cgroupsPath);
    }

    public void copyRootfs(Path dest) {
        Result r = command(List.of("cp", "-a", baseRootfs().toString(), dest.toString()), null, CMD_TIMEOUT, null);
        if (r.exit != 0) throw new IllegalStateException("copying rootfs: " + r);
    }

    /** A new world-writable host dir under the test's temp dir (to bind-mount into containers). */
    public Path hostDir(String name) {
        Path d = tmp.resolve(name);
        try {
            Files.createDirectories(d);
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    // ---------------------------------------------------------------- running commands

    /** Runs any command (cwd null = the JVM's), capturing stdout/stderr to files, with a timeout. */
    public Result command(List<String> argv, Path cwd, Duration timeout, Map<String, String> extraEnv) {
        int n = counter.incrementAndGet();
        Path out = tmp.resolve("cmd" + n + ".out");
        Path err = tmp.resolve("cmd" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (cwd != null) pb.directory(cwd.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        pb.environment().remove("NOTIFY_SOCKET");
        pb.environment().remove("LISTEN_FDS");
        pb.environment().remove("LISTEN_PID");
        pb.environment().put(PlannerServerFixture.SOCKET_ENV, Harness.plannerSocketEnv());
        if (extraEnv != null) pb.environment().putAll(extraEnv);
        boolean timedOut = false;
        int exit;
        try {
            Process p = pb.start();
            Reaper.javaChildren.add(p.pid());
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut = true;
                    p.destroyForcibly(); // only the process we started
                    p.waitFor(10, TimeUnit.SECONDS);
                }
                exit = p.isAlive() ? -1 : p.exitValue();
            } finally {
                if (!p.isAlive()) Reaper.javaChildren.remove(p.pid());
            }
            return new Result(List.copyOf(argv), exit, read(out), read(err), timedOut, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** {@code <binary> --root <root> ARGS...} from the JVM's cwd. */
    public Result rt(String... args) {
        return rtIn(null, args);
    }

    /**
     * Runs every later runtime command of this test (cleanup included) in a private mount namespace where
     * /sys/fs/cgroup looks like a host of another kind, so that each cgroup driver runs in real containers
     * on this one host: "v2" (only a cgroup2 mount at /sys/fs/cgroup) or "v1" (no unified tree). The
     * cgroups are the host's real ones; only the mounts differ, and only inside that namespace.
     */
    public void useCgroupView(String view) {
        String setup = switch (view) {
            case "v2" -> "umount -R /sys/fs/cgroup && mount -t cgroup2 cgroup2 /sys/fs/cgroup";
            case "v1" -> "umount /sys/fs/cgroup/unified";
            default -> throw new IllegalArgumentException(view);
        };
        wrapper = List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c", setup + " && exec \"$@\"", "view-" + view);
    }

    /** {@code <binary> --root <root> ARGS...} with these variables added to the environment. */
    public Result rtEnv(Map<String, String> extraEnv, String... args) {
        List<String> argv = new ArrayList<>(wrapper);
        argv.add(binary());
        argv.add("--root");
        argv.add(root.toString());
        argv.addAll(Arrays.asList(args));
        return command(argv, null, CMD_TIMEOUT, extraEnv);
    }

    /** {@code <binary> --root <root> ARGS...} with the given cwd. */
    public Result rtIn(Path cwd, String... args) {
        List<String> argv = new ArrayList<>(wrapper);
        argv.add(binary());
        argv.add("--root");
        argv.add(root.toString());
        argv.addAll(Arrays.asList(args));
        return command(argv, cwd, CMD_TIMEOUT, null);
    }

    /** {@code <binary> ARGS...} exactly as given (no --root), from {@code cwd} (null: the JVM's). */
    public Result raw(Path cwd, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(binary());
        argv.addAll(Arrays.asList(args));
        return command(argv, cwd, CMD_TIMEOUT, null);
    }

    /** The pid file the harness passes for container {@code id}. */
    public Path pidFile(String id) {
        return tmp.resolve(id + ".pid");
    }

    /** {@code create --bundle B --pid-file P [extra...] ID}; learns the pid on success. */
    public Result create(String id, Path bundle, String... extra) {
        ids.add(id);
        List<String> a = new ArrayList<>(List.of("create", "--bundle", bundle.toString(), "--pid-file", pidFile(id).toString()));
        a.addAll(Arrays.asList(extra));
        a.add(id);
        Result r = rt(a.toArray(new String[0]));
        learnPid(pidFile(id));
        return r;
    }

    /** create + assert success; returns the init pid. */
    public int createOk(String id, Path bundle, String... extra) {
        create(id, bundle, extra).ok();
        return pid(id);
    }

    /** {@code run -d --bundle B --pid-file P [extra...] ID}; learns the pid. */
    public Result runDetached(String id, Path bundle, String... extra) {
        ids.add(id);
        List<String> a = new ArrayList<>(List.of("run", "-d", "--bundle", bundle.toString(), "--pid-file", pidFile(id).toString()));
        a.addAll(Arrays.asList(extra));
        a.add(id);
        Result r = rt(a.toArray(new String[0]));
        learnPid(pidFile(id));
        return r;
    }

    /** Foreground {@code run --bundle B [extra...] ID}: exits with the container's status. */
    public Result runForeground(String id, Path bundle, String... extra) {
        ids.add(id);
        List<String> a = new ArrayList<>(List.of("run", "--bundle", bundle.toString(), "--pid-file", pidFile(id).toString()));
        a.addAll(Arrays.asList(extra));
        a.add(id);
        return rt(a.toArray(new String[0]));
    }

    /**
     * {@code exec [flags...] ID CMD...}; flags must come before the id (exec does not reorder).
     * With {@code -d}/{@code --detach} a {@code --pid-file} is added and the pid learned.
     */
    public Result execIn(String id, List<String> flags, String... cmd) {
        List<String> a = new ArrayList<>();
        a.add("exec");
        a.addAll(flags);
        Path pf = null;
        if (flags.contains("-d") || flags.contains("--detach")) {
            pf = tmp.resolve(id + "-exec" + counter.incrementAndGet() + ".pid");
            a.add("--pid-file");
            a.add(pf.toString());
        }
        a.add(id);
        a.addAll(Arrays.asList(cmd));
        Result r = rt(a.toArray(new String[0]));
        if (pf != null) learnPid(pf);
        return r;
    }

    /** The pid file of the last detached exec for {@code id}, or null. */
    public Path lastExecPidFile(String id) {
        try (var s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith(id + "-exec") && p.toString().endsWith(".pid"))
                    .max(java.util.Comparator.comparing(p -> Integer.parseInt(p.getFileName().toString()
                            .substring(id.length() + 5).replace(".pid", ""))))
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates and starts; returns the init pid. */
    public int startContainer(String id, Path bundle) {
        int pid = createOk(id, bundle);
        start(id).ok();
        return pid;
    }

    public Result start(String id) {
        return rt("start", id);
    }

    /** {@code kill [flags] ID [signal]}: arguments starting with '-' go before the id. */
    public Result kill(String id, String... signalAndFlags) {
        List<String> a = new ArrayList<>();
        a.add("kill");
        for (String s : signalAndFlags) if (s.startsWith("-")) a.add(s);
        a.add(id);
        for (String s : signalAndFlags) if (!s.startsWith("-")) a.add(s);
        return rt(a.toArray(new String[0]));
    }

    public Result delete(String id, String... flags) {
        List<String> a = new ArrayList<>();
        a.add("delete");
        a.addAll(Arrays.asList(flags));
        a.add(id);
        return rt(a.toArray(new String[0]));
    }

    /** {@code state ID}, asserted successful, as JSON. */
    public JsonNode state(String id) {
        return rt("state", id).ok().json();
    }

    public String status(String id) {
        return state(id).path("status").asText();
    }

    /** Polls {@code state} until the status is {@code status}. */
    public void awaitStatus(String id, String status) {
        String[] last = {null};
        await("container " + id + " to be " + status, Duration.ofSeconds(15), () -> {
            Result r = rt("state", id);
            if (r.exit != 0) {
                last[0] = r.describe();
                return false;
            }
            last[0] = r.json().path("status").asText();
            return status.equals(last[0]);
        }, () -> "last: " + last[0]);
    }

    /** Reads a pid file (asserting it exists, holds only digits, no newline) and learns the pid. */
    public int pid(String id) {
        return readPidFile(pidFile(id));
    }

    public int readPidFile(Path f) {
        assertTrue(Files.exists(f), "pid file " + f + " should exist");
        String s = read(f);
        assertTrue(s.matches("[0-9]+"), () -> "pid file must hold only the decimal pid, no newline: \"" + s + "\"");
        int pid = Integer.parseInt(s);
        trackPid(pid);
        return pid;
    }

    /** Learns the pid in a pid file if it is there (never asserts). */
    public void learnPid(Path f) {
        try {
            String s = Files.readString(f).trim();
            if (s.matches("[0-9]+")) trackPid(Integer.parseInt(s));
        } catch (IOException ignored) {
            // no pid file
        }
    }

    public void trackPid(int pid) {
        pids.add(pid);
        Reaper.track(pid);
    }

    // ---------------------------------------------------------------- waiting

    public static void await(String what, Duration timeout, BooleanSupplier cond) {
        await(what, timeout, cond, () -> "");
    }

    public static void await(String what, Duration timeout, BooleanSupplier cond, java.util.function.Supplier<String> detail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleep = 5;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("timed out after " + timeout + " waiting for " + what + " " + detail.get());
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep = Math.min(sleep * 2, 50);
        }
    }

    /** Waits until {@code file} exists and contains {@code text}; returns the content. */
    public static String awaitFile(Path file, String text) {
        String[] content = {""};
        await(file + " to contain \"" + text + "\"", Duration.ofSeconds(15), () -> {
            content[0] = read(file);
            return content[0].contains(text);
        }, () -> "content: \"" + content[0] + "\"");
        return content[0];
    }

    /** Waits until {@code file} holds a line ending in a newline ("done" marker) and returns it all. */
    public static String awaitLine(Path file) {
        return awaitFile(file, "\n");
    }

    public static void awaitDead(int pid) {
        await("pid " + pid + " to exit", Duration.ofSeconds(15), () -> !Reaper.isAlive(pid));
    }

    public static String readFile(Path p) {
        return read(p);
    }

    /** Asserts the state dir for {@code id} is gone. */
    public void assertNoStateDir(String id) {
        assertTrue(!Files.exists(root.resolve(id)), "state dir " + root.resolve(id) + " should not exist");
    }

    /** Asserts {@code list -q} is empty. */
    public void assertListEmpty() {
        Result r = rt("list", "-q").ok();
        assertEquals("", r.out, "list -q should show no container");
    }

    String testName() {
        return testName;
    }
}
