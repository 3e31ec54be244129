package dev.jrunc.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.api.SandboxOptions;
import dev.jrunc.runtime.json.Json;
import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.Op;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.spec.Spec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkPlannerTest {
  private static Spec spec(String namespaces) throws Exception {
    return Json.mapper().readValue("""
        {"ociVersion":"1.0.2","process":{"args":["true"],"cwd":"/"},"root":{"path":"rootfs"},
         "linux":{"namespaces":[%s]}}""".formatted(namespaces), Spec.class);
  }

  private static SandboxOptions net(String mode, String... veth) {
    return new SandboxOptions(mode, null, false, null, List.of(veth), null);
  }

  private static List<String> types(Spec s) {
    return s.linux().namespaces().stream().map(n -> n.type() + (n.path() == null ? "" : "=" + n.path())).toList();
  }

  @Test
  void sandboxKeepsTheSpecsNamespaces() throws Exception {
    Spec s = spec("{\"type\":\"pid\"},{\"type\":\"network\",\"path\":\"/var/run/netns/x\"}");
    assertEquals(types(s), types(NetworkPlanner.apply(s, net("sandbox"))));
  }

  @Test
  void noneIsAFreshNamespaceWhateverTheSpecSays() throws Exception {
    assertEquals(List.of("pid", "network"),
        types(NetworkPlanner.apply(spec("{\"type\":\"pid\"},{\"type\":\"network\",\"path\":\"/var/run/netns/x\"}"), net("none"))));
    assertEquals(List.of("pid", "network"), types(NetworkPlanner.apply(spec("{\"type\":\"pid\"}"), net("none"))));
  }

  @Test
  void hostDropsTheNetworkNamespace() throws Exception {
    assertEquals(List.of("pid"), types(NetworkPlanner.apply(spec("{\"type\":\"pid\"},{\"type\":\"network\"}"), net("host"))));
  }

  @Test
  void loopbackUpInTheContainersNamespace() throws Exception {
    Plan p = NetworkPlanner.attach(spec("{\"type\":\"network\"}"), net("sandbox"));
    assertTrue(p.ops(Section.ATTACH).isEmpty());
    List<Op> ops = p.ops(Section.MOUNTS);
    assertEquals(1, ops.size());
    Op lo = ops.get(0);
    assertEquals(OpCode.NETLINK, lo.code());
    assertEquals("bring up loopback", lo.label());
    assertEquals("", lo.args().get(0), "from inside: a rootless front has no CAP_NET_ADMIN over the namespace");
    assertEquals(List.of(), lo.args().get(2));
  }

  @Test
  void nothingWithoutANamespaceOfItsOwn() throws Exception {
    assertTrue(NetworkPlanner.attach(spec("{\"type\":\"pid\"}"), net("sandbox")).ops(Section.ATTACH).isEmpty());
    JruncException e = assertThrows(JruncException.class,
        () -> NetworkPlanner.attach(NetworkPlanner.apply(spec("{\"type\":\"network\"}"), net("host", "jv0")), net("host", "jv0")));
    assertTrue(e.getMessage().startsWith("--net-veth needs the container's own network namespace"), e.getMessage());
  }

  @Test
  void vethStepsInOrder() throws Exception {
    Plan p = NetworkPlanner.attach(spec("{\"type\":\"network\"}"),
        net("sandbox", "jv0:10.88.0.2/24,gw=10.88.0.1,netns=t1,host-addr=10.88.0.1/24"));
    List<Op> ops = p.ops(Section.ATTACH);
    assertEquals(List.of(
        "create veth eth0 with host end jv0 in /var/run/netns/t1",
        "add address 10.88.0.1/24 to jv0 in /var/run/netns/t1",
        "bring up jv0 in /var/run/netns/t1",
        "add address 10.88.0.2/24 to eth0",
        "bring up eth0",
        "add default route via 10.88.0.1 on eth0"), ops.stream().map(Op::label).toList());
    assertEquals(List.of("fd:96:/var/run/netns/t1"), ops.get(0).args().get(2));
    assertEquals("/proc/${pid}/ns/net", ops.get(0).args().get(0));
    assertEquals("/var/run/netns/t1", ops.get(1).args().get(0));
    assertEquals(List.of("ifindex:20:jv0"), ops.get(1).args().get(2));
    assertEquals(List.of("ifindex:20:eth0"), ops.get(3).args().get(2));
    assertEquals(List.of("ifindex:40:eth0"), ops.get(5).args().get(2));
    assertTrue(p.ops(Section.UNDO).isEmpty(), "a name that was taken is not ours to delete");
  }

  @Test
  void hostEndInJruncsOwnNamespaceByDefault() throws Exception {
    List<Op> ops = NetworkPlanner.attach(spec("{\"type\":\"network\"}"), net("sandbox", "jv0")).ops(Section.ATTACH);
    assertEquals(List.of("fd:96:/proc/self/ns/net"), ops.get(0).args().get(2));
    assertEquals("", ops.get(1).args().get(0));
  }

  @Test
  void deleteRemovesHostEndsFromFlagsAndAnnotation() {
    List<Op> ops = NetworkPlanner.remove(net("sandbox", "jv0,netns=t1"), Map.of("dev.jrunc.net-veth", "jv1"), Section.PREPARE)
        .ops(Section.PREPARE);
    assertEquals(List.of("delete veth jv0", "delete veth jv1"), ops.stream().map(Op::label).toList());
    assertEquals("/var/run/netns/t1", ops.get(0).args().get(0));
    assertEquals(Flags.IGNORE_ENODEV | Flags.SUBST, ops.get(0).args().get(3));
  }
}
