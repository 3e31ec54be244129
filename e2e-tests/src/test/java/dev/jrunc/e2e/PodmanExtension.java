package dev.jrunc.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Gives a test the JVM's private podman store ({@link Pod}) and removes the containers it named. */
public final class PodmanExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PodmanExtension.class);
  private static final AtomicInteger SEQ = new AtomicInteger();

  /** Per-test handle: `podman --runtime R run ...` with unique names, removed (rm -f) afterwards. */
  static final class Pod {
    final Podman podman;
    final List<String> names = new ArrayList<>();

    Pod(Podman podman) {
      this.podman = podman;
    }

    String name() {
      String name = "jrunc-e2e-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
      names.add(name);
      return name;
    }

    private List<String> runArgs(String mode, String name, List<String> opts, String... cmd) {
      List<String> a = new ArrayList<>(List.of("run", mode, "--name", name, "--cgroup-parent", podman.cgroupParent));
      a.addAll(opts);
      a.add(Podman.IMAGE);
      a.addAll(List.of(cmd));
      return a;
    }

    /** `podman --runtime R run --rm --name N [opts] IMAGE cmd...`. */
    Cmd.Result run(Rt rt, List<String> opts, String... cmd) {
      return podman.podman(rt, runArgs("--rm", name(), opts, cmd));
    }

    /** The same with -it on a pty. */
    Cmd.Result runOnPty(Rt rt, List<String> opts, String... cmd) {
      List<String> o = new ArrayList<>(List.of("-it"));
      o.addAll(opts);
      return podman.podmanOnPty(rt, runArgs("--rm", name(), o, cmd));
    }

    /** `podman run -d` (kept after it exits); returns the name. */
    String start(Rt rt, List<String> opts, String... cmd) {
      String name = name();
      Cmd.Result r = podman.podman(rt, runArgs("-d", name, opts, cmd));
      if (r.exit() != 0) throw new AssertionError(rt.name() + ": podman run -d failed: " + r);
      return name;
    }

    Cmd.Result podman(Rt rt, String... args) {
      return podman.podman(rt, List.of(args));
    }

    String inspect(String name, String format) {
      return podman.podman(Rt.RUNC, List.of("inspect", "-f", format, name)).out().trim();
    }

    void cleanup() {
      for (String n : names) {
        if (podman.podman(Rt.RUNC, List.of("container", "exists", n)).exit() == 0) {
          podman.podman(Rt.RUNC, List.of("rm", "-f", "-t", "0", n));
        }
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == Pod.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    assumeTrue("root".equals(System.getProperty("user.name")), "e2e tests start containers: run as root");
    assumeTrue(!"false".equals(System.getProperty("jrunc.e2e.podman")), "podman scenarios disabled (-Djrunc.e2e.podman=false)");
    assumeTrue(Rt.runcAvailable(), "podman scenarios compare with runc: /usr/sbin/runc is missing");
    Podman pm = c.getRoot().getStore(NS).getOrComputeIfAbsent("podman", k -> Podman.get(), Podman.class);
    Pod pod = new Pod(pm);
    c.getStore(NS).put("pod", pod);
    return pod;
  }

  @Override
  public void afterEach(ExtensionContext c) {
    Pod p = c.getStore(NS).remove("pod", Pod.class);
    if (p != null) p.cleanup();
  }
}
