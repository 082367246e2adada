package dev.conntrail.tracker;

/**
 * One doubly linked list per {@link TimeoutClass}, threaded through the store's link words, in the order
 * connections were listed; finding what expires next is a look at each list's head.
 *
 * <p>A packet does not move its connection: its deadline (last packet time plus the class's timeout) only
 * grows, so a list stays ordered by the deadline each entry had when it was listed, which is never later
 * than its real one. When a head comes due, the tracker checks the real deadline and either expires the
 * connection or lists it again at the back.
 *
 * <p>Deadlines mostly arrive in order (packet time moves forward and one class has one timeout), so an
 * insertion walks back from the tail only past the few entries with a later deadline.
 */
final class TimeoutLists {
    private final ConnectionStore store;
    private final int[] heads = new int[TimeoutClass.VALUES.length];
    private final int[] tails = new int[TimeoutClass.VALUES.length];
    /** The deadline of each list's head (Long.MAX_VALUE when empty), so that no slab read is needed per packet. */
    private final long[] headDeadlines = new long[TimeoutClass.VALUES.length];

    TimeoutLists(ConnectionStore store) {
        this.store = store;
        java.util.Arrays.fill(heads, ConnectionStore.NIL);
        java.util.Arrays.fill(tails, ConnectionStore.NIL);
        java.util.Arrays.fill(headDeadlines, Long.MAX_VALUE);
    }

    int head(TimeoutClass c) {
        return heads[c.ordinal()];
    }

    /** The class a slot is listed in, or null. */
    TimeoutClass classOf(int slot) {
        int c = store.timeoutClass(slot);
        return c == 0 ? null : TimeoutClass.VALUES[c - 1];
    }

    /** Lists (or re-lists) a slot in a class; its deadline follows from the class and its packet times. */
    void place(int slot, TimeoutClass c) {
        if (store.timeoutClass(slot) != 0) {
            unlink(slot);
        }
        store.setTimeoutClass(slot, c.ordinal() + 1);
        long deadline = store.deadline(slot);
        int ci = c.ordinal();
        int after = tails[ci];
        while (after != ConnectionStore.NIL && store.deadline(after) > deadline) {
            after = store.prev(after);
        }
        int before = after == ConnectionStore.NIL ? heads[ci] : store.next(after);
        store.setPrev(slot, after);
        store.setNext(slot, before);
        if (after == ConnectionStore.NIL) {
            heads[ci] = slot;
            headDeadlines[ci] = deadline;
        } else {
            store.setNext(after, slot);
        }
        if (before == ConnectionStore.NIL) {
            tails[ci] = slot;
        } else {
            store.setPrev(before, slot);
        }
    }

    /** Takes a slot off its list. */
    void unlink(int slot) {
        int c = store.timeoutClass(slot);
        if (c == 0) {
            return;
        }
        int ci = c - 1;
        int prev = store.prev(slot);
        int next = store.next(slot);
        if (prev == ConnectionStore.NIL) {
            heads[ci] = next;
            headDeadlines[ci] = next == ConnectionStore.NIL ? Long.MAX_VALUE : store.deadline(next);
        } else {
            store.setNext(prev, next);
        }
        if (next == ConnectionStore.NIL) {
            tails[ci] = prev;
        } else {
            store.setPrev(next, prev);
        }
        store.setTimeoutClass(slot, 0);
        store.setPrev(slot, ConnectionStore.NIL);
        store.setNext(slot, ConnectionStore.NIL);
    }

    /** The earliest deadline over all lists (Long.MAX_VALUE when all are empty). */
    long earliestDeadline() {
        long best = Long.MAX_VALUE;
        for (long d : headDeadlines) {
            best = Math.min(best, d);
        }
        return best;
    }

    /** The slot whose deadline is earliest over all lists, or NIL. */
    int earliest() {
        int best = ConnectionStore.NIL;
        long bestDeadline = Long.MAX_VALUE;
        for (int i = 0; i < heads.length; i++) {
            if (heads[i] != ConnectionStore.NIL && headDeadlines[i] < bestDeadline) {
                best = heads[i];
                bestDeadline = headDeadlines[i];
            }
        }
        return best;
    }
}
