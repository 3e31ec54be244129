package dev.jrunc.cli.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The server's listening unix socket: one systemd passed in (socket activation with
 * StandardInput=socket, so it is the JVM's inherited channel), or one it binds itself, mode 0600 in a
 * directory of mode 0700, so that only root (and the owner) can even connect.
 */
public final class SocketListener implements AutoCloseable {
  private final ServerSocketChannel channel;
  private final Path boundPath; // null when inherited: systemd owns the file
  private final OutputStream stdout; // inherited: our stdout as it was before the JDK detached it

  private SocketListener(ServerSocketChannel channel, Path boundPath, OutputStream stdout) {
    this.channel = channel;
    this.boundPath = boundPath;
    this.stdout = stdout;
  }

  /**
   * Taking the inherited channel makes the JDK point fds 0, 1 and 2 at /dev/null (inetd's stdio is the
   * socket). Our stdout is the pipe the front reads the plan from: this is that pipe, reopened before
   * (null when not inherited, and then fd 1 is still it).
   */
  public OutputStream stdoutBeforeDetach() {
    return stdout;
  }

  public ServerSocketChannel channel() {
    return channel;
  }

  /** The socket systemd (or any parent) passed as stdin, if it is a listening unix socket. */
  public static SocketListener inherited() throws IOException {
    Path stdin = Path.of("/proc/self/fd/0");
    if (!Files.readSymbolicLink(stdin).toString().startsWith("socket:")) return null; // the common case
    OutputStream out = Files.newOutputStream(Path.of("/proc/self/fd/1"), StandardOpenOption.WRITE);
    PrintStream err = reopenStderr();
    Channel c = System.inheritedChannel();
    if (c instanceof ServerSocketChannel s && s.getLocalAddress() instanceof UnixDomainSocketAddress) {
      if (err != null) {
        System.setErr(err);
        System.setOut(err);
      }
      return new SocketListener(s, null, out);
    }
    out.close();
    return null;
  }

  /** Our stderr as a new open file (null when it is a socket, e.g. journald's: that cannot be reopened). */
  private static PrintStream reopenStderr() {
    try {
      return new PrintStream(Files.newOutputStream(Path.of("/proc/self/fd/2"), StandardOpenOption.WRITE,
          StandardOpenOption.APPEND), true);
    } catch (IOException e) {
      return null;
    }
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
    // Bound under a temporary name, made 0600, then renamed into place: the socket never appears at its
    // path with the umask's mode (a client connects by inode, so the rename keeps it reachable).
    Path staging = dir.resolve("." + path.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    Files.deleteIfExists(staging);
    ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.bind(UnixDomainSocketAddress.of(staging), 128);
      Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rw-------"));
      Files.move(staging, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      ch.close();
      Files.deleteIfExists(staging);
      throw e;
    }
    return new SocketListener(ch, path, null);
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
