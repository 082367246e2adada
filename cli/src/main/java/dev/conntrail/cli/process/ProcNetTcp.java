package dev.conntrail.cli.process;

import dev.conntrail.tracker.segment.IpAddress;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The sockets of a network namespace from its {@code net/tcp} and {@code net/tcp6} files
 * ({@code /proc/net/tcp} for conntrail's own, {@code /proc/PID/net/tcp} for another process's).
 *
 * <pre>
 *   sl  local_address rem_address   st tx_queue rx_queue tr tm-&gt;when retrnsmt   uid  timeout inode
 *    0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 41577 1 ...
 * </pre>
 *
 * Addresses are the kernel's 32-bit words printed as host-order hex ({@code %08X}), so on a little-endian
 * machine {@code 0100007F} is 127.0.0.1; ports are plain hex. IPv4-mapped addresses in {@code tcp6} are
 * folded into IPv4 so that a dual-stack listener answers for IPv4 peers too.
 *
 * <p>Reading these files is expensive: the kernel walks its whole established hash table to produce them,
 * so even an empty {@code tcp6} costs milliseconds, and 5,000 sockets about 20 ms. A snapshot is therefore
 * reused until it is older than {@code minAgeFactor} times what reading it cost, which keeps this table
 * under {@code 1/minAgeFactor} of a core however often it is asked. It is the fallback behind
 * {@link SockDiag} and what unit tests drive through a fixture tree.
 */
final class ProcNetTcp implements SocketTable {
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    /** Addresses as two longs with IPv4 held IPv4-mapped, whichever file listed them. */
    private record Key(long localHi, long localLo, int localPort, long remoteHi, long remoteLo, int remotePort) {
    }

    private record Listening(long hi, long lo, boolean v6File, SocketEntry socket) {
    }

    private final Path netDir;
    private final LongSupplier clock;
    private final int minAgeFactor;
    private Map<Key, SocketEntry> connected = Map.of();
    private Map<Integer, List<Listening>> listeners = Map.of();
    private long readAt = Long.MIN_VALUE;
    private long readCost;

    /**
     * @param netDir        the directory holding {@code tcp} and {@code tcp6}
     * @param clock         monotonic nanoseconds
     * @param minAgeFactor  reuse a snapshot until it is this many times older than reading it took;
     *                      0 reads the files for every lookup (tests)
     */
    ProcNetTcp(Path netDir, LongSupplier clock, int minAgeFactor) {
        this.netDir = netDir;
        this.clock = clock;
        this.minAgeFactor = minAgeFactor;
    }

    @Override
    public SocketEntry connected(IpAddress local, int localPort, IpAddress remote, int remotePort) {
        refreshIfStale();
        return connected.get(new Key(local.hi(), local.lo(), localPort, remote.hi(), remote.lo(), remotePort));
    }

    @Override
    public SocketEntry listener(IpAddress local, int localPort) {
        refreshIfStale();
        SocketEntry any = null;
        for (Listening l : listeners.getOrDefault(localPort, List.of())) {
            if (l.hi == local.hi() && l.lo == local.lo()) {
                return l.socket; // bound to this very address: the kernel prefers it
            }
            boolean wildcard = l.hi == 0 && (l.lo == 0 || l.lo == IpAddress.V4_MAPPED_PREFIX);
            boolean familyFits = local.v6() ? l.v6File : true;
            if (wildcard && familyFits && any == null) {
                any = l.socket;
            }
        }
        return any;
    }

    private void refreshIfStale() {
        long now = clock.getAsLong();
        if (minAgeFactor > 0 && readAt != Long.MIN_VALUE && now - readAt < readCost * minAgeFactor) {
            return;
        }
        Map<Key, SocketEntry> c = new HashMap<>();
        Map<Integer, List<Listening>> l = new HashMap<>();
        read(netDir.resolve("tcp"), false, c, l);
        read(netDir.resolve("tcp6"), true, c, l);
        connected = c;
        listeners = l;
        long done = clock.getAsLong();
        readAt = done;
        readCost = Math.max(done - now, 1_000_000L);
    }

    /** Adds the rows of one file; a file that is missing or unreadable (no such namespace, no IPv6) adds none. */
    private static void read(Path file, boolean v6, Map<Key, SocketEntry> connected,
                             Map<Integer, List<Listening>> listeners) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return;
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        int lineStart = text.indexOf('\n') + 1; // the header
        long[] addr = new long[2];
        while (lineStart > 0 && lineStart < text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            parseLine(text.substring(lineStart, lineEnd), v6, addr, connected, listeners);
            lineStart = lineEnd + 1;
        }
    }

    /** One row; rows that do not parse (a format this code does not know) are skipped. */
    private static void parseLine(String line, boolean v6, long[] addr, Map<Key, SocketEntry> connected,
                                  Map<Integer, List<Listening>> listeners) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10) {
            return;
        }
        try {
            int colon = f[1].indexOf(':');
            int rcolon = f[2].indexOf(':');
            if (colon < 0 || rcolon < 0) {
                return;
            }
            parseAddress(f[1].substring(0, colon), addr);
            long lhi = addr[0];
            long llo = addr[1];
            int lport = Integer.parseInt(f[1].substring(colon + 1), 16);
            parseAddress(f[2].substring(0, rcolon), addr);
            long rhi = addr[0];
            long rlo = addr[1];
            int rport = Integer.parseInt(f[2].substring(rcolon + 1), 16);
            KernelTcpState state = KernelTcpState.of(Integer.parseInt(f[3], 16));
            int uid = Integer.parseInt(f[7]);
            long inode = Long.parseLong(f[9]);
            SocketEntry s = new SocketEntry(state, uid, inode);
            if (state == KernelTcpState.LISTEN) {
                listeners.computeIfAbsent(lport, p -> new ArrayList<>(2)).add(new Listening(lhi, llo, v6, s));
            } else {
                // A request socket and, after accept(), the full socket can share a tuple for an instant:
                // keep the one that names a file.
                connected.merge(new Key(lhi, llo, lport, rhi, rlo, rport), s,
                        (a, b) -> b.hasOwner() ? b : a);
            }
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            // not a row of the known format; skip it
        }
    }

    /** 8 or 32 hex digits, each 32-bit word in host order, into IPv4-mapped or IPv6 {hi, lo}. */
    static void parseAddress(String hex, long[] out) {
        if (hex.length() == 8) {
            out[0] = 0;
            out[1] = IpAddress.mappedV4(networkWord(hex, 0));
            return;
        }
        if (hex.length() != 32) {
            throw new NumberFormatException("address of " + hex.length() + " hex digits");
        }
        long hi = ((long) networkWord(hex, 0) << 32) | (networkWord(hex, 8) & 0xFFFF_FFFFL);
        long lo = ((long) networkWord(hex, 16) << 32) | (networkWord(hex, 24) & 0xFFFF_FFFFL);
        out[0] = hi;
        out[1] = lo;
    }

    private static int networkWord(String hex, int from) {
        int w = Integer.parseUnsignedInt(hex.substring(from, from + 8), 16);
        return LITTLE_ENDIAN ? Integer.reverseBytes(w) : w;
    }
}
