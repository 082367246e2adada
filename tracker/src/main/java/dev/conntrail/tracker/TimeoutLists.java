package dev.conntrail.tracker;

/**
 * One doubly linked list per {@link TimeoutClass}, threaded through the store's link words and kept in
 * deadline order, so that finding what expires next is a look at each list's head.
 *
 * <p>Deadlines mostly arrive in order (packet time moves forward and one class has one timeout), so an
 * insertion walks back from the tail only past the few entries with a later deadline.
 */
final class TimeoutLists {
    private final ConnectionStore store;
    private final int[] heads = new int[TimeoutClass.VALUES.length];
    private final int[] tails = new int[TimeoutClass.VALUES.length];

    TimeoutLists(ConnectionStore store) {
        this.store = store;
        java.util.Arrays.fill(heads, ConnectionStore.NIL);
        java.util.Arrays.fill(tails, ConnectionStore.NIL);
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

    /** The slot whose deadline is earliest over all lists, or NIL. */
    int earliest() {
        int best = ConnectionStore.NIL;
        long bestDeadline = Long.MAX_VALUE;
        for (int h : heads) {
            if (h != ConnectionStore.NIL && store.deadline(h) < bestDeadline) {
                best = h;
                bestDeadline = store.deadline(h);
            }
        }
        return best;
    }
}
