package dev.jrunc.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.runtime.api.CallerIds;
import dev.jrunc.spec.DefaultSpec;
import dev.jrunc.spec.Mount;
import dev.jrunc.spec.Spec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RootlessSpecTest {
  private static Mount mount(Spec s, String dst) {
    return s.mounts().stream().filter(m -> m.destination().equals(dst)).findFirst().orElseThrow();
  }

  @Test
  void addsAUserNamespaceMappingTheCallerAndDropsUnmappedMountIds() {
    Spec root = DefaultSpec.create(false, 0, 0, false);
    assertFalse(RootlessSpec.hasUserNamespace(root));
    Spec s = RootlessSpec.adapt(root, new CallerIds(1000, 1001));
    assertTrue(RootlessSpec.hasUserNamespace(s));
    assertEquals(1000L, s.linux().uidMappings().get(0).hostID());
    assertEquals(1001L, s.linux().gidMappings().get(0).hostID());
    assertTrue(mount(s, "/dev/pts").options().stream().noneMatch(o -> o.startsWith("gid=")));
    assertEquals("sysfs", mount(s, "/sys").type(), "the spec's own network namespace can have a sysfs");
  }

  @Test
  void bindsSysWithoutANetworkNamespace() {
    Spec noNet = DefaultSpec.create(true, 1000, 1000, false);
    // the rootless default has a user namespace already: strip it to see the adaptation alone
    Spec plain = new Spec(noNet.ociVersion(), noNet.process(), noNet.root(), noNet.hostname(), null, DefaultSpec.create(false, 0, 0, false).mounts(),
        null, null, new dev.jrunc.spec.Linux(null, null, null, null, null,
            noNet.linux().namespaces().stream().filter(n -> !n.type().equals("user")).toList(), null, null, null, null, null, null, null, null, null));
    Spec s = RootlessSpec.adapt(plain, new CallerIds(1000, 1000));
    assertEquals(List.of("rbind", "nosuid", "noexec", "nodev", "ro"), mount(s, "/sys").options());
  }
}
