package dev.conntrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ring between a file run's threads: order, slot reuse, the end, and a consumer that gives up. */
@Timeout(60)
class HandoffTest {
    private static final Runnable NOTHING = () -> { };

    /** A prefilled slot: the producer writes a number into it, the consumer reads it back. */
    static final class Cell {
        long value;
    }

    @Test
    void aMillionItemsCrossBetweenThreadsInOrderThroughARingOf64() throws Exception {
        Handoff<Long> ring = new Handoff<>(64, null);
        int n = 1_000_000;
        Thread producer = new Thread(() -> {
            for (long i = 0; i < n; i++) {
                assertTrue(ring.awaitRoom());
                ring.put(i);
            }
            ring.close();
        });
        producer.start();
        long expected = 0;
        for (Long item = ring.take(NOTHING); item != null; item = ring.take(NOTHING)) {
            assertEquals(expected++, item.longValue());
        }
        producer.join();
        assertEquals(n, expected);
    }

    @Test
    void aPrefilledSlotIsNotWrittenAgainUntilTheConsumerHasMovedPastIt() throws Exception {
        // the consumer dawdles now and then, so the producer keeps finding the ring full
        Handoff<Cell> ring = new Handoff<>(64, Cell::new);
        int n = 200_000;
        Thread producer = new Thread(() -> {
            for (long i = 0; i < n; i++) {
                assertTrue(ring.awaitRoom());
                ring.slot().value = i;
                ring.publish();
            }
            ring.close();
        });
        producer.start();
        long expected = 0;
        for (Cell c = ring.take(NOTHING); c != null; c = ring.take(NOTHING)) {
            long seen = c.value;
            if (expected % 10_000 == 0) {
                Thread.sleep(1);
            }
            assertEquals(seen, c.value, "the slot changed while the consumer held it");
            assertEquals(expected++, seen);
        }
        producer.join();
        assertEquals(n, expected);
    }

    @Test
    void theRingHasItsCapacityOfSlotsAndHandsThemOutInTurn() {
        Handoff<Cell> ring = new Handoff<>(64, Cell::new);
        List<Cell> first = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            assertTrue(ring.awaitRoom());
            first.add(ring.slot());
            ring.publish();
        }
        assertEquals(64, first.stream().distinct().count());
        ring.close();
        for (int i = 0; i < 64; i++) {
            assertSame(first.get(i), ring.take(NOTHING));
        }
        assertNull(ring.take(NOTHING));
    }

    @Test
    void itemsPublishedBeforeCloseAreAllTakenEvenWhenFewerThanABatch() {
        Handoff<String> ring = new Handoff<>(64, null);
        for (String s : new String[] {"a", "b", "c"}) {
            assertTrue(ring.awaitRoom());
            ring.put(s);
        }
        ring.close();
        assertEquals("a", ring.take(NOTHING));
        assertEquals("b", ring.take(NOTHING));
        assertEquals("c", ring.take(NOTHING));
        assertNull(ring.take(NOTHING));
        assertNull(ring.take(NOTHING), "and stays ended");
    }

    @Test
    void anAnnouncedItemReachesAWaitingConsumerWithoutAFullBatch() throws Exception {
        Handoff<String> ring = new Handoff<>(64, null);
        CompletableFuture<String> taken = CompletableFuture.supplyAsync(() -> ring.take(NOTHING));
        assertTrue(ring.awaitRoom());
        ring.put("only");
        Thread.sleep(50);
        assertFalse(taken.isDone(), "one item is below the batch: not yet visible");
        ring.announce(); // what a producer does before it waits for input
        assertEquals("only", taken.get(10, TimeUnit.SECONDS));
    }

    @Test
    void theConsumerRunsItsHookBeforeItWaitsAndNotWhileItemsAreReady() {
        Handoff<String> ring = new Handoff<>(64, null);
        AtomicInteger waits = new AtomicInteger();
        Runnable hook = waits::incrementAndGet;
        for (int i = 0; i < 64; i++) {
            assertTrue(ring.awaitRoom());
            ring.put("x" + i);
        }
        for (int i = 0; i < 64; i++) {
            ring.take(hook);
        }
        assertEquals(0, waits.get(), "items were ready every time");
        ring.close();
        assertNull(ring.take(hook));
        assertEquals(1, waits.get(), "once, when it found nothing");
    }

    @Test
    void theConsumerCanLookAheadAtVisibleItemsButNotPastThem() {
        Handoff<String> ring = new Handoff<>(64, null);
        for (String s : new String[] {"a", "b", "c", "d"}) {
            assertTrue(ring.awaitRoom());
            ring.put(s);
        }
        ring.announce();
        assertEquals("a", ring.take(NOTHING));
        assertEquals("a", ring.peek(0), "zero ahead is the item in hand");
        assertEquals("b", ring.peek(1));
        assertEquals("d", ring.peek(3));
        assertNull(ring.peek(4), "not published yet");
        assertTrue(ring.awaitRoom());
        ring.put("e");
        assertNull(ring.peek(4), "published, but not announced: the consumer has not seen it");
        assertEquals("b", ring.take(NOTHING));
        assertEquals("d", ring.peek(2));
    }

    @Test
    void aProducerWaitingForRoomIsToldWhenTheConsumerAbandons() throws Exception {
        Handoff<String> ring = new Handoff<>(64, null);
        for (int i = 0; i < 64; i++) {
            assertTrue(ring.awaitRoom());
            ring.put("x");
        }
        CompletableFuture<Boolean> room = CompletableFuture.supplyAsync(ring::awaitRoom);
        Thread.sleep(50);
        assertFalse(room.isDone(), "the ring is full: the producer waits");
        ring.abandon();
        assertFalse(room.get(10, TimeUnit.SECONDS));
        assertTrue(ring.abandoned());
    }

    @Test
    void aCapacityThatIsNotAPowerOfTwoAtLeastABatchIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Handoff<String>(100, null));
        assertThrows(IllegalArgumentException.class, () -> new Handoff<String>(32, null));
    }
}
