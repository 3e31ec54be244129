package dev.jrunc.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.runtime.api.CallerIds;
import dev.jrunc.spec.Spec;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoSpecTest {
  @Test
  void hostRootCallerCommandAndAnEmptyNetwork() {
    Spec s = DoSpec.create(List.of("echo", "hi"), List.of("PATH=/bin"), "/tmp", false, false, new CallerIds(0, 0));
    assertEquals("/", s.root().path());
    assertFalse(s.root().readonly());
    assertEquals(List.of("echo", "hi"), s.process().args());
    assertEquals("/tmp", s.process().cwd());
    assertEquals(1, s.linux().namespaces().stream().filter(n -> n.type().equals("network")).count());
    assertFalse(RootlessSpec.hasUserNamespace(s));
  }

  @Test
  void hostNetworkDropsTheNamespace() {
    Spec s = DoSpec.create(List.of("true"), List.of(), "/", false, true, new CallerIds(0, 0));
    assertTrue(s.linux().namespaces().stream().noneMatch(n -> n.type().equals("network")));
  }
}
