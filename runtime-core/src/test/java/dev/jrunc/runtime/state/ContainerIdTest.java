package dev.jrunc.runtime.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrunc.runtime.api.JruncException;
import org.junit.jupiter.api.Test;

class ContainerIdTest {
  @Test
  void acceptsRunc115Ids() {
    for (String id : new String[] {"abc", "a..b", "+x", "-x", "a,b", "A_Z-0.9"}) assertEquals(id, ContainerId.validate(id));
  }

  @Test
  void rejectsPathsAndOddCharacters() {
    for (String id : new String[] {".", "..", "a/b", "a b", "a:b", "é"}) {
      JruncException e = assertThrows(JruncException.class, () -> ContainerId.validate(id));
      assertEquals("invalid container ID format", e.getMessage());
    }
  }
}
