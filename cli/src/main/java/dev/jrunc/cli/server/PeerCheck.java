package dev.jrunc.cli.server;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who may ask for a plan: root, or the server's own user (SO_PEERCRED, the kernel's word, not the
 * client's). A plan is what a root process executes, so anyone else must not be able to shape it, nor
 * read what it says about containers.
 */
public final class PeerCheck {
  private final Set<UserPrincipal> allowed;

  public PeerCheck(Set<UserPrincipal> allowed) {
    this.allowed = Set.copyOf(allowed);
  }

  /** Root (uid 0, whatever its name) and the user this JVM runs as. */
  public static PeerCheck rootAndSelf() throws IOException {
    // "0" is not a user name, so the lookup takes it as a uid; /proc/self is owned by our euid.
    UserPrincipal root = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("0");
    UserPrincipal self = Files.getOwner(Path.of("/proc/self"));
    return new PeerCheck(root.equals(self) ? Set.of(root) : Set.of(root, self));
  }

  public boolean allows(UserPrincipal peer) {
    return allowed.contains(peer);
  }

  /** The connected peer's credentials, checked; false when they cannot be read. */
  public boolean allows(SocketChannel peer) {
    try {
      UnixDomainPrincipal p = peer.getOption(ExtendedSocketOptions.SO_PEERCRED);
      return allows(p.user());
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
