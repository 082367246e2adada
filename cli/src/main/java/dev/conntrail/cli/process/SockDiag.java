package dev.conntrail.cli.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.conntrail.tracker.segment.IpAddress;

/**
 * Exact socket lookups through netlink sock_diag ({@code NETLINK_SOCK_DIAG}, {@code SOCK_DIAG_BY_FAMILY}
 * without {@code NLM_F_DUMP}): the kernel finds the one socket of a 4-tuple with a hash lookup, falling back
 * to the listener that would accept it, and answers with its state, uid and inode. That costs microseconds
 * where reading {@code /proc/net/tcp} costs milliseconds (see {@link ProcNetTcp}), so it is what conntrail
 * asks on a live host; it answers for the network namespace the socket was created in.
 *
 * <pre>
 *   request                                     answer (or NLMSG_ERROR, -ENOENT: no such socket)
 *   struct nlmsghdr         len type flags seq pid   struct nlmsghdr                       0..16
 *   struct inet_diag_req_v2                     struct inet_diag_msg
 *     u8 family, protocol, ext, pad    16..20     u8 family, state, timer, retrans     16..20
 *     u32 states                       20..24     struct inet_diag_sockid              20..68
 *     struct inet_diag_sockid          24..72     u32 expires, rqueue, wqueue          68..80
 *       be16 sport, dport; be32 src[4], dst[4];   u32 uid                              80..84
 *       u32 if; u32 cookie[2]                     u32 inode                            84..88
 * </pre>
 */
final class SockDiag implements SocketTable {
    private static final int NLMSG_HDRLEN = 16;
    private static final int NLMSG_ERROR = 2;
    private static final int SOCK_DIAG_BY_FAMILY = 20;
    private static final int NLM_F_REQUEST = 1;
    private static final int IPPROTO_TCP = 6;
    private static final int REQUEST_LENGTH = 72;
    private static final int REQ_FAMILY = 16;
    private static final int REQ_PROTOCOL = 17;
    private static final int REQ_STATES = 20;
    private static final int REQ_SPORT = 24;
    private static final int REQ_DPORT = 26;
    private static final int REQ_SRC = 28;
    private static final int REQ_DST = 44;
    private static final int REQ_IF = 60;
    private static final int REQ_COOKIE = 64;
    private static final int MSG_STATE = 17;
    private static final int MSG_UID = 80;
    private static final int MSG_INODE = 84;
    private static final int ERROR_CODE = 16;
    /** {@code INET_DIAG_NOCOOKIE}: look the socket up by address, not by cookie. */
    private static final int NO_COOKIE = 0xFFFF_FFFF;

    private final int fd;
    private final Memory request = new Memory(REQUEST_LENGTH);
    private final Memory answer = new Memory(8192);
    private int sequence;

    private SockDiag(int fd) {
        this.fd = fd;
    }

    /** A sock_diag socket in conntrail's own network namespace; throws {@link ProcessLookupException} if none can be had. */
    static SockDiag open() {
        String why = Libc.load();
        if (why != null) {
            throw new ProcessLookupException(why);
        }
        try {
            return new SockDiag(Libc.socket(Libc.AF_NETLINK, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC,
                    Libc.NETLINK_SOCK_DIAG));
        } catch (LastErrorException e) {
            throw new ProcessLookupException("netlink sock_diag socket: errno " + e.getErrorCode());
        }
    }

