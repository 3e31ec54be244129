package dev.jrunc.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private `jrunc server` on a private socket, for one test or for the whole run in warm mode
 * (-Djrunc.server=true): started from the binary under test, stopped by destroying exactly the process
 * this fixture started (the front; its planner JVM dies with it).
 */
public final class PlannerServerFixture implements AutoCloseable {
    /** The env var the front reads; "" switches warm mode off. */
    public static final String SOCKET_ENV = "JRUNC_PLANNER_SOCKET";

    private final Process process;
    private final Path socket;
    private final Path log;

    private PlannerServerFixture(Process process, Path socket, Path log) {
        this.process = process;
        this.socket = socket;
        this.log = log;
    }

    /** Starts `BINARY server --socket DIR/planner.sock ARGS...` and waits until it accepts. */
    public static PlannerServerFixture start(String binary, Path dir, String... args) {
        Path socket = dir.resolve("planner/planner.sock");
        Path log = dir.resolve("planner-server.log");
        List<String> argv = new java.util.ArrayList<>(List.of(binary, "server", "--socket", socket.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(new File("/dev/null"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put(SOCKET_ENV, ""); // the server's own front plans cold
        try {
            Files.createDirectories(dir);
            Process p = pb.start();
            Reaper.javaChildren.add(p.pid());
            PlannerServerFixture f = new PlannerServerFixture(p, socket, log);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!f.answers()) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    f.close();
                    throw new IllegalStateException("planner server did not start: " + Files.readString(log));
                }
                Thread.sleep(20);
            }
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Path socket() {
        return socket;
    }

    public Process process() {
        return process;
    }

    /** What the server printed (its summary line when it exits). */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    boolean answers() {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops exactly the process this fixture started. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!process.isAlive()) Reaper.javaChildren.remove(process.pid());
        // its planner JVM dies with it (SIGKILL from the kernel), a moment later: wait for that
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (answers() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
