package dev.conntrail.capture.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conntrail.capture.Frame;
import dev.conntrail.capture.LinkType;
import dev.conntrail.tracker.segment.TcpSegment;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Truncated, impossible and random input: the decoder must answer with an outcome, never an exception, and
 * must never look past a frame's captured bytes.
 */
class HostileInputTest {

    /** A fixture with the link type it is captured under. */
    record Sample(String name, int linkType, byte[] bytes) {
    }

    /** Every fixture that is a whole packet (fragments excluded: alone they are only held). */
    static List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        for (Field f : Fixtures.class.getDeclaredFields()) {
            if (f.getType() != byte[].class || !Modifier.isStatic(f.getModifiers()) || f.getName().contains("FRAGMENT_")) {
                continue;
            }
            try {
                out.add(new Sample(f.getName(), linkTypeOf(f.getName()), (byte[]) f.get(null)));
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    private static int linkTypeOf(String name) {
        if (name.startsWith("NULL_")) {
            return LinkType.NULL;
        }
        String[][] prefixes = {{"LOOP_", "108"}, {"RAW_", "101"}, {"IPV4_LINKTYPE", "228"}, {"PPP_HDLC", "50"},
                {"PPP_", "9"}, {"C_HDLC", "104"}, {"SLL2_", "276"}, {"SLL_", "113"}, {"NFLOG_", "239"},
                {"IPOIB_", "242"}, {"PKTAP_", "258"}, {"FDDI_", "10"}, {"ARCNET_", "129"}, {"JUNIPER_", "178"}};
        for (String[] p : prefixes) {
            if (name.startsWith(p[0])) {
                return Integer.parseInt(p[1]);
            }
        }
        return LinkType.ETHERNET;
    }

    private static Frame frame(int linkType, byte[] bytes, int captured, int original) {
        return Fixtures.frame(linkType, bytes, captured, original);
    }

    @Test
    void cuttingAValidPacketAtEveryLengthNeverThrowsAndNeverInventsASegment() {
        TcpSegment full = new TcpSegment();
        TcpSegment cut = new TcpSegment();
        int checked = 0;
        for (Sample s : samples()) {
            int original = s.name().equals("ETHERNET_IPV6_JUMBO_DATA") ? 80082 : s.bytes().length;
            DecodeOutcome whole = new FrameDecoder().decode(frame(s.linkType(), s.bytes(), s.bytes().length, original),
                    full);
            boolean tcpSeen = false;
            for (int len = 0; len < s.bytes().length; len++) {
                DecodeOutcome o = new FrameDecoder().decode(frame(s.linkType(), s.bytes(), len, original), cut);
                checked++;
                if (o == DecodeOutcome.TCP) {
                    assertEquals(DecodeOutcome.TCP, whole, s.name() + " cut at " + len);
                    assertEquals(full.payloadLength(), cut.payloadLength(), s.name() + " cut at " + len);
                    assertEquals(full.seq(), cut.seq(), s.name() + " cut at " + len);
                    assertEquals(full.srcPort(), cut.srcPort(), s.name() + " cut at " + len);
                    tcpSeen = true;
                } else {
                    assertTrue(o.category() == DecodeOutcome.Category.MALFORMED
                            || o.category() == DecodeOutcome.Category.SKIPPED, s.name() + " cut at " + len + ": " + o);
                    assertTrue(!tcpSeen, s.name() + ": TCP at a shorter cut but " + o + " at " + len);
                }
            }
            if (whole == DecodeOutcome.TCP && full.payloadLength() == 0 && !s.name().contains("PADDED")) {
                assertNotEquals(DecodeOutcome.TCP, new FrameDecoder().decode(
                        frame(s.linkType(), s.bytes(), s.bytes().length - 1, original), cut),
                        s.name() + ": a header byte short must not be a segment");
            }
        }
        assertTrue(checked > 3000);
    }

    @Test
    void fragmentsCutAtEveryLengthNeverThrow() {
        TcpSegment seg = new TcpSegment();
        byte[][] pairs = {Fixtures.IPV4_FRAGMENT_1_OF_2, Fixtures.IPV4_FRAGMENT_2_OF_2, Fixtures.IPV6_FRAGMENT_1_OF_2,
                Fixtures.IPV6_FRAGMENT_2_OF_2};
        for (int p = 0; p < pairs.length; p += 2) {
            for (int len = 0; len <= pairs[p].length; len++) {
                FrameDecoder d = new FrameDecoder();
                d.decode(frame(LinkType.ETHERNET, pairs[p], len, pairs[p].length), seg);
                DecodeOutcome o = d.decode(Fixtures.frame(LinkType.ETHERNET, pairs[p + 1]), seg);
                if (o == DecodeOutcome.TCP) {
                    assertEquals(40000, seg.srcPort());
                }
            }
        }
    }

    @Test
    void impossibleFrameBoundsAreAnOutcome() {
        TcpSegment seg = new TcpSegment();
        FrameDecoder d = new FrameDecoder();
        Frame f = new Frame();
        byte[] syn = Fixtures.ETHERNET_IPV4_SYN;
        f.set(syn, 0, syn.length + 100, syn.length, 0, LinkType.ETHERNET, 0, 1); // captured beyond the array
        assertEquals(DecodeOutcome.TCP, d.decode(f, seg));
        f.set(syn, syn.length + 5, 10, 10, 0, LinkType.ETHERNET, 0, 1); // offset beyond the array
        assertEquals(DecodeOutcome.TRUNCATED_LINK_HEADER, d.decode(f, seg));
        f.set(syn, 0, syn.length, 10, 0, LinkType.ETHERNET, 0, 1); // wire length below the captured length
        assertEquals(DecodeOutcome.TCP, d.decode(f, seg));
        f.set(syn, 0, syn.length, Integer.MAX_VALUE, 0, LinkType.ETHERNET, 0, 1);
        assertEquals(DecodeOutcome.TCP, d.decode(f, seg));
        f.set(new byte[0], 0, 0, 0, 0, LinkType.ETHERNET, 0, 1);
        assertEquals(DecodeOutcome.TRUNCATED_LINK_HEADER, d.decode(f, seg));
    }

    /**
     * A few hundred thousand mutated and random frames from a fixed seed. Each is decoded twice: alone in an
     * array of exactly its captured length, and inside a larger buffer with junk after it. Any read past the
     * captured bytes either throws in the first case or changes the answer in the second.
     */
    @Test
    void fuzzedFramesNeverThrowAndNeverReadPastTheCapture() {
        List<Sample> samples = samples();
        Random random = new Random(0xC0FFEE);
        FrameDecoder exact = new FrameDecoder();
        FrameDecoder padded = new FrameDecoder();
        TcpSegment a = new TcpSegment();
        TcpSegment b = new TcpSegment();
        int[] linkTypes = {0, 1, 9, 10, 12, 50, 51, 101, 104, 108, 113, 129, 178, 228, 229, 239, 242, 258, 276};
        int iterations = 300_000;
        for (int i = 0; i < iterations; i++) {
            Sample s = samples.get(random.nextInt(samples.size()));
            byte[] bytes = mutate(s.bytes(), random);
            int linkType = random.nextInt(10) == 0 ? linkTypes[random.nextInt(linkTypes.length)] : s.linkType();
            int original = random.nextInt(4) == 0 ? random.nextInt(200_000) : bytes.length;
            Frame f1 = new Frame();
            f1.set(bytes, 0, bytes.length, original, i * 1_000_000L, linkType, 0, i);
            byte[] big = new byte[bytes.length + 64 + 7];
            random.nextBytes(big);
            System.arraycopy(bytes, 0, big, 7, bytes.length);
            Frame f2 = new Frame();
            f2.set(big, 7, bytes.length, original, i * 1_000_000L, linkType, 0, i);
            DecodeOutcome o1;
            DecodeOutcome o2;
            try {
                o1 = exact.decode(f1, a);
                o2 = padded.decode(f2, b);
            } catch (RuntimeException e) {
                throw new AssertionError("iteration " + i + " (" + s.name() + ") threw", e);
            }
            if (o1 != o2) {
                fail("iteration " + i + " (" + s.name() + "): " + o1 + " alone but " + o2 + " inside a larger buffer");
            }
            if (o1 == DecodeOutcome.TCP && !same(a, b)) {
                fail("iteration " + i + " (" + s.name() + "): " + a + " alone but " + b + " inside a larger buffer");
            }
        }
        System.out.println("fuzz outcomes: " + exact.counters().nonZero());
        assertEquals(iterations, exact.counters().total() - exact.counters().get(DecodeOutcome.FRAGMENT_DROPPED));
        assertTrue(exact.counters().get(DecodeOutcome.TCP) > iterations / 10, "the fuzz still reaches TCP often");
    }

    private static boolean same(TcpSegment a, TcpSegment b) {
        return a.toString().equals(b.toString()) && a.ipLength() == b.ipLength() && a.checksum() == b.checksum()
                && a.mss() == b.mss() && a.windowScale() == b.windowScale() && a.sackBlocks() == b.sackBlocks()
                && a.sackRightEdge() == b.sackRightEdge() && a.tsVal() == b.tsVal() && a.tunnel() == b.tunnel()
                && a.outerVlan() == b.outerVlan() && a.innerVlan() == b.innerVlan();
    }

    private static byte[] mutate(byte[] original, Random random) {
        switch (random.nextInt(6)) {
            case 0: { // random bytes of a random length
                byte[] r = new byte[random.nextInt(200)];
                random.nextBytes(r);
                return r;
            }
            case 1: // truncated
                return java.util.Arrays.copyOf(original, random.nextInt(original.length + 1));
            case 2: { // extended with junk
                byte[] r = java.util.Arrays.copyOf(original, original.length + random.nextInt(64));
                for (int i = original.length; i < r.length; i++) {
                    r[i] = (byte) random.nextInt();
                }
                return r;
            }
            default: { // a few bytes flipped, biased towards 0x00 / 0xFF / small lengths
                byte[] r = original.clone();
                int flips = 1 + random.nextInt(8);
                for (int k = 0; k < flips && r.length > 0; k++) {
                    int at = random.nextInt(r.length);
                    int pick = random.nextInt(4);
                    r[at] = (byte) (pick == 0 ? 0 : pick == 1 ? 0xFF : pick == 2 ? random.nextInt(16) : random.nextInt());
                }
                return r;
            }
        }
    }

    @Test
    void decodingASegmentAllocatesNothing() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "this JVM cannot count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        FrameDecoder d = new FrameDecoder();
        TcpSegment seg = new TcpSegment();
        Frame[] frames = {Fixtures.frame(LinkType.ETHERNET, Fixtures.ETHERNET_IPV4_DATA),
                Fixtures.frame(LinkType.ETHERNET, Fixtures.ETHERNET_IPV6_EXT_CHAIN_SYN),
                Fixtures.frame(LinkType.ETHERNET, Fixtures.VXLAN_IPV4_SYN),
                Fixtures.frame(LinkType.ETHERNET, Fixtures.GTP_U_EXTENSION_IPV4_SYN),
                Fixtures.frame(LinkType.LINUX_SLL, Fixtures.SLL_IPV4_SYN)};
        for (int i = 0; i < 200_000; i++) {
            d.decode(frames[i % frames.length], seg);
        }
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        assertTrue(before >= 0, "this JVM measures allocation per thread");
        int n = 500_000;
        for (int i = 0; i < n; i++) {
            d.decode(frames[i % frames.length], seg);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for " + n + " frames");
    }
}
