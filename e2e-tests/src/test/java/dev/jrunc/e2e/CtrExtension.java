package dev.jrunc.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a {@link CtrEnv} on the JVM's private containerd (started on first use, stopped when
 * the whole run ends, pass or fail) and cleans up that test's containers afterwards.
 */
public final class CtrExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CtrExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == CtrEnv.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    assumeTrue("root".equals(System.getProperty("user.name")), "e2e tests start daemons and containers: run as root");
    // The root store closes the daemon once, after the last test class.
    Containerd ctrd = c.getRoot().getStore(NS).getOrComputeIfAbsent("containerd", k -> Containerd.get(), Containerd.class);
    CtrEnv env = new CtrEnv(ctrd);
    c.getStore(NS).put("env", env);
    return env;
  }

  @Override
  public void afterEach(ExtensionContext c) {
    CtrEnv env = c.getStore(NS).remove("env", CtrEnv.class);
    if (env != null) env.cleanup();
  }
}