    /**
     * A sock_diag socket in the network namespace that {@code nsFile} ({@code /proc/PID/ns/net}) names. A
     * netlink socket stays in the namespace it was created in, so the calling thread enters that namespace
     * (setns, which needs CAP_SYS_ADMIN) just long enough to create it, then returns to its own.
     */
    static SockDiag openIn(String nsFile) {
        String why = Libc.load();
        if (why != null) {
            throw new ProcessLookupException(why);
        }
        int home = -1;
        int target = -1;
        try {
            home = Libc.open("/proc/thread-self/ns/net", Libc.O_RDONLY | Libc.O_CLOEXEC);
            target = Libc.open(nsFile, Libc.O_RDONLY | Libc.O_CLOEXEC);
            Libc.setns(target, Libc.CLONE_NEWNET);
            int fd;
            try {
                fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, Libc.NETLINK_SOCK_DIAG);
            } finally {
                try {
                    Libc.setns(home, Libc.CLONE_NEWNET);
                } catch (LastErrorException e) {
                    // This thread would go on in the wrong namespace: nothing it did afterwards could be trusted.
                    throw new IllegalStateException("cannot return to conntrail's network namespace (errno "
                            + e.getErrorCode() + ")", e);
                }
            }
            return new SockDiag(fd);
        } catch (LastErrorException e) {
            throw new ProcessLookupException(nsFile + ": cannot enter the namespace (errno " + e.getErrorCode() + ")");
        } finally {
            closeQuietly(target);
            closeQuietly(home);
        }
    }

    @Override
    public SocketEntry connected(IpAddress local, int localPort, IpAddress remote, int remotePort) {
        SocketEntry s = query(local, localPort, remote, remotePort);
        // The kernel falls back to a listener when no connected socket has the tuple; that is not this socket.
        return s == null || s.state() == KernelTcpState.LISTEN ? null : s;
    }

    @Override
    public SocketEntry listener(IpAddress local, int localPort) {
        // With an unspecified peer no connected socket can match, so the kernel's answer is the listener.
        IpAddress any = local.v6() ? IpAddress.ofV6(0, 0) : IpAddress.ofV4(0);
        SocketEntry s = query(local, localPort, any, 0);
        return s != null && s.state() == KernelTcpState.LISTEN ? s : null;
    }

    private SocketEntry query(IpAddress local, int localPort, IpAddress remote, int remotePort) {
        Memory m = request;
        m.clear();
        int seq = ++sequence;
        m.setInt(0, REQUEST_LENGTH);
        m.setShort(4, (short) SOCK_DIAG_BY_FAMILY);
        m.setShort(6, (short) NLM_F_REQUEST);
        m.setInt(8, seq);
        m.setByte(REQ_FAMILY, (byte) (local.v6() ? Libc.AF_INET6 : Libc.AF_INET));
        m.setByte(REQ_PROTOCOL, (byte) IPPROTO_TCP);
        m.setInt(REQ_STATES, -1);
        putPort(m, REQ_SPORT, localPort);
        putPort(m, REQ_DPORT, remotePort);
        putAddress(m, REQ_SRC, local);
        putAddress(m, REQ_DST, remote);
        m.setInt(REQ_IF, 0);
        m.setInt(REQ_COOKIE, NO_COOKIE);
        m.setInt(REQ_COOKIE + 4, NO_COOKIE);
        try {
            Libc.send(fd, m, REQUEST_LENGTH, 0);
            while (true) {
                long n = Libc.recv(fd, answer, answer.size(), 0);
                if (n < NLMSG_HDRLEN) {
                    return null;
                }
                if (answer.getInt(8) != seq) {
                    continue; // an answer to an earlier request that was given up on
                }
                int type = answer.getShort(4) & 0xFFFF;
                if (type == NLMSG_ERROR) {
                    return null; // -ENOENT: no such socket (other errors mean the same to the caller)
                }
                if (type != SOCK_DIAG_BY_FAMILY || n < MSG_INODE + 4) {
                    return null;
                }
                KernelTcpState state = KernelTcpState.of(answer.getByte(MSG_STATE) & 0xFF);
                return new SocketEntry(state, answer.getInt(MSG_UID), answer.getInt(MSG_INODE) & 0xFFFF_FFFFL);
            }
        } catch (LastErrorException e) {
            throw new ProcessLookupException("sock_diag: errno " + e.getErrorCode());
        }
    }

    private static void putPort(Memory m, int at, int port) {
        m.setByte(at, (byte) (port >>> 8));
        m.setByte(at + 1, (byte) port);
    }

    /** In network byte order: IPv4 in the first word, IPv6 in all four. */
    private static void putAddress(Memory m, int at, IpAddress a) {
        if (!a.v6()) {
            putBigEndian(m, at, a.v4(), 4);
            return;
        }
        putBigEndian(m, at, a.hi() >>> 32, 4);
        putBigEndian(m, at + 4, a.hi(), 4);
        putBigEndian(m, at + 8, a.lo() >>> 32, 4);
        putBigEndian(m, at + 12, a.lo(), 4);
    }

    private static void putBigEndian(Memory m, int at, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            m.setByte(at + i, (byte) (value >>> (8 * (bytes - 1 - i))));
        }
    }

    @Override
    public void close() {
        closeQuietly(fd);
    }

    private static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                Libc.close(fd);
            } catch (LastErrorException e) {
                // nothing more to do with it
            }
        }
    }
}
