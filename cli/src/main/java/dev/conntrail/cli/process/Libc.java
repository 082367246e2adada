package dev.conntrail.cli.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The C library calls a netlink socket needs, JNA direct-mapped (plain JNI calls, nothing allocated per
 * call). Registered lazily by {@link #load()}, which reports failure as a value.
 */
final class Libc {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int AF_NETLINK = 16;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_SOCK_DIAG = 4;
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;
    static final int PRIO_PROCESS = 0;

    private static volatile boolean loaded;
    private static String failure;

    private Libc() {
    }

    /** Registers the natives once; returns null, or why they cannot be used here. */
    static synchronized String load() {
        if (loaded) {
            return null;
        }
        if (failure != null) {
            return failure;
        }
        if (!Platform.isLinux()) {
            failure = "sock_diag is Linux only";
            return failure;
        }
        try {
            Native.register(Libc.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            loaded = true;
            return null;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            failure = "cannot load the C library through JNA: " + e.getMessage();
            return failure;
        }
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native long send(int fd, Pointer buffer, long length, int flags) throws LastErrorException;

    static native long recv(int fd, Pointer buffer, long length, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int open(String path, int flags) throws LastErrorException;

    static native int setns(int fd, int nstype) throws LastErrorException;

    /**
     * {@code setpriority(PRIO_PROCESS, 0, nice)}. On Linux the nice value belongs to a thread, not to the
     * process, and {@code who} 0 names the calling thread.
     */
    static native int setpriority(int which, int who, int prio) throws LastErrorException;

    /** {@code syscall(2)} with a thread id, a pointer and flags: how {@code sched_setattr} is reached. */
    static native long syscall(long number, int pid, Pointer attr, int flags) throws LastErrorException;

    /** {@code SYS_sched_setattr} on this machine's architecture, or -1 where conntrail does not know it. */
    static long schedSetattrNumber() {
        if (Platform.isIntel() && Platform.is64Bit()) {
            return 314;
        }
        if (Platform.isARM() && Platform.is64Bit()) {
            return 274;
        }
        return -1;
    }
}
