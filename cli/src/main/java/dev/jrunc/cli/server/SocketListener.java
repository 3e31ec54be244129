package dev.jrunc.cli.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The server's listening unix socket: one systemd passed in (socket activation with
 * StandardInput=socket, so it is the JVM's inherited channel), or one it binds itself, mode 0600 in a
 * directory of mode 0700, so that only root (and the owner) can even connect.
 */
public final class SocketListener implements AutoCloseable {
  private final ServerSocketChannel channel;
  private final Path boundPath; // null when inherited: systemd owns the file

  private SocketListener(ServerSocketChannel channel, Path boundPath) {
    this.channel = channel;
    this.boundPath = boundPath;
  }

  public ServerSocketChannel channel() {
    return channel;
  }

  /** The socket systemd (or any parent) passed as stdin, if it is a listening unix socket. */
  public static SocketListener inherited() throws IOException {
    Channel c = System.inheritedChannel();
    if (c instanceof ServerSocketChannel s && s.getLocalAddress() instanceof UnixDomainSocketAddress) {
      return new SocketListener(s, null);
    }
    return null;
  }

  /** Binds path; a stale socket (nobody accepting) is replaced, a live one is an error. */
  public static SocketListener bind(Path path) throws IOException {
    path = path.toAbsolutePath().normalize();
    Path dir = path.getParent();
    if (!Files.isDirectory(dir)) {
      try {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (FileAlreadyExistsException e) {
        // a race with another server: fine, checked below like an existing dir
      }
    }
    // The directory is the gate (connect needs search permission on it): ours, 0700, whatever the umask did.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      if (answers(path)) throw new IOException(path + ": a planner server is already listening");
      Files.delete(path);
    }
    ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.bind(UnixDomainSocketAddress.of(path), 128);
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new SocketListener(ch, path);
  }

  private static boolean answers(Path path) {
    try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops listening; removes the socket file if we made it (an inherited one is systemd's). */
  @Override
  public void close() throws IOException {
    channel.close();
    if (boundPath != null) Files.deleteIfExists(boundPath);
  }
}
