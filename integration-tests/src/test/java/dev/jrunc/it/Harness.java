package dev.jrunc.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** JVM-wide state: the binary under test, the per-run temp dir, the prepared rootfs. */
public final class Harness {
    private static String binary;
    private static Path runDir;
    private static Path baseRootfs;
    private static String cgroupParent;
    private static RuntimeException initFailure;
    private static PlannerServerFixture planner;

    private Harness() {}

    static synchronized void init() {
        if (initFailure != null) throw initFailure;
        if (baseRootfs != null) return;
        try {
            doInit();
        } catch (RuntimeException e) {
            initFailure = e;
            throw e;
        }
    }

    private static void doInit() {
        Reaper.start();
        binary = resolveBinary();
        try {
            runDir = Files.createTempDirectory(Path.of("/tmp"), "jrunc-it-");
            Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cgroupParent = runDir.getFileName().toString();
        Path bundle = runDir.resolve("base");
        Path script = repoDir().resolve("tools/make-bundle.sh");
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), bundle.toString(), "-")
                    .redirectErrorStream(true)
                    .redirectOutput(runDir.resolve("make-bundle.log").toFile());
            Process p = pb.start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("make-bundle.sh timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("make-bundle.sh failed: " + Files.readString(runDir.resolve("make-bundle.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Path rootfs = bundle.resolve("rootfs");
        if (!Files.isExecutable(rootfs.resolve("bin/busybox"))) throw new IllegalStateException("no busybox in " + rootfs);
        baseRootfs = rootfs;
        if (warmMode()) planner = PlannerServerFixture.start(binary, runDir.resolve("warm"), "--idle-timeout", "0");
    }

    /** -Djrunc.server=true: the whole run goes through a private warm planner server. */
    public static boolean warmMode() {
        return Boolean.getBoolean("jrunc.server") && !isRunc();
    }

    /**
     * JRUNC_PLANNER_SOCKET for every command the tests run: the run's private server in warm mode, else
     * "" so that a cold run stays cold even if a server listens at the default socket.
     */
    public static String plannerSocketEnv() {
        init();
        return planner == null ? "" : planner.socket().toString();
    }

    static String resolveBinary() {
        String b = System.getProperty("jrunc.binary");
        if (b != null && !b.isBlank()) return b;
        return distDir().resolve("bin/jrunc").toString();
    }

    static Path distDir() {
        String d = System.getProperty("jrunc.dist");
        if (d != null && !d.isBlank()) return Path.of(d);
        return repoDir().resolve("dist");
    }

    static Path repoDir() {
        String d = System.getProperty("jrunc.dist");
        if (d != null && !d.isBlank()) return Path.of(d).toAbsolutePath().getParent();
        Path cwd = Path.of("").toAbsolutePath();
        return Files.exists(cwd.resolve("tools/make-bundle.sh")) ? cwd : cwd.getParent();
    }

    public static String binary() {
        init();
        return binary;
    }

    public static Path runDir() {
        init();
        return runDir;
    }

    public static Path baseRootfs() {
        init();
        return baseRootfs;
    }

    /** The top-level cgroup name every default cgroupsPath of this run lives under. */
    public static String cgroupParent() {
        init();
        return cgroupParent;
    }

    /** True when the binary under test is runc (used only for messages, never to relax a test). */
    public static boolean isRunc() {
        return Path.of(binary()).getFileName().toString().toLowerCase(Locale.ROOT).equals("runc");
    }

    // ---------------------------------------------------------------- cleanup helpers

    /** Every cgroup hierarchy root: each v1 controller under /sys/fs/cgroup/* and /sys/fs/cgroup/unified. */
    static List<Path> cgroupHierarchies() {
        List<Path> out = new ArrayList<>();
        Path base = Path.of("/sys/fs/cgroup");
        if (Files.exists(base.resolve("cgroup.controllers"))) {
            out.add(base); // pure v2 host
            return out;
        }
        try (var s = Files.list(base)) {
            s.filter(p -> Files.isDirectory(p) && !Files.isSymbolicLink(p)).forEach(out::add);
        } catch (IOException ignored) {
            // none
        }
        return out;
    }

    /** rmdir {@code cgroupsPath} (and its sub-cgroups, deepest first) in every hierarchy. */
    static List<String> removeCgroup(String cgroupsPath) {
        List<String> problems = new ArrayList<>();
        if (cgroupsPath == null || cgroupsPath.isBlank() || cgroupsPath.contains(":")) return problems;
        String rel = cgroupsPath.startsWith("/") ? cgroupsPath.substring(1) : cgroupsPath;
        if (rel.isBlank() || rel.contains("..")) return problems;
        for (Path h : cgroupHierarchies()) {
            Path dir = h.resolve(rel);
            if (!Files.isDirectory(dir)) continue;
            try (var walk = Files.walk(dir)) {
                List<Path> dirs = walk.filter(Files::isDirectory).sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
                for (Path d : dirs) {
                    try {
                        Files.delete(d);
                    } catch (IOException e) {
                        problems.add("rmdir " + d + ": " + e);
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                problems.add("walk " + dir + ": " + e);
            }
        }
        return problems;
    }

    /** Mount points at or under {@code dir} in this process's mount namespace. */
    static List<String> mountsUnder(Path dir) {
        List<String> out = new ArrayList<>();
        String prefix = dir.toAbsolutePath().toString();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length < 5) continue;
                String mp = f[4].replace("\\040", " ");
                if (mp.equals(prefix) || mp.startsWith(prefix + "/")) out.add(mp);
            }
        } catch (IOException ignored) {
            // none
        }
        return out;
    }

    /** rm -rf without following symlinks; refuses if anything is mounted below. */
    static void removeTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        List<String> mounts = mountsUnder(dir);
        if (!mounts.isEmpty()) throw new IOException("not removing " + dir + ": mounts left below it: " + mounts);
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** End of the run: remove the run dir and the per-run cgroup parents. */
    static synchronized void shutdown() {
        if (runDir == null) return;
        if (planner != null) {
            planner.close();
            planner = null;
        }
        removeCgroup("/" + cgroupParent);
        try {
            removeTree(runDir);
        } catch (IOException e) {
            System.err.println("jrunc-it: " + e.getMessage());
        }
    }
}
