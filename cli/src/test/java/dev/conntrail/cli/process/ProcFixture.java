package dev.conntrail.cli.process;

import dev.conntrail.tracker.segment.IpAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Builds a procfs tree the way the kernel lays it out, for {@link ProcFs} to read:
 *
 * <pre>
 *   self -&gt; 100                              conntrail itself, in the host namespace
 *   net -&gt; self/net                         the host namespace's tables (tcp, tcp6, fib_trie, if_inet6)
 *   PID/{stat,status,cmdline,cgroup}         one process
 *   PID/fd/N -&gt; socket:[INODE]               its descriptors
 *   PID/ns/net -&gt; net:[NETNS]                its network namespace
 *   PID/net/...                              its namespace's tables (other namespaces)
 * </pre>
 *
 * Rows of {@code tcp} are written as the kernel prints them: each 32-bit address word as host-order hex.
 */
final class ProcFixture implements AutoCloseable {
    static final long HOST_NETNS = 4026531840L;
    static final int SELF = 100;

    private static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
            + "retrnsmt   uid  timeout inode\n";
    private static final String TCP6_HEADER = "  sl  local_address                         remote_address                   "
            + "     st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    final Path root;
    final Path passwd;
    private int rows;

    ProcFixture() {
        try {
            root = Files.createTempDirectory("conntrail-proc");
            passwd = root.resolve("passwd");
            Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n"
                    + "bob:x:1001:1001::/home/bob:/bin/sh\n");
            Files.createSymbolicLink(root.resolve("self"), Path.of(Integer.toString(SELF)));
            process(SELF, "java", 0, HOST_NETNS);
            namespaceFiles(root.resolve(Integer.toString(SELF)).resolve("net"), "10.0.0.5");
            Files.createSymbolicLink(root.resolve("net"), Path.of("self/net"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A process: stat (with its start time), status, cmdline and its ns/net link. */
    ProcFixture process(int pid, String comm, int uid, long netns) {
        return process(pid, comm, uid, netns, 1000 + pid);
    }

    ProcFixture process(int pid, String comm, int uid, long netns, long startTime) {
        Path dir = root.resolve(Integer.toString(pid));
        try {
            Files.createDirectories(dir.resolve("fd"));
            Files.createDirectories(dir.resolve("ns"));
            StringBuilder stat = new StringBuilder().append(pid).append(" (").append(comm).append(") S 1");
            for (int field = 5; field <= 21; field++) {
                stat.append(" 0");
            }
            stat.append(' ').append(startTime).append(" 0 0\n");
            Files.writeString(dir.resolve("stat"), stat);
            Files.writeString(dir.resolve("status"), "Name:\t" + comm + "\nUid:\t" + uid + "\t" + uid + "\t" + uid
                    + "\t" + uid + "\n");
            Files.writeString(dir.resolve("cmdline"), comm + "\0--serve\0");
            Files.writeString(dir.resolve("cgroup"), "0::/user.slice\n");
            Path ns = dir.resolve("ns").resolve("net");
            Files.deleteIfExists(ns);
            Files.createSymbolicLink(ns, Path.of("net:[" + netns + "]"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    ProcFixture cgroup(int pid, String path) {
        write(root.resolve(Integer.toString(pid)).resolve("cgroup"), "0::" + path + "\n", false);
        return this;
    }

    /** Descriptor {@code fd} of {@code pid} refers to socket {@code inode}. */
    ProcFixture socketFd(int pid, int fd, long inode) {
        return fd(pid, fd, "socket:[" + inode + "]");
    }

    ProcFixture fd(int pid, int fd, String target) {
        Path link = root.resolve(Integer.toString(pid)).resolve("fd").resolve(Integer.toString(fd));
        try {
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    ProcFixture closeFd(int pid, int fd) {
        try {
            Files.deleteIfExists(root.resolve(Integer.toString(pid)).resolve("fd").resolve(Integer.toString(fd)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    ProcFixture exit(int pid) {
        delete(root.resolve(Integer.toString(pid)));
        return this;
    }

    /** Gives process {@code pid} its own namespace files (it is the one the resolver reads that namespace through). */
    ProcFixture namespaceOf(int pid, String... addresses) {
        namespaceFiles(root.resolve(Integer.toString(pid)).resolve("net"), addresses);
        return this;
    }

    /** A row in the host namespace's tcp (or tcp6) table. */
    ProcFixture socket(String local, int localPort, String remote, int remotePort, KernelTcpState state, int uid,
                       long inode) {
        return socketIn(root.resolve("net"), local, localPort, remote, remotePort, state, uid, inode);
    }

    /** A row in the tcp table of the namespace process {@code pid} is in. */
    ProcFixture socketOf(int pid, String local, int localPort, String remote, int remotePort, KernelTcpState state,
                         int uid, long inode) {
        return socketIn(root.resolve(Integer.toString(pid)).resolve("net"), local, localPort, remote, remotePort,
                state, uid, inode);
    }

    private ProcFixture socketIn(Path net, String local, int localPort, String remote, int remotePort,
                                 KernelTcpState state, int uid, long inode) {
        IpAddress l = IpAddress.parse(local);
        IpAddress r = IpAddress.parse(remote);
        boolean v6 = l.v6();
        String row = String.format("%4d: %s:%04X %s:%04X %02X 00000000:00000000 00:00000000 00000000 %5d        0 %d 1 "
                + "0000000000000000 100 0 0 10 0%n", rows++, hex(l), localPort, hex(r), remotePort, state.code(), uid, inode);
        write(net.resolve(v6 ? "tcp6" : "tcp"), row, true);
        return this;
    }

    /** The kernel's {@code %08X} of each 32-bit word as the CPU holds it. */
    static String hex(IpAddress a) {
        if (!a.v6()) {
            return word(a.v4());
        }
        return word((int) (a.hi() >>> 32)) + word((int) a.hi()) + word((int) (a.lo() >>> 32)) + word((int) a.lo());
    }

    private static String word(int networkOrder) {
        int w = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(networkOrder) : networkOrder;
        return String.format("%08X", w);
    }

    private void namespaceFiles(Path net, String... addresses) {
        try {
            Files.createDirectories(net);
            Files.writeString(net.resolve("tcp"), TCP_HEADER);
            Files.writeString(net.resolve("tcp6"), TCP6_HEADER);
            StringBuilder trie = new StringBuilder("Main:\n  +-- 0.0.0.0/0 3 0 5\n");
            StringBuilder inet6 = new StringBuilder("00000000000000000000000000000001 01 80 10 80       lo\n");
            for (String a : addresses) {
                IpAddress ip = IpAddress.parse(a);
                if (ip.v6()) {
                    inet6.append(String.format("%016x%016x 02 40 00 80     eth0%n", ip.hi(), ip.lo()));
                } else {
                    trie.append("     |-- ").append(a).append("\n        /32 host LOCAL\n");
                }
            }
            trie.append("     |-- 127.0.0.1\n        /32 host LOCAL\n");
            Files.writeString(net.resolve("fib_trie"), trie);
            Files.writeString(net.resolve("if_inet6"), inet6);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text, boolean append) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites the host's tcp table empty (the sockets are gone). */
    ProcFixture clearSockets() {
        write(root.resolve("net").resolve("tcp"), TCP_HEADER, false);
        write(root.resolve("net").resolve("tcp6"), TCP6_HEADER, false);
        return this;
    }

    private static void delete(Path p) {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(q -> {
                try {
                    Files.delete(q);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        delete(root);
    }
}
