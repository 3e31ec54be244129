package dev.jrunc.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test an {@link Env} and cleans up after it, even on failure:
 * {@code delete --force} of every container it created; checks no learned pid is left alive
 * (kills and reports any that is); rmdir of the cgroupsPaths it used in every hierarchy; reaps
 * zombies re-parented to the JVM; removes its temp dir (refusing if something is mounted below).
 */
public final class JruncExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(JruncExtension.class);

    @Override
    public void beforeEach(ExtensionContext ctx) throws Exception {
        Harness.init();
        ctx.getRoot().getStore(NS).getOrComputeIfAbsent("shutdown", k -> (ExtensionContext.Store.CloseableResource) Harness::shutdown);
        String name = ctx.getRequiredTestMethod().getName();
        Path tmp = Files.createTempDirectory(Harness.runDir(), "t-");
        // Traversable by any uid: containers may run as uid 1000 or in a user namespace.
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        ctx.getStore(NS).put("env", new Env(name, tmp));
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == Env.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return e.getStore(NS).get("env", Env.class);
    }

    @Override
    public void afterEach(ExtensionContext ctx) throws Exception {
        Env env = ctx.getStore(NS).remove("env", Env.class);
        if (env == null) return;
        List<String> problems = new ArrayList<>();
        for (String id : env.ids) {
            Result r = env.rt("delete", "--force", id);
            if (r.exit != 0 || r.timedOut) problems.add("cleanup delete --force " + id + " failed: " + r.describe());
        }
        for (int pid : env.pids) {
            try {
                Env.await("", Duration.ofSeconds(5), () -> !Reaper.isAlive(pid));
            } catch (AssertionError e) {
                // Only container processes this test learned from its own pid files get here.
                Native.LIBC.kill(pid, 9);
                problems.add("process " + pid + " from the test was still alive after delete --force (killed it)");
            }
        }
        for (String cg : env.cgroupPaths) {
            Harness.removeCgroup(cg).forEach(problems::add);
        }
        Reaper.sweepOrphanZombies();
        try {
            Harness.removeTree(env.tmp());
        } catch (Exception e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty() && !ctx.getExecutionException().isPresent()) {
            throw new AssertionError("cleanup after " + ctx.getDisplayName() + ":\n  " + String.join("\n  ", problems));
        } else if (!problems.isEmpty()) {
            System.err.println("jrunc-it cleanup after failed " + ctx.getDisplayName() + ":\n  " + String.join("\n  ", problems));
        }
    }
}
