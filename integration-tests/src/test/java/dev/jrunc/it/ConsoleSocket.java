package dev.jrunc.it;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.posix.CmsgHdr;
import jnr.posix.MsgHdr;

/**
 * A listening AF_UNIX stream socket for {@code --console-socket}, and the receive side of the
 * protocol (one sendmsg: payload = the master's name, one SCM_RIGHTS fd). Java's SocketChannel
 * cannot receive fds, so this uses libc through jnr-ffi and jnr-posix's recvmsg.
 */
public final class ConsoleSocket implements Closeable {
    private final int listenFd;

    int listenFd() {
        return listenFd;
    }
    public final Path path;

    public ConsoleSocket(Path path) {
        this.path = path;
        int fd = Native.LIBC.socket(Native.AF_UNIX, Native.SOCK_STREAM, 0);
        if (fd < 0) throw new IllegalStateException("socket: errno " + Native.errno());
        byte[] addr = Native.sockaddrUn(path.toString());
        if (Native.LIBC.bind(fd, addr, addr.length) != 0) {
            Native.LIBC.close(fd);
            throw new IllegalStateException("bind " + path + ": errno " + Native.errno());
        }
        if (Native.LIBC.listen(fd, 4) != 0) {
            Native.LIBC.close(fd);
            throw new IllegalStateException("listen: errno " + Native.errno());
        }
        this.listenFd = fd;
    }

    /** What the runtime sent: the payload text and the received fds. */
    public static final class Received {
        public final String payload;
        public final int[] fds;
        public final int controlMessages;

        Received(String payload, int[] fds, int controlMessages) {
            this.payload = payload;
            this.fds = fds;
            this.controlMessages = controlMessages;
        }
    }

    /**
     * Accepts one connection (non-blocking: call after create returned, as containerd does) and
     * receives one message with its fds.
     */
    public Received receive() {
        int flags = Native.LIBC.fcntl(listenFd, Native.F_GETFL, 0);
        Native.LIBC.fcntl(listenFd, Native.F_SETFL, flags | Native.O_NONBLOCK);
        int conn = Native.LIBC.accept(listenFd, null, null);
        if (conn < 0) throw new AssertionError("no connection on the console socket (errno " + Native.errno() + ")");
        try {
            MsgHdr msg = Native.POSIX.allocateMsgHdr();
            ByteBuffer buf = ByteBuffer.allocateDirect(4096);
            msg.setIov(new ByteBuffer[] {buf});
            msg.allocateControl(4 * 4); // room for up to 4 fds, to detect extras
            int n = Native.POSIX.recvmsg(conn, msg, 0);
            if (n < 0) throw new AssertionError("recvmsg: errno " + Native.errno());
            ByteBuffer data = msg.getIov()[0];
            byte[] payload = new byte[n];
            data.position(0);
            data.get(payload, 0, n);
            CmsgHdr[] controls = msg.getControls();
            int count = 0;
            int[] fds = new int[0];
            for (CmsgHdr c : controls) {
                if (c.getLevel() == Native.SOL_SOCKET && c.getType() == Native.SCM_RIGHTS) {
                    count++;
                    ByteBuffer d = c.getData().order(ByteOrder.nativeOrder());
                    int k = d.remaining() / 4;
                    int[] more = new int[fds.length + k];
                    System.arraycopy(fds, 0, more, 0, fds.length);
                    for (int i = 0; i < k; i++) more[fds.length + i] = d.getInt();
                    fds = more;
                }
            }
            return new Received(new String(payload, StandardCharsets.UTF_8), fds, count);
        } finally {
            Native.LIBC.close(conn);
        }
    }

    /** Reads from {@code fd} (made non-blocking) until the text contains {@code expected} or the deadline. */
    public static String readUntil(int fd, String expected, long timeoutMs) {
        int flags = Native.LIBC.fcntl(fd, Native.F_GETFL, 0);
        Native.LIBC.fcntl(fd, Native.F_SETFL, flags | Native.O_NONBLOCK);
        StringBuilder sb = new StringBuilder();
        byte[] b = new byte[4096];
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!sb.toString().contains(expected) && System.currentTimeMillis() < deadline) {
            long n = Native.LIBC.read(fd, b, b.length);
            if (n > 0) {
                sb.append(new String(b, 0, (int) n, StandardCharsets.UTF_8));
            } else if (n == 0) {
                break;
            } else {
                int e = Native.errno();
                if (e != Native.EAGAIN && e != Native.EINTR) break; // EIO: slave closed
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return sb.toString();
    }

    public static void write(int fd, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int r = Native.POSIX.write(fd, b, b.length);
        if (r != b.length) throw new AssertionError("write to pty master: " + r + " errno " + Native.errno());
    }

    public static void closeFd(int fd) {
        Native.LIBC.close(fd);
    }

    @Override
    public void close() {
        Native.LIBC.close(listenFd);
        try {
            Files.deleteIfExists(path);
        } catch (java.io.IOException ignored) {
            // best effort
        }
    }
}
