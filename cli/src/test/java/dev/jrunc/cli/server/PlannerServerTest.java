package dev.jrunc.cli.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.runtime.plan.PlanEncoder;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server in-process, over a real unix socket: answers, refusals, stalls, the idle timeout. */
class PlannerServerTest {
  @TempDir Path tmp;

  private static byte[] ask(Path socket, byte[] request) throws IOException {
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(socket));
      c.write(ByteBuffer.wrap(request));
      return Channels.newInputStream(c).readAllBytes();
    } catch (java.net.SocketException e) {
      return new byte[0]; // closed before it read all we sent: a reset, no plan either
    }
  }

  private byte[] listRequest() {
    return new PlanRequest(ProcessHandle.current().pid(), tmp, List.of("--root", tmp.resolve("state").toString(), "list"), Map.of()).encode();
  }

  private CompletableFuture<String> serve(SocketListener listener, PeerCheck peers, Duration idle) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new PlannerServer(listener, peers, idle).serve();
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
  }

  @Test
  void answersAPlanAndResolvesPathsAgainstTheCallersCwd() throws Exception {
    Path socket = tmp.resolve("dir/planner.sock");
    CompletableFuture<String> server = serve(SocketListener.bind(socket), PeerCheck.rootAndSelf(), Duration.ofSeconds(1));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    byte[] plan = ask(socket, listRequest());
    assertTrue(plan.length > 16, "a plan");
    assertEquals(PlanEncoder.MAGIC, ByteBuffer.wrap(plan).order(ByteOrder.LITTLE_ENDIAN).getInt(8));
    // `spec` plans a WRITE of <cwd>/config.json: the request's cwd, not the server's
    byte[] spec = ask(socket, new PlanRequest(1, tmp, List.of("spec"), Map.of()).encode());
    assertTrue(new String(spec, java.nio.charset.StandardCharsets.ISO_8859_1).contains(tmp.resolve("config.json").toString()));
    String summary = server.get(10, TimeUnit.SECONDS); // the idle timeout ends it
    assertTrue(summary.startsWith("served 2,"), summary);
    assertTrue(Files.notExists(socket), "the socket file is removed on exit");
  }

  @Test
  void refusedPeersAndColdOnlyRequestsGetNoPlan() throws Exception {
    Path socket = tmp.resolve("planner.sock");
    SocketListener listener = SocketListener.bind(socket);
    CompletableFuture<String> server = serve(listener, new PeerCheck(Set.of()), Duration.ZERO);
    assertEquals(0, ask(socket, listRequest()).length, "nobody is allowed: closed without a plan");
    listener.close(); // the server finishes the requests it has, then returns
    String summary = server.get(10, TimeUnit.SECONDS);
    assertTrue(summary.contains("refused 1"), summary);

    listener = SocketListener.bind(socket);
    server = serve(listener, PeerCheck.rootAndSelf(), Duration.ZERO);
    byte[] events = new PlanRequest(1, tmp, List.of("--root", tmp.resolve("state").toString(), "server"), Map.of()).encode();
    byte[] nested = ask(socket, events);
    assertEquals(0, nested.length, "a server inside the server is declined");
    assertEquals(0, ask(socket, "garbage".getBytes()).length);
    listener.close();
    summary = server.get(10, TimeUnit.SECONDS);
    assertTrue(summary.contains("declined 1") && summary.contains("failed 1"), summary);
  }

  @Test
  void aStalledRequestDoesNotHoldUpTheOthers() throws Exception {
    Path socket = tmp.resolve("planner.sock");
    CompletableFuture<String> server = serve(SocketListener.bind(socket), PeerCheck.rootAndSelf(), Duration.ZERO);
    try (SocketChannel stalled = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      stalled.write(ByteBuffer.wrap(listRequest(), 0, 10)); // half a header, then nothing
      long t0 = System.nanoTime();
      assertTrue(ask(socket, listRequest()).length > 0);
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "answered while the other one stalls");
    }
    assertTrue(!server.isDone());
    server.cancel(true);
  }

  @Test
  void aLiveSocketIsNotTakenOverAStaleOneIs() throws Exception {
    Path socket = tmp.resolve("planner.sock");
    try (SocketListener first = SocketListener.bind(socket)) {
      IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> SocketListener.bind(socket));
      assertTrue(e.getMessage().contains("already listening"), e.getMessage());
    }
    // a socket file nobody listens on (a server killed without cleanup)
    try (var ch = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.bind(UnixDomainSocketAddress.of(socket));
    }
    assertTrue(Files.exists(socket));
    SocketListener.bind(socket).close();
  }
}
