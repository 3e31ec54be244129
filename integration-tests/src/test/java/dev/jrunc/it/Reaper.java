package dev.jrunc.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes the test JVM a child subreaper (PID 1 here does not reap orphans, and container inits are
 * re-parented to us when the runtime exits) and reaps ONLY the pids the harness learned from pid
 * files, with waitpid(pid, WNOHANG) every 20 ms. Never waitpid(-1): that would steal exit statuses
 * from Java's own Process reaper.
 */
public final class Reaper {
    private static final Set<Integer> tracked = ConcurrentHashMap.newKeySet();
    private static final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    private static volatile boolean started;
    /** pids of processes the JVM started through ProcessBuilder (never reaped by us). */
    static final Set<Long> javaChildren = ConcurrentHashMap.newKeySet();

    private Reaper() {}

    public static synchronized void start() {
        if (started) return;
        int rc = Native.LIBC.prctl(Native.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
        if (rc != 0) throw new IllegalStateException("prctl(PR_SET_CHILD_SUBREAPER) failed, errno " + Native.errno());
        Thread t = new Thread(Reaper::loop, "jrunc-it-reaper");
        t.setDaemon(true);
        t.start();
        started = true;
    }

    /** Reap {@code pid} when it exits (if it is or becomes our child). */
    public static void track(int pid) {
        if (pid > 1) tracked.add(pid);
    }

    /** The raw wait status of a reaped pid, or null. */
    public static Integer status(int pid) {
        return statuses.get(pid);
    }

    private static void loop() {
        int[] st = new int[1];
        while (true) {
            for (Integer pid : tracked) {
                reapOnce(pid, st);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void reapOnce(int pid, int[] st) {
        int r = Native.LIBC.waitpid(pid, st, Native.WNOHANG);
        if (r == pid) {
            statuses.put(pid, st[0]);
            tracked.remove(pid);
        } else if (r < 0 && !isAlive(pid)) {
            // ECHILD: not our child (or already gone); stop tracking once it is gone.
            tracked.remove(pid);
        }
    }

    /** True if /proc/PID exists and is not a zombie or dead. */
    public static boolean isAlive(int pid) {
        String s = procState(pid);
        return s != null && !s.equals("Z") && !s.equals("X") && !s.equals("x");
    }

    /** The state letter in /proc/PID/stat, or null if gone. */
    public static String procState(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return stat.substring(close + 2, close + 3);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static int ppid(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            String[] f = stat.substring(close + 2).split(" ");
            return Integer.parseInt(f[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Reaps zombies re-parented to this JVM that are not Java's own Process children (e.g. the
     * background processes of a container without its own pid namespace). Only called between
     * tests, when no Process started by the harness is running.
     */
    public static void sweepOrphanZombies() {
        int self = (int) ProcessHandle.current().pid();
        int[] st = new int[1];
        try (var dirs = Files.list(Path.of("/proc"))) {
            dirs.map(p -> p.getFileName().toString())
                    .filter(n -> n.chars().allMatch(Character::isDigit))
                    .mapToInt(Integer::parseInt)
                    .filter(pid -> !javaChildren.contains((long) pid))
                    .filter(pid -> "Z".equals(procState(pid)) && ppid(pid) == self)
                    .forEach(pid -> Native.LIBC.waitpid(pid, st, Native.WNOHANG));
        } catch (IOException e) {
            // best effort
        }
    }
}
