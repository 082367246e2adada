package dev.conntrail.cli.process;

import dev.conntrail.tracker.segment.IpAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The network namespaces on this host (conntrail's own and those of containers), what addresses each
 * owns, and a {@link SocketTable} per namespace.
 *
 * <p>A namespace is known through any process living in it ({@code /proc/PID/ns/net}); its addresses come
 * from that process's {@code net/fib_trie} (IPv4: the {@code /32 host LOCAL} routes) and {@code net/if_inet6}.
 * Loopback addresses always mean conntrail's own namespace: a capture only sees its own namespace's loopback.
 * An address no namespace owns is not local; the sets are read again (at most once a second) before saying so,
 * since interfaces and containers come and go.
 */
final class Namespaces {
    static final long REREAD_NANOS = 1_000_000_000L;

    /** One namespace: its inode, a process in it, its addresses and its sockets. */
    static final class Netns {
        final long inode;
        int pid;
        Set<IpAddress> addresses = Set.of();
        SocketTable table;

        Netns(long inode, int pid) {
            this.inode = inode;
            this.pid = pid;
        }
    }

    /** Makes the socket table of a namespace: conntrail's own ({@code pid} -1) or the one process {@code pid} is in. */
    interface Tables {
        SocketTable open(int pid);
    }

    private final ProcFs fs;
    private final LongSupplier clock;
    private final Tables tables;
    private final long selfInode;
    private final Map<Long, Netns> byInode = new HashMap<>();
    private long readAt = Long.MIN_VALUE;

    Namespaces(ProcFs fs, LongSupplier clock, Tables tables) {
        this.fs = fs;
        this.clock = clock;
        this.tables = tables;
        this.selfInode = fs.selfNetns();
    }

    long selfInode() {
        return selfInode;
    }

    /**
     * Takes in the namespaces the processes live in (inode to one process), reading the addresses of every
     * namespace anew.
     */
    void update(Map<Long, Integer> seen) {
        for (Map.Entry<Long, Integer> e : seen.entrySet()) {
            Netns n = byInode.get(e.getKey());
            if (n == null) {
                byInode.put(e.getKey(), new Netns(e.getKey(), e.getValue()));
            } else if (!fs.exists(n.pid)) {
                n.pid = e.getValue();
            }
        }
        byInode.computeIfAbsent(selfInode, i -> new Netns(i, -1));
        byInode.entrySet().removeIf(e -> e.getKey() != selfInode && !seen.containsKey(e.getKey()) && closeTable(e.getValue()));
        for (Netns n : byInode.values()) {
            n.addresses = addresses(n.inode == selfInode ? fs.root().resolve("self") : fs.pidDir(n.pid));
        }
        readAt = clock.getAsLong();
    }

    private static boolean closeTable(Netns n) {
        if (n.table != null) {
            n.table.close();
            n.table = null;
        }
        return true;
    }

    /** Whether the addresses were read long enough ago to read them again. */
    boolean stale() {
        return readAt == Long.MIN_VALUE || clock.getAsLong() - readAt >= REREAD_NANOS;
    }

    /** The namespaces that own {@code a}, conntrail's own first; empty when none does. */
    List<Netns> owning(IpAddress a) {
        List<Netns> out = new ArrayList<>(1);
        if (isLoopback(a)) {
            out.add(byInode.computeIfAbsent(selfInode, i -> new Netns(i, -1)));
            return out;
        }
        Netns self = byInode.get(selfInode);
        if (self != null && self.addresses.contains(plain(a))) {
            out.add(self);
        }
        for (Netns n : byInode.values()) {
            if (n != self && n.addresses.contains(plain(a))) {
                out.add(n);
            }
        }
        return out;
    }

    /** The socket table of a namespace, opened on first use. */
    SocketTable table(Netns n) {
        if (n.table == null) {
            n.table = tables.open(n.inode == selfInode ? -1 : n.pid);
        }
        return n.table;
    }

    void close() {
        for (Netns n : byInode.values()) {
            closeTable(n);
        }
    }

    static boolean isLoopback(IpAddress a) {
        if (!a.v6()) {
            return (a.v4() >>> 24) == 127;
        }
        return a.hi() == 0 && a.lo() == 1;
    }

    /** Addresses compare by value whatever family flag they carry: IPv4 as IPv4-mapped. */
    private static IpAddress plain(IpAddress a) {
        return a.hi() == 0 && (a.lo() >>> 32) == 0xFFFF ? IpAddress.ofV4((int) a.lo()) : a;
    }

    private Set<IpAddress> addresses(Path pidDir) {
        Set<IpAddress> out = new HashSet<>();
        fibTrieLocals(fs.read(pidDir.resolve("net").resolve("fib_trie")), out);
        ifInet6(fs.read(pidDir.resolve("net").resolve("if_inet6")), out);
        return out;
    }

    /**
     * The IPv4 addresses of {@code fib_trie}'s local routes: a leaf line {@code |-- 10.0.0.1} followed by
     * {@code /32 host LOCAL}.
     */
    static void fibTrieLocals(String text, Set<IpAddress> out) {
        if (text == null) {
            return;
        }
        String leaf = null;
        for (String line : text.split("\n")) {
            String t = line.trim();
            if (t.startsWith("|-- ")) {
                leaf = t.substring(4).trim();
            } else if (leaf != null && t.startsWith("/32 host LOCAL")) {
                try {
                    out.add(IpAddress.parse(leaf));
                } catch (IllegalArgumentException e) {
                    // not an address line after all
                }
            }
        }
    }

    /** {@code if_inet6}: 32 hex digits in network order, then index, prefix, scope, flags, name. */
    static void ifInet6(String text, Set<IpAddress> out) {
        if (text == null) {
            return;
        }
        for (String line : text.split("\n")) {
            String t = line.trim();
            if (t.length() < 32) {
                continue;
            }
            try {
                long hi = Long.parseUnsignedLong(t.substring(0, 16), 16);
                long lo = Long.parseUnsignedLong(t.substring(16, 32), 16);
                out.add(IpAddress.ofV6(hi, lo));
            } catch (NumberFormatException e) {
                // not an address line
            }
        }
    }
}
