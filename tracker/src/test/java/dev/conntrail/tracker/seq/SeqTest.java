package dev.conntrail.tracker.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeqTest {
    @Test
    void orderHoldsAcrossTheWrapAt2To32() {
        int nearTop = 0xFFFF_FFF0;
        int wrapped = 0x0000_0010;
        assertTrue(Seq.before(nearTop, wrapped));
        assertTrue(Seq.after(wrapped, nearTop));
        assertFalse(Seq.before(wrapped, nearTop));
        assertEquals(0x20, Seq.distance(nearTop, wrapped));
        assertEquals(wrapped, Seq.max(nearTop, wrapped));
        assertEquals(nearTop, Seq.min(nearTop, wrapped));
    }

    @Test
    void betweenIsInclusiveAndWrapAware() {
        assertTrue(Seq.between(5, 0xFFFF_FFFE, 10));
        assertTrue(Seq.between(10, 10, 10));
        assertFalse(Seq.between(11, 0xFFFF_FFFE, 10));
    }

    @Test
    void offsetIsUnsigned() {
        assertEquals(0xFFFF_FFFFL, Seq.offset(1, 0));
        assertEquals(1L, Seq.offset(-1, 0));
    }
}
