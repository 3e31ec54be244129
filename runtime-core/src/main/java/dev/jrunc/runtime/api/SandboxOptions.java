package dev.jrunc.runtime.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The sandbox options jrunc adds to runc's (after gVisor's runsc boot config): set once as global flags,
 * recorded in the container's state at create so that exec, events and delete see the same choices.
 *
 * @param network "sandbox" (the spec's network namespace, loopback up), "none" (a fresh namespace with
 *     only loopback) or "host" (the host's network namespace)
 * @param overlay "" (write to the bundle's rootfs), "tmpfs" (an overlay whose upper layer is a tmpfs) or
 *     a directory that holds the upper layer
 * @param strace log the container's syscalls to the debug log
 * @param straceSyscalls only these syscalls (empty: all)
 * @param netVeth veth links to create, in {@link dev.jrunc.runtime.net.VethLink}'s syntax (--net-veth)
 * @param netDeny IPv4 networks the container may not send to (--net-deny, an eBPF cgroup egress filter)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record SandboxOptions(String network, String overlay, boolean strace, List<String> straceSyscalls,
    List<String> netVeth, List<String> netDeny) {
  public static final SandboxOptions DEFAULT = new SandboxOptions(null, null, false, null);

  public SandboxOptions(String network, String overlay, boolean strace, List<String> straceSyscalls) {
    this(network, overlay, strace, straceSyscalls, null, null);
  }

  public SandboxOptions {
    network = network == null || network.isEmpty() ? "sandbox" : network;
    overlay = overlay == null ? "" : overlay;
    straceSyscalls = straceSyscalls == null ? List.of() : List.copyOf(straceSyscalls);
    netVeth = netVeth == null ? List.of() : List.copyOf(netVeth);
    netDeny = netDeny == null ? List.of() : List.copyOf(netDeny);
    if (!List.of("sandbox", "none", "host").contains(network)) {
      throw new JruncException("invalid --network: \"" + network + "\" (want sandbox, none or host)");
    }
    netVeth.forEach(dev.jrunc.runtime.net.VethLink::parse); // bad syntax fails here, before anything is made
    netDeny.forEach(dev.jrunc.runtime.net.EgressFilter::parse);
  }

  /** These options with another --overlay value. */
  public SandboxOptions withOverlay(String value) {
    return new SandboxOptions(network, value, strace, straceSyscalls, netVeth, netDeny);
  }
}
