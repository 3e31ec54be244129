package dev.jrunc.it;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/** The few libc calls the harness needs, through jnr-ffi / jnr-posix. */
public final class Native {
    public static final int PR_SET_CHILD_SUBREAPER = 36;
    public static final int WNOHANG = 1;
    public static final int AF_UNIX = 1;
    public static final int SOCK_STREAM = 1;
    public static final int SOL_SOCKET = 1;
    public static final int SCM_RIGHTS = 1;
    public static final int O_NONBLOCK = 04000;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int EAGAIN = 11;
    public static final int EINTR = 4;

    public interface LibC {
        int prctl(int option, long a2, long a3, long a4, long a5);
        int waitpid(int pid, int[] status, int options);
        int kill(int pid, int sig);
        int socket(int domain, int type, int protocol);
        int bind(int fd, @In byte[] addr, int len);
        int listen(int fd, int backlog);
        int accept(int fd, Pointer addr, Pointer len);
        int close(int fd);
        long read(int fd, byte[] buf, long n);
        int fcntl(int fd, int cmd, int arg);
    }

    public static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    public static final POSIX POSIX = POSIXFactory.getNativePOSIX();

    private Native() {}

    public static int errno() {
        return POSIX.errno();
    }

    /** A struct sockaddr_un for {@code path}. */
    public static byte[] sockaddrUn(String path) {
        byte[] p = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (p.length >= 108) throw new IllegalArgumentException("socket path too long: " + path);
        byte[] a = new byte[110];
        a[0] = (byte) AF_UNIX;
        a[1] = 0;
        System.arraycopy(p, 0, a, 2, p.length);
        return a;
    }
}
