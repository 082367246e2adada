package dev.conntrail.cli.process;

import dev.conntrail.tracker.event.FourTuple;
import dev.conntrail.tracker.segment.IpAddress;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
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
 * An end that is not found as {@link Unknown#GONE} or {@link Unknown#NOT_FOUND} is looked up once more
 * {@link #RETRY_NANOS} later, which also covers the moment of the SYN-ACK.
 */
public final class ProcessResolver implements Resolver {
    /** Lookups waiting beyond this many are answered {@link Unknown#OVERLOADED}. */
    public static final int QUEUE_CAPACITY = 4096;
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

    /** Reads every process once (the starting index, tens of milliseconds on a busy host), then starts answering. */
    public ProcessResolver start() {
        prime();
        thread.start();
        return this;
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
        for (Lookup l : retries) {
            l.complete(Owners.OVERLOADED);
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
        while (running) {
            Lookup next;
            try {
                Lookup due = retries.peek();
                if (due != null && clock.getAsLong() >= due.submittedNanos() + RETRY_NANOS) {
                    next = retries.poll();
                } else {
                    long wait = due == null ? 100_000_000L
                            : Math.max(0, due.submittedNanos() + RETRY_NANOS - clock.getAsLong());
                    next = queue.poll(wait, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        continue;
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
            handle(next);
        }
    }

    private void handle(Lookup l) {
        long start = clock.getAsLong();
        Owners answer;
        try {
            answer = resolve(l.tuple(), l.partial);
        } catch (RuntimeException e) {
            warnOnce("process lookup failed: " + e);
            answer = new Owners(Unknown.NOT_FOUND, Unknown.NOT_FOUND);
        }
        l.attempts++;
        long end = clock.getAsLong();
        busyNanos += end - start;
        if (l.attempts == 1) {
            lookups++;
            waitedNanos += start - l.submittedNanos();
        }
        if (l.attempts == 1 && (retryable(answer.orig()) || retryable(answer.resp()))) {
            l.partial = answer;
            retries.add(l);
            return;
        }
        ends += 2;
        named += (answer.orig() instanceof ProcessOwner ? 1 : 0) + (answer.resp() instanceof ProcessOwner ? 1 : 0);
        l.complete(answer);
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

    /** Both ends, now; ends already named in {@code known} are kept. */
    Owners resolve(FourTuple t, Owners known) {
        Attribution orig = known != null && known.orig() instanceof ProcessOwner ? known.orig()
                : end(t.origAddr(), t.origPort(), t.respAddr(), t.respPort(), false);
        Attribution resp = known != null && known.resp() instanceof ProcessOwner ? known.resp()
                : end(t.respAddr(), t.respPort(), t.origAddr(), t.origPort(), true);
        return new Owners(orig, resp);
    }

    Owners resolve(FourTuple t) {
        return resolve(t, null);
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
            FdIndex.Found f = index.find(socket.inode(), socket.uid(), ns.inode, listenerPid <= 0, stillOpen,
                    listenerPid);
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
