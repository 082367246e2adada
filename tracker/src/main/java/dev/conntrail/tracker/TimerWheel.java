package dev.conntrail.tracker;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * When connections time out: a hashed timer wheel of {@value #BUCKETS} buckets, each
 * {@code 2^}{@value #TICK_SHIFT} ns (about 1.07 s) of packet time, threaded through the store's link words.
 * A turn of the wheel is about 2.44 h, longer than every default timeout (established connections: 2 h), so
 * buckets in walking order are deadlines in order and eviction takes the connection nearest its timeout.
 * (With 17 ms ticks a turn was 137 s: a 2 h deadline was listed by its remainder modulo the turn, and an
 * eviction could take a connection that had spoken a minute after the one it spared. Only an
 * {@code --idle-timeout} above 2.44 h brings that back, for those connections.)
 *
 * <p>A connection is listed in the bucket of its deadline (last packet time plus its class's timeout).
 * A packet does not move it: its deadline only grows, and the wheel catches up lazily. When packet time
 * has passed a bucket, the bucket is swept once: a connection whose deadline has come expires; one whose
 * deadline moved on (packets came) is listed again in its new bucket; one whose deadline lies a full turn
 * of the wheel or more ahead stays. Listing, unlisting and moving are O(1) and touch at most two neighbours.
 *
 * <p>The sweep runs when a bucket's time is over, so an expiry is noticed up to one tick late. The tracker
 * keeps the outcome exact: a connection whose deadline has passed is retired as timed out (at its deadline)
 * before it is handed a segment, chosen for eviction, or counted still open at the end; and every expiry
 * is reported at its true deadline. Only where the expiry appears in the event stream moves, by up to a
 * tick.
 */
final class TimerWheel {
    static final int TICK_SHIFT = 30;
    static final int BUCKETS = 1 << 13;
    private static final int MASK = BUCKETS - 1;

    /** Told about a connection whose deadline has come; it is already off the wheel. */
    interface Expiry {
        void expire(int slot, long deadline);
    }

    private final ConnectionStore store;
    private final int[] heads = new int[BUCKETS];
    private final int[] tails = new int[BUCKETS];
    /** The first tick not swept yet; Long.MIN_VALUE until packet time starts. */
    private long tick = Long.MIN_VALUE;
    /**
     * Where {@link #nearest} starts looking: no bucket between {@link #tick} and this tick holds a
     * connection. Listing a connection earlier lowers it; a full table evicts once per new connection, and
     * without it each eviction walked the empty buckets up to the oldest deadline again (half the time of
     * a SYN flood's run).
     */
    private long searchFrom = Long.MIN_VALUE;

    TimerWheel(ConnectionStore store) {
        this.store = store;
        Arrays.fill(heads, ConnectionStore.NIL);
        Arrays.fill(tails, ConnectionStore.NIL);
    }

    private static long tickOf(long nanos) {
        return nanos >> TICK_SHIFT;
    }

    /** The class a slot is listed in, or null. */
    TimeoutClass classOf(int slot) {
        int c = store.timeoutClass(slot);
        return c == 0 ? null : TimeoutClass.VALUES[c - 1];
    }

    /** Lists (or re-lists) a slot in a class; its deadline follows from the class and its packet times. */
    void place(int slot, TimeoutClass c) {
        unlink(slot);
        store.setTimeoutClass(slot, c.ordinal() + 1);
        link(slot, tickFor(store.deadline(slot)));
    }

    /**
     * The tick whose bucket lists a deadline, within one turn from {@link #tick}: a deadline a turn or more
     * ahead shares a bucket with an earlier one and is told apart when the bucket is swept.
     */
    private long tickFor(long deadline) {
        long t = tickOf(deadline);
        if (tick == Long.MIN_VALUE) {
            return t;
        }
        if (t < tick) {
            return tick; // already due: the next sweep sees it
        }
        return tick + ((t - tick) & MASK);
    }

    private void link(int slot, long at) {
        int bucket = (int) (at & MASK);
        if (at < searchFrom) {
            searchFrom = at;
        }
        int tail = tails[bucket];
        store.setBucket(slot, bucket);
        store.setPrev(slot, tail);
        store.setNext(slot, ConnectionStore.NIL);
        if (tail == ConnectionStore.NIL) {
            heads[bucket] = slot;
        } else {
            store.setNext(tail, slot);
        }
        tails[bucket] = slot;
    }

    private void detach(int slot) {
        int bucket = store.bucket(slot);
        int prev = store.prev(slot);
        int next = store.next(slot);
        if (prev == ConnectionStore.NIL) {
            heads[bucket] = next;
        } else {
            store.setNext(prev, next);
        }
        if (next == ConnectionStore.NIL) {
            tails[bucket] = prev;
        } else {
            store.setPrev(next, prev);
        }
    }

    /** Takes a slot off the wheel; nothing happens when it is on none. */
    void unlink(int slot) {
        if (store.timeoutClass(slot) == 0) {
            return;
        }
        detach(slot);
        store.setTimeoutClass(slot, 0);
    }

    /**
     * Sweeps every bucket whose time is over by {@code now}, expiring what is due. Packet time never goes
     * back; a jump of a whole turn or more sweeps every bucket once.
     */
    void advance(long now, Expiry expiry) {
        long target = tickOf(now);
        if (tick == Long.MIN_VALUE) {
            tick = target;
            return;
        }
        if (target - tick >= BUCKETS) {
            tick = target;
            searchFrom = target;
            for (int b = 0; b < BUCKETS; b++) {
                sweep(b, now, expiry);
            }
            return;
        }
        while (tick < target) {
            sweep((int) (tick & MASK), now, expiry);
            tick++;
        }
    }

    private void sweep(int bucket, long now, Expiry expiry) {
        int c = heads[bucket];
        while (c != ConnectionStore.NIL) {
            int next = store.next(c);
            long deadline = store.deadline(c);
            if (deadline <= now) {
                unlink(c);
                expiry.expire(c, deadline);
            } else {
                long to = tickFor(deadline);
                if ((int) (to & MASK) != bucket) {
                    detach(c);
                    link(c, to);
                }
            }
            c = next;
        }
    }

    /**
     * The listed connection whose deadline is nearest, to the bucket (for eviction), or NIL. A connection
     * listed under a deadline that packets have since moved on is listed again under its own on the way:
     * the one returned is nearest its timeout (to the tick), not merely listed earliest.
     */
    int nearest() {
        long from = tick == Long.MIN_VALUE || searchFrom < tick ? tick : searchFrom;
        long end = tick + BUCKETS;
        searchFrom = Long.MAX_VALUE; // lowered again by whatever is listed during the search
        for (long at = from; at < end; at++) {
            int bucket = (int) (at & MASK);
            for (int c = heads[bucket]; c != ConnectionStore.NIL; ) {
                int next = store.next(c);
                long to = tickFor(store.deadline(c));
                if ((int) (to & MASK) == bucket) {
                    searchFrom = Math.min(searchFrom, at);
                    return c;
                }
                detach(c);
                link(c, to);
                c = next;
            }
        }
        searchFrom = tick;
        return ConnectionStore.NIL;
    }

    /** Every listed slot, in no particular order. */
    void forEach(IntConsumer action) {
        for (int b = 0; b < BUCKETS; b++) {
            for (int c = heads[b]; c != ConnectionStore.NIL; ) {
                int next = store.next(c);
                action.accept(c);
                c = next;
            }
        }
    }
}
