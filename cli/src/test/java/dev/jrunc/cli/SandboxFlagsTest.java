package dev.jrunc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.api.SandboxOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The runsc-style global flags --network, --net-veth, --strace, --strace-syscalls. */
class SandboxFlagsTest {
  private static SandboxOptions parse(String... args) {
    JruncCommand top = new JruncCommand();
    new CommandLine(top).parseArgs(args);
    return top.options().sandbox();
  }

  @Test
  void defaults() {
    SandboxOptions s = parse("state", "x");
    assertEquals("sandbox", s.network());
    assertFalse(s.strace());
    assertEquals(List.of(), s.netVeth());
  }

  @Test
  void allFlagsInBothSpellings() {
    SandboxOptions s = parse("--network=none", "--net-veth", "jv0:10.88.0.2/24,gw=10.88.0.1", "-net-veth=jv1",
        "--strace", "--strace-syscalls=openat,execve", "--net-deny=10.0.0.0/8,192.168.1.1", "state", "x");
    assertEquals("none", s.network());
    assertEquals(List.of("jv0:10.88.0.2/24,gw=10.88.0.1", "jv1"), s.netVeth());
    assertTrue(s.strace());
    assertEquals(List.of("openat", "execve"), s.straceSyscalls());
    assertEquals(List.of("10.0.0.0/8,192.168.1.1"), s.netDeny());
    assertEquals("host", parse("-network", "host", "state", "x").network());
  }

  @Test
  void badValuesAreOneLineErrors() {
    assertEquals("invalid --network: \"bridge\" (want sandbox, none or host)",
        assertThrows(JruncException.class, () -> parse("--network=bridge", "state", "x")).getMessage());
    assertThrows(JruncException.class, () -> parse("--net-veth=jv0:1.2.3.4", "state", "x"));
  }
}
