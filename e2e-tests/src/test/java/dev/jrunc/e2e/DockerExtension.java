package dev.jrunc.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Gives a test the JVM's private dockerd ({@link Docker}) and removes the containers it named. */
public final class DockerExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(DockerExtension.class);
  private static final AtomicInteger SEQ = new AtomicInteger();

  /** Per-test handle: `docker run --rm --runtime R --name <unique>` and cleanup by name. */
  static final class Docker {
    final Dockerd dockerd;
    final List<String> names = new ArrayList<>();

    Docker(Dockerd dockerd) {
      this.dockerd = dockerd;
    }

    /** `docker run --rm --pull never --runtime (jrunc|runc) --name N [opts] IMAGE cmd...`. */
    Cmd.Result run(Rt rt, List<String> opts, String... cmd) {
      String name = name();
      List<String> a = new ArrayList<>(List.of("run", "--rm", "--pull", "never", "--runtime", rt.name(), "--name", name));
      a.addAll(opts);
      a.add(Dockerd.IMAGE);
      a.addAll(List.of(cmd));
      return dockerd.docker(a);
    }

    /** A fresh container name, removed (rm -f) after the test. */
    String name() {
      String name = "jrunc-e2e-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
      names.add(name);
      return name;
    }

    /** `docker run -d --pull never --runtime R --name N [opts] IMAGE cmd...` (kept after it exits); returns N. */
    String start(Rt rt, List<String> opts, String... cmd) {
      String name = name();
      List<String> a = new ArrayList<>(List.of("run", "-d", "--pull", "never", "--runtime", rt.name(), "--name", name));
      a.addAll(opts);
      a.add(Dockerd.IMAGE);
      a.addAll(List.of(cmd));
      Cmd.Result r = dockerd.docker(a);
      if (r.exit() != 0) throw new AssertionError(rt.name() + ": docker run -d failed: " + r);
      return name;
    }

    Cmd.Result docker(String... args) {
      return dockerd.docker(args);
    }

    /** `docker inspect -f FORMAT name`, trimmed. */
    String inspect(String name, String format) {
      return dockerd.docker("inspect", "-f", format, name).out().trim();
    }

    /** The docker client on a pty (`-it` scenarios), through scripts/ptyrun.c. */
    Cmd.Result onPty(String... args) {
      List<String> argv = new ArrayList<>(List.of("/usr/bin/docker", "-H", "unix://" + dockerd.dir.resolve("docker.sock")));
      argv.addAll(List.of(args));
      return PtyRun.run(argv, 120);
    }

    void cleanup() {
      for (String n : names) {
        if (dockerd.docker("container", "inspect", n).exit() == 0) dockerd.docker("rm", "-f", n);
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == Docker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    assumeTrue("root".equals(System.getProperty("user.name")), "e2e tests start daemons and containers: run as root");
    assumeTrue(!"false".equals(System.getProperty("jrunc.e2e.docker")), "Docker scenarios disabled (-Djrunc.e2e.docker=false)");
    Dockerd d = c.getRoot().getStore(NS).getOrComputeIfAbsent("dockerd", k -> Dockerd.get(), Dockerd.class);
    Docker docker = new Docker(d);
    c.getStore(NS).put("docker", docker);
    return docker;
  }

  @Override
  public void afterEach(ExtensionContext c) {
    Docker d = c.getStore(NS).remove("docker", Docker.class);
    if (d != null) d.cleanup();
  }
}
