package dev.conntrail.cli.process;

import dev.conntrail.tracker.event.FourTuple;
import dev.conntrail.tracker.segment.IpAddress;
import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Names the processes at both ends of a connection, on a thread of its own so that the capture thread never
 * waits for {@code /proc}.
 *
 * <p>For each end whose address belongs to a network namespace on this host:
 * <ol>
 *   <li>the socket: the one with the end's 4-tuple in that namespace's {@link SocketTable}; for the
 *       responder (server) end, when that socket has no file yet (a request socket in SYN-RECV, before
 *       {@code accept()}) or does not exist yet, the listener on the end's address and port, whose owner
 *       is the program that will accept it. The originator's socket exists, in SYN-SENT, before its SYN
 *       leaves, so it is always its own socket that is looked for;</li>
 *   <li>its owner: the socket's inode through {@link FdIndex}, with the listener's owner read first for a
 *       server end;</li>
 *   <li>the owner's command, user and command line (and cgroup, in another namespace) through
 *       {@link ProcessTable}.</li>
 * </ol>
 * The originator's end is looked up first, for every lookup waiting, and the responders' ends after: a
 * client's socket may close within milliseconds, while a server's end is named by its listener for as long
 * as it listens. An end that is not found as {@link Unknown#GONE} or {@link Unknown#NOT_FOUND} is looked up
 * once more {@link #RETRY_NANOS} after the connection opened, which also covers the moment of the SYN-ACK.
 *
 * <p>The thread runs at a raised priority ({@link #raiseThreadPriority()}), and the lookup path is warmed
 * up before the first real lookup ({@link #warmUp}).
 */
public final class ProcessResolver implements Resolver {
    /** Lookups waiting beyond this many are answered {@link Unknown#OVERLOADED}. */
    public static final int QUEUE_CAPACITY = 4096;
    /** The nice value of the threads an answer waits for (ordinary work runs at 0). */
    static final int URGENT_NICE = -10;
    /** Their scheduling slice: the shortest the kernel takes (0.1 ms). */
    static final long URGENT_SLICE_NANOS = 100_000L;
    /** {@code struct sched_attr} up to {@code sched_period} (SCHED_ATTR_SIZE_VER0), and its normal policy. */
    private static final long SCHED_ATTR_SIZE = 48;
    private static final int SCHED_OTHER = 0;
    /** Warm-up lookups at start, and the most time they may take. */
    static final int WARM_UP_ROUNDS = 3000;
    static final long WARM_UP_NANOS = 400_000_000L;
    /** Destinations whose last client is remembered. */
    static final int LAST_CLIENTS = 4096;
    /** Delay before an end that was not found is looked up a second time. */
    static final long RETRY_NANOS = 2_000_000L;

    /** Where socket tables come from. */
    public enum SocketSource {
        /** netlink sock_diag (exact lookups, microseconds), {@code /proc/PID/net/tcp} where it cannot be used. */
        NETLINK,
        /** {@code /proc/net/tcp} and {@code /proc/PID/net/tcp} only. */
        PROC
    }

    private final ProcFs fs;
    private final LongSupplier clock;
    private final FdIndex index;
    private final ProcessTable processes;
    private final Namespaces namespaces;
    private final PrintWriter warnings;
    private final BlockingQueue<Lookup> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    /**
     * Which process last held a client socket from an address to a server: the first one read for the next
     * such socket (a program that connects to a server once tends to connect to it again). Only an order of
     * search: the socket is still found in that process's descriptors, or elsewhere.
     */
    private record Destination(long netns, IpAddress local, IpAddress remote, int remotePort) {
    }

    private final Map<Destination, Integer> lastClients = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Destination, Integer> eldest) {
            return size() > LAST_CLIENTS;
        }
    };
    /** Lookups whose originator's end is answered, waiting for their responder's. */
    private final ArrayDeque<Lookup> servers = new ArrayDeque<>();
    private final ArrayDeque<Lookup> retries = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean closed;
    private boolean warnedFallback;
    private long lookups;
    private long ends;
    private long named;
    private long busyNanos;
    private long waitedNanos;

    /**
     * @param procRoot  the procfs root ({@code /proc}, or a fixture tree)
     * @param passwd    the passwd file that names users
     * @param source    where socket tables come from
     * @param clock     monotonic nanoseconds
     * @param warnings  where a one-time note about a slower fallback goes
     */
    public ProcessResolver(Path procRoot, Path passwd, SocketSource source, LongSupplier clock, PrintWriter warnings) {
        this.fs = new ProcFs(procRoot);
        this.clock = clock;
        this.warnings = warnings;
        this.index = new FdIndex(fs, clock);
        this.namespaces = new Namespaces(fs, clock, pid -> openTable(source, pid));
        this.processes = new ProcessTable(fs, passwd, namespaces.selfInode(), clock);
        this.thread = new Thread(this::loop, "conntrail-processes");
        this.thread.setDaemon(true);
    }

    /** Whether this system has a procfs to read at all. */
    public static boolean available(Path procRoot) {
        return Files.isDirectory(procRoot.resolve("self").resolve("fd"));
    }

    /**
     * Reads every process once (the starting index, tens of milliseconds on a busy host), warms the lookup
     * path up (see {@link #warmUp}), then starts answering.
     */
    public ProcessResolver start() {
        prime();
        warmUp(WARM_UP_ROUNDS, WARM_UP_NANOS);
        thread.start();
        return this;
    }

    /**
     * Makes the calling thread more urgent than ordinary work, when conntrail may (CAP_SYS_NICE, which root
     * has): nice {@link #URGENT_NICE} and, on Linux 6.12 and later (EEVDF), a scheduling slice of
     * {@link #URGENT_SLICE_NANOS} instead of the default few milliseconds, which lets the thread run as soon as
     * it wakes rather than when the task on its CPU has used its slice up. Its share of the CPU stays a
     * fair one (no real-time class: a flood of connections cannot starve the host). Meant for the threads an
     * answer waits for: the resolver's and the capture thread, which sees the SYN. Older kernels ignore the
     * slice. Returns null, or why the priority stays as it was.
     */
    public static String raiseThreadPriority() {
        String why = Libc.load();
        if (why != null) {
            return why;
        }
        long number = Libc.schedSetattrNumber();
        if (number > 0) {
            try (Memory attr = new Memory(SCHED_ATTR_SIZE)) {
                attr.clear();
                attr.setInt(0, (int) SCHED_ATTR_SIZE); // size
                attr.setInt(4, SCHED_OTHER); // policy
                attr.setLong(8, 0); // flags
                attr.setInt(16, URGENT_NICE); // sched_nice
                attr.setLong(24, URGENT_SLICE_NANOS); // sched_runtime: the slice, for a fair-class thread
                Libc.syscall(number, 0, attr, 0);
                return null;
            } catch (LastErrorException e) {
                // an older kernel that refuses the slice: the nice value alone
            }
        }
        try {
            Libc.setpriority(Libc.PRIO_PROCESS, 0, URGENT_NICE);
            return null;
        } catch (LastErrorException e) {
            return "setpriority: errno " + e.getErrorCode();
        }
    }

    /**
     * Looks up a loopback connection of conntrail's own, {@code rounds} times or for {@code budgetNanos},
     * whichever ends first, before any real lookup: the same calls (sock_diag, the index and a search of a
     * process's descriptors, naming the process), so that the JIT has compiled them by the time a
     * connection of a few milliseconds needs them; interpreted, the first lookups take milliseconds each.
     * Made before the capture opens, so the connection is never reported.
     */
    void warmUp(int rounds, long budgetNanos) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        index.warmingUp(true);
        try (ServerSocket server = new ServerSocket(0, 1, loopback);
             Socket client = new Socket(loopback, server.getLocalPort());
             Socket accepted = server.accept()) {
            IpAddress address = IpAddress.parse(loopback.getHostAddress());
            FourTuple t = new FourTuple(address, client.getLocalPort(), address, server.getLocalPort());
            SocketTable table = namespaces.table(namespaces.owning(address).get(0));
            SocketEntry c = table.connected(address, client.getLocalPort(), address, server.getLocalPort());
            SocketEntry a = table.connected(address, server.getLocalPort(), address, client.getLocalPort());
            long end = clock.getAsLong() + budgetNanos;
            for (int i = 0; i < rounds && clock.getAsLong() < end; i++) {
                if (i % 2 == 1 && c != null && a != null) {
                    index.forget(c.inode()); // the search, not only the index's hit
                    index.forget(a.inode());
                }
                if (i % 50 == 0) {
                    processes.forget(index.selfPid());
                    index.relist();
                }
                resolve(t);
            }
        } catch (IOException | RuntimeException e) {
            // The warm-up only saves time; lookups work without it.
        } finally {
            index.warmingUp(false);
            if (index.selfPid() > 0) {
                processes.forget(index.selfPid());
            }
        }
    }

    /** The starting index, without the thread: for tests that call {@link #resolve(FourTuple)} directly. */
    void prime() {
        index.build();
        namespaces.update(index.namespaces());
    }

    @Override
    public boolean submit(Lookup lookup) {
        return running && queue.offer(lookup);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Lookup l : queue) {
            l.complete(Owners.OVERLOADED);
        }
        for (Lookup l : servers) {
            l.complete(new Owners(l.orig, Unknown.OVERLOADED));
        }
        for (Lookup l : retries) {
            l.complete(new Owners(l.orig, l.resp));
        }
        namespaces.close();
    }

    /** How many descriptor links were read so far, and full passes made (for measurements and tests). */
    long descriptorsRead() {
        return index.descriptorsRead();
    }

    long passes() {
        return index.passes();
    }

    private void loop() {
        String why = raiseThreadPriority();
        if (why != null && warnings != null) {
            warnings.println("conntrail: -P: lookups run at normal priority (" + why + "): under load, connections "
                    + "of a few milliseconds may close before they are looked up");
            warnings.flush();
        }
        while (running) {
            try {
                Lookup next = queue.poll();
                if (next == null && !servers.isEmpty()) {
                    responder(servers.poll());
                    continue;
                }
                Lookup due = retries.peek();
                long now = clock.getAsLong();
                if (next == null && due != null && now >= due.submittedNanos() + RETRY_NANOS) {
                    retry(retries.poll());
                    continue;
                }
                if (next == null) {
                    long wait = due == null ? 100_000_000L : Math.max(0, due.submittedNanos() + RETRY_NANOS - now);
                    next = queue.poll(wait, TimeUnit.NANOSECONDS);
                }
                if (next != null) {
                    originator(next);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * The first half of a lookup: the originator's end, whose socket lives only as long as the client keeps
     * it open. Done for every lookup waiting before any responder's end, which its listener names for as
     * long as the server listens.
     */
    private void originator(Lookup l) {
        long start = clock.getAsLong();
        l.orig = safely(l.tuple(), false);
        long end = clock.getAsLong();
        lookups++;
        waitedNanos += start - l.submittedNanos();
        busyNanos += end - start;
        servers.add(l);
    }

    private void responder(Lookup l) {
        long start = clock.getAsLong();
        l.resp = safely(l.tuple(), true);
        busyNanos += clock.getAsLong() - start;
        l.attempts++;
        if (retryable(l.orig) || retryable(l.resp)) {
            retries.add(l);
        } else {
            complete(l);
        }
    }

    /** The second and last look at the ends that were not found. */
    private void retry(Lookup l) {
        long start = clock.getAsLong();
        if (!(l.orig instanceof ProcessOwner)) {
            l.orig = safely(l.tuple(), false);
        }
        if (!(l.resp instanceof ProcessOwner)) {
            l.resp = safely(l.tuple(), true);
        }
        busyNanos += clock.getAsLong() - start;
        l.attempts++;
        complete(l);
    }

    private void complete(Lookup l) {
        ends += 2;
        named += (l.orig instanceof ProcessOwner ? 1 : 0) + (l.resp instanceof ProcessOwner ? 1 : 0);
        l.complete(new Owners(l.orig, l.resp));
    }

    private Attribution safely(FourTuple t, boolean responder) {
        try {
            return end(t, responder);
        } catch (RuntimeException e) {
            warnOnce("process lookup failed: " + e);
            return Unknown.NOT_FOUND;
        }
    }

    /**
     * One line on what the resolver did: lookups, ends named, time spent and waited, descriptor links read,
     * passes over every process.
     */
    public String summary() {
        return String.format("%d lookups, %d of %d ends named; %.1f ms spent (%.0f us a lookup), %.0f us waited "
                + "in the queue on average; %d descriptor links read, %d full passes", lookups, named, ends,
                busyNanos / 1e6, lookups == 0 ? 0 : busyNanos / 1e3 / lookups,
                lookups == 0 ? 0 : waitedNanos / 1e3 / lookups, index.descriptorsRead(), index.passes());
    }

    private static boolean retryable(Attribution a) {
        return a == Unknown.GONE || a == Unknown.NOT_FOUND;
    }

    /** Both ends, now. */
    Owners resolve(FourTuple t) {
        return new Owners(end(t, false), end(t, true));
    }

    /** One end of {@code t}: the originator's, or the responder's. */
    private Attribution end(FourTuple t, boolean responder) {
        return responder ? end(t.respAddr(), t.respPort(), t.origAddr(), t.origPort(), true)
                : end(t.origAddr(), t.origPort(), t.respAddr(), t.respPort(), false);
    }

    private Attribution end(IpAddress local, int localPort, IpAddress remote, int remotePort, boolean responder) {
        List<Namespaces.Netns> owning = namespaces.owning(local);
        if (owning.isEmpty() && namespaces.stale()) {
            index.relist(); // new processes may live in new namespaces
            namespaces.update(index.namespaces());
            owning = namespaces.owning(local);
        }
        if (owning.isEmpty()) {
            return Unknown.NOT_LOCAL;
        }
        Attribution best = Unknown.GONE;
        for (Namespaces.Netns ns : owning) {
            Attribution a = endIn(ns, local, localPort, remote, remotePort, responder);
            if (a instanceof ProcessOwner) {
                return a;
            }
            if (best == Unknown.GONE) {
                best = a;
            }
        }
        return best;
    }

    private Attribution endIn(Namespaces.Netns ns, IpAddress local, int localPort, IpAddress remote, int remotePort,
                              boolean responder) {
        SocketTable table = namespaces.table(ns);
        SocketEntry socket = table.connected(local, localPort, remote, remotePort);
        SocketEntry listener = responder ? table.listener(local, localPort) : null;
        int listenerPid = -1;
        FdIndex.Found viaListener = null;
        if (listener != null && listener.hasOwner()) {
            viaListener = index.find(listener.inode(), listener.uid(), ns.inode, false,
                    () -> sameSocket(table.listener(local, localPort), listener), -1);
            listenerPid = viaListener.pid();
        }
        if (socket != null && socket.hasOwner()) {
            // A server's accepted socket is looked for in the listener's owner first, so the server need not
            // take a place among the processes that open sockets.
            BooleanSupplier stillOpen = () -> sameSocket(table.connected(local, localPort, remote, remotePort), socket);
            Destination to = responder ? null : new Destination(ns.inode, local, remote, remotePort);
            int likely = responder ? listenerPid : lastClients.getOrDefault(to, -1);
            FdIndex.Found f = index.find(socket.inode(), socket.uid(), ns.inode, listenerPid <= 0, stillOpen, likely);
            if (to != null && f.pid() > 0) {
                lastClients.put(to, f.pid());
            }
            Attribution a = describe(f);
            if (!(a instanceof ProcessOwner) && listenerPid <= 0 && !stillOpen.getAsBoolean()) {
                return Unknown.GONE; // it closed while its holder was searched for
            }
            if (a instanceof ProcessOwner || listenerPid <= 0) {
                return a;
            }
        }
        if (viaListener != null) {
            return describe(viaListener);
        }
        return Unknown.GONE;
    }

    /** Whether the kernel still has the socket that was found before: the same inode at the same address. */
    private static boolean sameSocket(SocketEntry now, SocketEntry seen) {
        return now != null && now.inode() == seen.inode();
    }

    private Attribution describe(FdIndex.Found f) {
        if (f.pid() > 0) {
            ProcessOwner o = processes.describe(f.pid());
            return o != null ? o : Unknown.GONE;
        }
        if (f.gone()) {
            return Unknown.GONE;
        }
        if (f.skipped()) {
            return Unknown.OVERLOADED;
        }
        return f.denied() ? Unknown.NO_PERMISSION : Unknown.NOT_FOUND;
    }

    private SocketTable openTable(SocketSource source, int pid) {
        Path netDir = pid < 0 ? fs.root().resolve("net") : fs.pidDir(pid).resolve("net");
        if (source == SocketSource.NETLINK) {
            try {
                return pid < 0 ? SockDiag.open() : SockDiag.openIn(fs.pidDir(pid).resolve("ns").resolve("net").toString());
            } catch (ProcessLookupException e) {
                warnOnce(e.getMessage() + "; reading " + netDir + "/tcp instead (slower: looked at most a few "
                        + "times a second, so connections shorter than that may go unnamed)");
            }
        }
        return new ProcNetTcp(netDir, clock, source == SocketSource.NETLINK ? 20 : 0);
    }

    private void warnOnce(String message) {
        if (!warnedFallback && warnings != null) {
            warnedFallback = true;
            warnings.println("conntrail: -P: " + message);
            warnings.flush();
        }
    }
}
