package dev.conntrail.cli.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
 *       youngest first, stopping at the socket; but only when the last such pass is far enough behind: a
 *       pass may cost at most {@link #PASS_DUTY} of the time since the previous one ended.</li>
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
    /** A full pass may take at most this share of the time since the previous one. */
    static final double PASS_DUTY = 0.02;
    /** And passes are at least this far apart (a pass that stopped at once costs next to nothing). */
    static final long PASS_GAP_NANOS = 1_000_000L;

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
    record Found(int pid, boolean denied, boolean skipped) {
        static final Found NONE = new Found(-1, false, false);
    }

    private final ProcFs fs;
    private final LongSupplier clock;
    private final Map<Long, Holder> owners = new HashMap<>();
    private final Map<Integer, Proc> procs = new HashMap<>();
    private final ArrayDeque<Integer> hot = new ArrayDeque<>(HOT);
    private long passAllowedAt = Long.MIN_VALUE;
    private long descriptorsRead;
    private long passes;

    FdIndex(ProcFs fs, LongSupplier clock) {
        this.fs = fs;
        this.clock = clock;
    }

    /** Reads every process once: the index conntrail starts with. */
    void build() {
        long start = clock.getAsLong();
        listProcesses();
        for (Proc p : procs.values()) {
            search(p, 0, true);
        }
        endPass(start);
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

    /** Whether a process is still listed (it may have exited since). */
    boolean knows(int pid) {
        return procs.containsKey(pid);
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
     * @param uid    the socket's user, to read that user's processes first in a full pass; -1 if unknown
     * @param netns  the socket's network namespace (only its processes are searched); -1 for any
     * @param promote whether the owner counts as a process that opens sockets (false for a listener:
     *                its owner is named by the listener, not searched for)
     * @param likely processes to read before any other
     */
    Found find(long inode, int uid, long netns, boolean promote, int... likely) {
        Holder h = owners.get(inode);
        if (h != null) {
            long now = fs.socketInode(h.pid, h.fd);
            if (now == inode) {
                return promote ? hit(h.pid) : new Found(h.pid, false, false);
            }
            owners.remove(inode);
        }
        boolean denied = false;
        for (int pid : likely) {
            Proc p = procs.get(pid);
            if (p != null && search(p, inode, false)) {
                return promote ? hit(pid) : new Found(pid, false, false);
            }
        }
        for (Integer pid : hot.toArray(new Integer[0])) {
            Proc p = procs.get(pid);
            if (p != null && search(p, inode, false)) {
                return hit(pid);
            }
        }
        for (Proc p : listProcesses()) {
            if (search(p, inode, true)) {
                return hit(p.pid);
            }
        }
        long start = clock.getAsLong();
        if (start < passAllowedAt) {
            return new Found(-1, false, true);
        }
        List<Proc> order = new ArrayList<>(procs.size());
        for (Proc p : procs.values()) {
            if (netns < 0 || p.netns == netns || p.netns < 0) {
                order.add(p);
            }
        }
        // The socket's user's processes first, then the youngest: a program that has not opened a socket
        // since it was last read is most often one that started a moment ago.
        order.sort((a, b) -> a.uid == uid && b.uid != uid ? -1 : a.uid != uid && b.uid == uid ? 1
                : Integer.compare(b.pid, a.pid));
        try {
            for (Proc p : order) {
                if (search(p, inode, true)) {
                    return hit(p.pid);
                }
                denied |= p.denied;
            }
        } finally {
            endPass(start);
        }
        return new Found(-1, denied, false);
    }

    private Found hit(int pid) {
        promote(pid);
        return new Found(pid, false, false);
    }

    private void promote(int pid) {
        if (!hot.isEmpty() && hot.peekFirst() == pid) {
            return;
        }
        hot.remove(pid);
        if (hot.size() == HOT) {
            hot.removeLast();
        }
        hot.addFirst(pid);
    }

    private void endPass(long start) {
        long end = clock.getAsLong();
        passAllowedAt = end + Math.max(PASS_GAP_NANOS, (long) ((end - start) / PASS_DUTY));
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
