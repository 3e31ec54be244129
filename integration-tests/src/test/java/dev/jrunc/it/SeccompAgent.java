package dev.jrunc.it;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * A minimal seccomp agent (runtime-spec "seccomp notify"): listens on {@code listenerPath}, receives the
 * container process state with the listener fd, then answers every notification with a fixed reply
 * through the SECCOMP_IOCTL_NOTIF_RECV / SEND ioctls.
 */
public final class SeccompAgent implements Closeable {
    /** _IOWR('!', 0, struct seccomp_notif (80 bytes)) and _IOWR('!', 1, struct seccomp_notif_resp (24 bytes)). */
    static final long NOTIF_RECV = 0xC0502100L;
    static final long NOTIF_SEND = 0xC0182101L;
    static final short POLLIN = 1;

    public interface Sys {
        int ioctl(int fd, long request, byte[] arg);
        int poll(@In @Out byte[] fds, long nfds, int timeoutMs);
    }

    static final Sys SYS = LibraryLoader.create(Sys.class).load("c");

    private final ConsoleSocket socket;
    private final long replyVal;
    private final int replyError;
    private final int replyFlags;
    private final Thread thread;
    public volatile ConsoleSocket.Received received;
    public volatile Throwable failure;
    /** The syscall numbers the agent answered. */
    public final List<Integer> notified = new CopyOnWriteArrayList<>();
    private volatile boolean stop;

    /** SECCOMP_USER_NOTIF_FLAG_CONTINUE: let the kernel run the syscall as if not filtered. */
    static final int FLAG_CONTINUE = 1;

    /** Answers each notified syscall with return value {@code val} and error {@code -error} (0 = success). */
    public SeccompAgent(Path path, long val, int error) {
        this(path, val, error, 0);
    }

    /** An agent that lets every notified syscall go on (SECCOMP_USER_NOTIF_FLAG_CONTINUE). */
    public static SeccompAgent continuing(Path path) {
        return new SeccompAgent(path, 0, 0, FLAG_CONTINUE);
    }

    private SeccompAgent(Path path, long val, int error, int flags) {
        this.socket = new ConsoleSocket(path);
        this.replyVal = val;
        this.replyError = error;
        this.replyFlags = flags;
        this.thread = new Thread(this::serve, "seccomp-agent");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void serve() {
        try {
            byte[] pfd = pollFd(socket.listenFd());
            while (!stop && SYS.poll(pfd, 1, 100) <= 0) pfd = pollFd(socket.listenFd());
            if (stop) return;
            received = socket.receive();
            if (received.fds.length != 1) return;
            int fd = received.fds[0];
            try {
                while (!stop) {
                    byte[] p = pollFd(fd);
                    int n = SYS.poll(p, 1, 100);
                    if (n <= 0) continue;
                    if ((p[6] & POLLIN) == 0) return; // POLLHUP: every filtered process is gone
                    byte[] req = new byte[80];
                    if (SYS.ioctl(fd, NOTIF_RECV, req) != 0) continue; // ENOENT: the caller went away
                    ByteBuffer r = ByteBuffer.wrap(req).order(ByteOrder.nativeOrder());
                    long id = r.getLong(0);
                    notified.add(r.getInt(16)); // seccomp_data.nr
                    ByteBuffer resp = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder());
                    resp.putLong(id).putLong(replyVal).putInt(-replyError).putInt(replyFlags);
                    SYS.ioctl(fd, NOTIF_SEND, resp.array());
                }
            } finally {
                ConsoleSocket.closeFd(fd);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private static byte[] pollFd(int fd) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(fd).putShort(POLLIN).putShort((short) 0).array();
    }

    @Override
    public void close() {
        stop = true;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
    }
}
