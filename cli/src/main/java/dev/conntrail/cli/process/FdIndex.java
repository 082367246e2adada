package dev.conntrail.cli.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Socket inode to owning process, built from {@code /proc/PID/fd} and kept up to date by the cheapest
 * means that can answer, so that a busy host is never scanned whole per connection:
 *
 * <ol>
 *   <li>the index itself, each hit checked with one {@code readlink} of the descriptor it remembers;</li>
 *   <li>processes named as likely owners (the listener's, for the server side), then the processes that
 *       most recently owned a new socket, newest first: a program that opens one connection tends to open
 *       the next one too;</li>
 *   <li>processes that appeared since the last listing of {@code /proc};</li>
 *   <li>every process of the socket's network namespace, those of the socket's user first and then the
 *       youngest first, stopping at the socket; but only while passes have cost no more than
 *       {@link #PASS_DUTY} of the time conntrail has run, with a burst of {@link #PASS_BURST_NANOS} allowed
 *       (several programs starting at once each need one for their first connection).</li>
 * </ol>
 *
 * Within one process, descriptors are read in the order most likely to reach a new socket soonest:
 * descriptor numbers not seen before, then those that were sockets (a closed socket's number is the
 * lowest free one, so the next socket takes it), then the rest; the search stops at the socket.
 * Not thread-safe: the resolver thread owns it.
 */
final class FdIndex {
    /** The most recent owners of new sockets kept to ask first. */
    static final int HOT = 16;
    /** Full passes may take at most this share of the time, on average. */
    static final double PASS_DUTY = 0.02;
    /** The pass time that may be spent at once when none was spent for a while. */
    static final long PASS_BURST_NANOS = 20_000_000L;
    /** What a pass is charged at least (one that stopped at once still listed every process). */
    static final long PASS_MIN_CHARGE_NANOS = 1_000_000L;
    /** How often a full pass asks whether the socket it looks for still exists. */
    static final long OPEN_CHECK_NANOS = 200_000L;

    /** Where a socket was last seen: a process and its descriptor. */
    private record Holder(int pid, int fd) {
    }

    /** One process as last read. */
    private static final class Proc {
        final int pid;
        final long netns;
        final int uid;
        /** Descriptor to socket inode (0: not a socket) as last read. */
        final Map<Integer, Long> fds = new HashMap<>();
        boolean denied;
        /** Read whole at least once: new sockets found from now on are new to it. */
        boolean read;

        Proc(int pid, long netns, int uid) {
            this.pid = pid;
            this.netns = netns;
            this.uid = uid;
        }
    }

    /** How a search ended: the owner's PID, or none and why. */
    record Found(int pid, boolean denied, boolean skipped, boolean gone) {
        /** No pass was allowed yet (see {@link #PASS_DUTY}). */
        static final Found SKIPPED = new Found(-1, false, true, false);
        /** The socket closed while it was searched for. */
        static final Found GONE = new Found(-1, false, false, true);
    }

    private final ProcFs fs;
    private final LongSupplier clock;
    private final Map<Long, Holder> owners = new HashMap<>();
    private final Map<Integer, Proc> procs = new HashMap<>();
    private final ArrayDeque<Integer> hot = new ArrayDeque<>(HOT);
    private final int selfPid;
    private boolean warmingUp;
    /** Pass time that may be spent now (negative: owed), as of {@link #creditAt}. */
    private long passCredit = PASS_BURST_NANOS;
    private long creditAt;
    private long descriptorsRead;
    private long passes;

    FdIndex(ProcFs fs, LongSupplier clock) {
        this.fs = fs;
        this.clock = clock;
        this.selfPid = fs.selfPid();
        this.creditAt = clock.getAsLong();
    }

    int selfPid() {
        return selfPid;
    }

    /**
     * While warming up, conntrail's own process is searched like any other (its own loopback connection is
     * what the warm-up looks up); afterwards it is read only in a full pass, and last.
     */
    void warmingUp(boolean on) {
        warmingUp = on;
        if (!on) {
            hot.remove((Integer) selfPid);
        }
    }

    /** Forgets where a socket was seen, so that the next {@link #find} searches for it (the warm-up's rounds). */
    void forget(long inode) {
        owners.remove(inode);
    }

    /**
     * Reads every process once: the index conntrail starts with. A one-time cost of starting, like the JVM's,
     * so it is not charged to the passes' budget.
     */
    void build() {
        listProcesses();
        for (Proc p : procs.values()) {
            search(p, 0, true);
        }
        passes++;
        creditAt = clock.getAsLong();
    }

    /** Lists {@code /proc} again and reads the processes that are new since the last listing. */
    void relist() {
        for (Proc p : listProcesses()) {
            search(p, 0, true);
        }
    }

    /** The network namespaces the known processes live in, each with one of its processes. */
    Map<Long, Integer> namespaces() {
        Map<Long, Integer> ns = new HashMap<>();
        for (Proc p : procs.values()) {
            if (p.netns >= 0) {
                ns.putIfAbsent(p.netns, p.pid);
            }
        }
        return ns;
    }

    long descriptorsRead() {
        return descriptorsRead;
    }

    long passes() {
        return passes;
    }

    /**
     * The process holding socket {@code inode}.
     *
     * @param uid       the socket's user, to read that user's processes first in a full pass; -1 if unknown
     * @param netns     the socket's network namespace (only its processes are searched); -1 for any
     * @param promote   whether the owner counts as a process that opens sockets (false for a listener:
     *                  its owner is named by the listener, not searched for)
     * @param stillOpen asked before a full pass and during it (at most every {@link #OPEN_CHECK_NANOS}):
     *                  whether the socket still exists; once it does not, no process can hold it and the
     *                  search ends as {@link Found#GONE} instead of reading every process for nothing
     * @param likely    a process to read before any other; -1 for none
     */
    Found find(long inode, int uid, long netns, boolean promote, BooleanSupplier stillOpen, int likely) {
        Holder h = owners.get(inode);
        if (h != null) {
            long now = fs.socketInode(h.pid, h.fd);
            if (now == inode) {
                return promote ? hit(h.pid) : new Found(h.pid, false, false, false);
            }
            owners.remove(inode);
        }
        if (likely > 0) {
            Proc p = procs.get(likely);
            if (p != null && search(p, inode, false)) {
                return promote ? hit(likely) : new Found(likely, false, false, false);
            }
        }
        for (Integer pid : hot.toArray(new Integer[0])) {
            Proc p = procs.get(pid);
            if (p != null && pid != likely && (netns < 0 || p.netns == netns || p.netns < 0)
                    && search(p, inode, false)) {
                return hit(pid);
            }
        }
        for (Proc p : listProcesses()) {
            if (p.pid != selfPid && search(p, inode, true)) {
                return hit(p.pid);
            }
        }
        if (!stillOpen.getAsBoolean()) {
            return Found.GONE;
        }
        long start = clock.getAsLong();
        if (credit(start) <= 0) {
            return Found.SKIPPED;
        }
        List<Proc> order = new ArrayList<>(procs.size());
        for (Proc p : procs.values()) {
            if (netns < 0 || p.netns == netns || p.netns < 0) {
                order.add(p);
            }
        }
        // The socket's user's processes first, then the youngest: a program that has not opened a socket
        // since it was last read is most often one that started a moment ago. conntrail itself last: it
        // opens no TCP connections of its own.
        order.sort((a, b) -> a.pid == selfPid ? (b.pid == selfPid ? 0 : 1) : b.pid == selfPid ? -1
                : a.uid == uid && b.uid != uid ? -1 : a.uid != uid && b.uid == uid ? 1
                : Integer.compare(b.pid, a.pid));
        boolean denied = false;
        long checkedAt = start;
        try {
            for (Proc p : order) {
                if (search(p, inode, true)) {
                    return hit(p.pid);
                }
                denied |= p.denied;
                long now = clock.getAsLong();
                if (now - checkedAt >= OPEN_CHECK_NANOS) {
                    checkedAt = now;
                    if (!stillOpen.getAsBoolean()) {
                        return Found.GONE;
                    }
                }
            }
        } finally {
            endPass(start);
        }
        return new Found(-1, denied, false, false);
    }

    private Found hit(int pid) {
        promote(pid);
        return new Found(pid, false, false, false);
    }

    private void promote(int pid) {
        if (pid == selfPid && !warmingUp) {
            return; // conntrail's own netlink sockets do not make it a process that opens connections
        }
        if (!hot.isEmpty() && hot.peekFirst() == pid) {
            return;
        }
        hot.remove(pid);
        if (hot.size() == HOT) {
            hot.removeLast();
        }
        hot.addFirst(pid);
    }

    /** The pass time that may be spent at {@code now}: what was left, plus the duty's share of the time since. */
    private long credit(long now) {
        passCredit = Math.min(PASS_BURST_NANOS, passCredit + (long) ((now - creditAt) * PASS_DUTY));
        creditAt = now;
        return passCredit;
    }

    private void endPass(long start) {
        long end = clock.getAsLong();
        credit(end);
        passCredit -= Math.max(PASS_MIN_CHARGE_NANOS, end - start);
        passes++;
    }

    /**
     * Lists {@code /proc}: forgets processes that are gone (and the sockets they held) and adds new ones.
     * Returns the new ones, newest PID first, not yet read.
     */
    private List<Proc> listProcesses() {
        int[] now = fs.pids();
        java.util.Set<Integer> present = new java.util.HashSet<>(now.length * 2);
        List<Proc> added = new ArrayList<>();
        for (int pid : now) {
            present.add(pid);
            if (!procs.containsKey(pid)) {
                Proc p = new Proc(pid, fs.netns(pid), fs.ownerUid(pid));
                procs.put(pid, p);
                added.add(p);
            }
        }
        Iterator<Map.Entry<Integer, Proc>> it = procs.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, Proc> e = it.next();
            if (!present.contains(e.getKey())) {
                forget(e.getValue());
                it.remove();
                hot.remove(e.getKey());
            }
        }
        added.sort((a, b) -> Integer.compare(b.pid, a.pid));
        return added;
    }

    private void forget(Proc p) {
        for (Long inode : p.fds.values()) {
            if (inode > 0) {
                Holder h = owners.get(inode);
                if (h != null && h.pid == p.pid) {
                    owners.remove(inode);
                }
            }
        }
    }

    /**
     * Reads a process's descriptors, most promising first, recording every socket met; stops at
     * {@code target} (0 reads them all). Returns whether it was found. Unless {@code thorough}, descriptors
     * that were something other than a socket when last read are not read again: a quick look at a likely
     * owner, which leaves the rare reuse of a file's number by a socket to a full pass.
     */
    private boolean search(Proc p, long target, boolean thorough) {
        int[] listed = fs.fds(p.pid);
        if (listed == null) {
            p.denied = fs.exists(p.pid);
            return false;
        }
        p.denied = false;
        java.util.Set<Integer> present = new java.util.HashSet<>(listed.length * 2);
        int[] fresh = new int[listed.length];
        int[] sockets = new int[listed.length];
        int[] others = new int[listed.length];
        int nf = 0;
        int ns = 0;
        int no = 0;
        for (int fd : listed) {
            present.add(fd);
            Long known = p.fds.get(fd);
            if (known == null) {
                fresh[nf++] = fd;
            } else if (known > 0) {
                sockets[ns++] = fd;
            } else {
                others[no++] = fd;
            }
        }
        Iterator<Map.Entry<Integer, Long>> it = p.fds.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, Long> e = it.next();
            if (!present.contains(e.getKey())) {
                dropSocket(p.pid, e.getValue());
                it.remove();
            }
        }
        java.util.Arrays.sort(sockets, 0, ns);
        boolean found = read(p, fresh, nf, target) || read(p, sockets, ns, target)
                || thorough && read(p, others, no, target);
        p.read = true;
        return found;
    }

    private boolean read(Proc p, int[] fds, int n, long target) {
        for (int i = 0; i < n; i++) {
            int fd = fds[i];
            long inode = fs.socketInode(p.pid, fd);
            descriptorsRead++;
            if (inode < 0) {
                p.fds.remove(fd);
                continue; // closed while we read, or not readable
            }
            Long before = p.fds.put(fd, inode);
            if (before != null && before != inode) {
                dropSocket(p.pid, before);
            }
            if (inode > 0 && (before == null || before != inode) && p.read) {
                promote(p.pid); // a socket it did not have when last read: it opens sockets
            }
            if (inode > 0) {
                owners.putIfAbsent(inode, new Holder(p.pid, fd));
                if (inode == target) {
                    owners.put(inode, new Holder(p.pid, fd));
                    return true;
                }
            }
        }
        return false;
    }

    private void dropSocket(int pid, Long inode) {
        if (inode != null && inode > 0) {
            Holder h = owners.get(inode);
            if (h != null && h.pid == pid) {
                owners.remove(inode);
            }
        }
    }
}
