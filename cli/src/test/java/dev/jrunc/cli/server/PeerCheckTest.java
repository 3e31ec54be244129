package dev.jrunc.cli.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import org.junit.jupiter.api.Test;

/** Only root and the server's own user may ask for plans. */
class PeerCheckTest {
  private static final UserPrincipalLookupService USERS = FileSystems.getDefault().getUserPrincipalLookupService();

  @Test
  void rootAndSelfAreAllowedOthersAreNot() throws IOException {
    PeerCheck check = PeerCheck.rootAndSelf();
    assertTrue(check.allows(USERS.lookupPrincipalByName("0")));
    assertTrue(check.allows(Files.getOwner(Path.of("/proc/self"))));
    assertFalse(check.allows(USERS.lookupPrincipalByName("65534")));
    assertFalse(check.allows(USERS.lookupPrincipalByName("1000")));
  }

  @Test
  void rootIsMatchedByUidNotByName() throws IOException {
    UserPrincipal byName = USERS.lookupPrincipalByName("root");
    assertTrue(PeerCheck.rootAndSelf().allows(byName));
  }
}
