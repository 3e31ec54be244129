package dev.jrunc.runtime.planner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.api.SandboxOptions;
import dev.jrunc.runtime.json.Json;
import dev.jrunc.runtime.net.EgressFilter;
import dev.jrunc.runtime.net.Rtnetlink;
import dev.jrunc.runtime.net.VethLink;
import dev.jrunc.runtime.plan.Flags;
import dev.jrunc.runtime.plan.OpCode;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.spec.Namespace;
import dev.jrunc.spec.Namespaces;
import dev.jrunc.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * --network and --net-veth: which network namespace the container gets, and what the front sets up in
 * it once the container process exists (ATTACH, from the host side, over rtnetlink: docs/plan-protocol.md).
 *
 * <ul>
 *   <li>sandbox: the spec's network namespace as given; jrunc brings its loopback up (runc leaves it down)
 *   <li>none: a fresh network namespace whatever the spec says (a path is ignored), loopback up
 *   <li>host: no network namespace of its own (the spec's entry is dropped)
 * </ul>
 */
public final class NetworkPlanner {
  private NetworkPlanner() {}

  /** The container's own network namespace, seen from the front once ${pid} exists. */
  static final String CONTAINER_NETNS = "/proc/" + Flags.PID + "/ns/net";

  /** The spec with its namespaces as the network mode wants them (recorded so that exec joins the same). */
  public static Spec apply(Spec spec, SandboxOptions sandbox) {
    if ("sandbox".equals(sandbox.network())) return spec;
    ObjectNode root = Json.mapper().valueToTree(spec);
    JsonNode linuxNode = root.get("linux");
    ObjectNode linux = linuxNode instanceof ObjectNode o ? o : root.putObject("linux");
    ArrayNode kept = Json.mapper().createArrayNode();
    JsonNode old = linux.get("namespaces");
    if (old != null) {
      for (JsonNode ns : old) if (!Namespaces.NETWORK.equals(ns.path("type").asText())) kept.add(ns);
    }
    if ("none".equals(sandbox.network())) kept.addObject().put("type", Namespaces.NETWORK);
    linux.set("namespaces", kept);
    try {
      return Json.mapper().treeToValue(root, Spec.class);
    } catch (java.io.IOException e) {
      throw new JruncException("apply --network=" + sandbox.network() + ": " + e.getMessage());
    }
  }

  /** Every veth link of a container: the flags', then its annotation's. */
  public static List<VethLink> links(SandboxOptions sandbox, Map<String, String> annotations) {
    return VethLink.parseAll(sandbox.netVeth(), annotations == null ? null : annotations.get(VethLink.ANNOTATION));
  }

  /** Loopback up (MOUNTS), then each veth link (ATTACH, from the host side). */
  public static Plan attach(Spec spec, SandboxOptions sandbox) {
    Plan plan = new Plan();
    List<VethLink> links = links(sandbox, spec.annotations());
    if (!hasOwnNetns(spec)) {
      if (!links.isEmpty()) {
        throw new JruncException("--net-veth needs the container's own network namespace (network mode "
            + sandbox.network() + ", and the spec has none)");
      }
      return plan;
    }
    // From inside (the container process, before its capabilities drop): it has CAP_NET_ADMIN over its
    // network namespace even when a rootless caller's front, outside the user namespace, has not.
    plan.add(Section.MOUNTS, OpCode.NETLINK, "bring up loopback", "", Rtnetlink.linkUp("lo").bytes(), List.of(), 0L);
    for (VethLink l : links) veth(plan, l);
    return plan;
  }

  private static void veth(Plan plan, VethLink l) {
    String hostNs = l.hostNetnsPath();
    String where = hostNs.isEmpty() ? "" : " in " + hostNs;
    Rtnetlink.Message pair = Rtnetlink.newVeth(l.name(), l.hostName(), l.mtu());
    netlink(plan, Section.ATTACH, "create veth " + l.name() + " with host end " + l.hostName() + where, CONTAINER_NETNS, pair,
        "fd:" + pair.netnsFdOffset() + ":" + (hostNs.isEmpty() ? "/proc/self/ns/net" : hostNs), 0);
    // No UNDO for the pair: if this step failed because the name is taken, the link is not ours. When the
    // container's namespace is jrunc's, killing the process in UNDO removes the pair with it.
    if (l.hostAddress() != null) {
      address(plan, "add address " + l.hostAddress() + " to " + l.hostName() + where, hostNs, l.hostName(), l.hostAddress());
    }
    netlink(plan, Section.ATTACH, "bring up " + l.hostName() + where, hostNs, Rtnetlink.linkUp(l.hostName()), null, 0);
    if (l.address() != null) {
      address(plan, "add address " + l.address() + " to " + l.name(), CONTAINER_NETNS, l.name(), l.address());
    }
    netlink(plan, Section.ATTACH, "bring up " + l.name(), CONTAINER_NETNS, Rtnetlink.linkUp(l.name()), null, 0);
    if (l.gateway() != null) {
      Rtnetlink.Message route = Rtnetlink.defaultRoute(l.gateway());
      netlink(plan, Section.ATTACH, "add default route via " + l.gateway().getHostAddress() + " on " + l.name(), CONTAINER_NETNS, route,
          "ifindex:" + route.ifindexOffset() + ":" + l.name(), 0);
    }
  }

  private static void address(Plan plan, String label, String netns, String link, VethLink.Cidr cidr) {
    Rtnetlink.Message m = Rtnetlink.newAddress(cidr.address(), cidr.prefixLength());
    netlink(plan, Section.ATTACH, label, netns, m, "ifindex:" + m.ifindexOffset() + ":" + link, 0);
  }

  /** --net-deny: the egress filter on the container's cgroup (PREPARE: before any process joins it). */
  public static Plan egress(SandboxOptions sandbox, Map<String, java.nio.file.Path> cgroupDirs) {
    Plan plan = new Plan();
    if (sandbox.netDeny().isEmpty()) return plan;
    List<VethLink.Cidr> deny = new ArrayList<>();
    for (String d : sandbox.netDeny()) deny.addAll(EgressFilter.parse(d));
    if (!cgroupDirs.containsKey(dev.jrunc.runtime.cgroups.CgroupPaths.UNIFIED)) {
      // a v2 directory, alone or beside v1 controllers (hybrid): cgroup eBPF lives on the v2 hierarchy
      throw new JruncException("--net-deny needs a cgroup v2 directory for the container (an eBPF filter on its cgroup)");
    }
    String dir = cgroupDirs.get(dev.jrunc.runtime.cgroups.CgroupPaths.UNIFIED).toString();
    String what = String.join(", ", deny.stream().map(VethLink.Cidr::toString).toList());
    plan.add(Section.PREPARE, OpCode.CGROUP_BPF, "deny egress to " + what + " (eBPF on " + dir + ")", dir,
        EgressFilter.program(deny), (long) EgressFilter.BPF_PROG_TYPE_CGROUP_SKB, (long) EgressFilter.BPF_CGROUP_INET_EGRESS);
    return plan;
  }

  /** Delete: the host ends still there (the kernel removes a pair with the container's namespace). */
  public static Plan remove(SandboxOptions sandbox, Map<String, String> annotations, Section section) {
    Plan plan = new Plan();
    List<VethLink> links;
    try {
      links = links(sandbox, annotations);
    } catch (JruncException e) {
      return plan; // nothing was created from options that do not parse
    }
    for (VethLink l : links) plan.addAll(removeHostEnd(l, section));
    return plan;
  }

  private static Plan removeHostEnd(VethLink l, Section section) {
    Plan plan = new Plan();
    netlink(plan, section, "delete veth " + l.hostName(), l.hostNetnsPath(), Rtnetlink.deleteLink(l.hostName()), null, Flags.IGNORE_ENODEV);
    return plan;
  }

  private static void netlink(Plan plan, Section section, String label, String netns, Rtnetlink.Message m, String patch, long flags) {
    List<String> patches = new ArrayList<>();
    if (patch != null) patches.add(patch);
    plan.add(section, OpCode.NETLINK, label, netns, m.bytes(), patches, flags | Flags.SUBST);
  }

  static boolean hasOwnNetns(Spec spec) {
    if (spec.linux() == null || spec.linux().namespaces() == null) return false;
    for (Namespace ns : spec.linux().namespaces()) if (Namespaces.NETWORK.equals(ns.type())) return true;
    return false;
  }
}
