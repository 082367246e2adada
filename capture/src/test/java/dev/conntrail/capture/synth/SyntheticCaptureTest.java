package dev.conntrail.capture.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conntrail.capture.Frame;
import dev.conntrail.capture.PacketSource;
import dev.conntrail.capture.ReadResult;
import dev.conntrail.capture.file.CaptureFiles;
import dev.conntrail.capture.wire.DecodeNote;
import dev.conntrail.capture.wire.DecodeOutcome;
import dev.conntrail.capture.wire.FrameDecoder;
import dev.conntrail.tracker.ConnectionTracker;
import dev.conntrail.tracker.TrackerConfig;
import dev.conntrail.tracker.TrackerStats;
import dev.conntrail.tracker.event.CloseReason;
import dev.conntrail.tracker.event.Closed;
import dev.conntrail.tracker.event.Connection;
import dev.conntrail.tracker.event.ConnectionEvent;
import dev.conntrail.tracker.event.Opened;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's files say what its report says, read back through conntrail's own reader, decoder and
 * tracker (no tcpdump): every frame a good TCP segment, one connection per connection started, and each
 * connection ended the way the generator ended it.
 */
class SyntheticCaptureTest {
    private static final long DAY = 86_400_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void mixed_readsBackAsWritten() throws Exception {
        SynthConfig config = SynthConfig.of(SynthConfig.Mode.MIXED, 42, 3_000, 300, 40_000);
        Path file = dir.resolve("mixed.pcap");
        SynthReport report = SyntheticCapture.write(config, file);

        ReadBack back = readBack(file, TrackerConfig.defaults(), report.lastNanos() + DAY);

        assertEquals(report.packets(), back.frames);
        assertEquals(report.packets(), back.tcp, "every frame decodes to a TCP segment");
        assertEquals(0, back.badChecksums, "IP and TCP checksums are right");
        assertEquals(report.connections(), back.opened);
        assertEquals(report.ipv6Connections(), back.openedV6);
        Map<CloseReason, Long> expected = new EnumMap<>(CloseReason.class);
        for (Ending e : Ending.values()) {
            if (report.ending(e) > 0) {
                expected.merge(e.expectedReason(), report.ending(e), Long::sum);
            }
        }
        assertEquals(expected, back.closedBy);
        assertEquals(report.retransmissions(), back.retransmits);
        // the mix is what the class comment promises
        assertTrue(Math.abs(report.packets() - 40_000) < 4_000, "about the packets asked for: " + report.packets());
        assertTrue(report.ending(Ending.FIN) > report.connections() * 7 / 10);
        assertTrue(report.ipv6Connections() > 0 && report.retransmissions() > 0);
        for (Ending e : Ending.values()) {
            assertTrue(report.ending(e) > 0, e + " occurs");
        }
    }

    @Test
    void sameSeed_sameBytes_otherSeed_otherBytes() throws Exception {
        SynthConfig config = SynthConfig.of(SynthConfig.Mode.MIXED, 7, 200, 20, 3_000);
        assertArrayEquals(bytes(config), bytes(config));
        SynthConfig other = SynthConfig.of(SynthConfig.Mode.MIXED, 8, 200, 20, 3_000);
        assertTrue(!java.util.Arrays.equals(bytes(config), bytes(other)));
    }

    @Test
    void handshakes_allOpenAtOnce() throws Exception {
        SynthConfig config = SynthConfig.of(SynthConfig.Mode.HANDSHAKES, 3, 2_000, 2_000, 0);
        Path file = dir.resolve("handshakes.pcap");
        SynthReport report = SyntheticCapture.write(config, file);

        ReadBack back = readBack(file, TrackerConfig.defaults(), Long.MIN_VALUE);

        assertEquals(3 * 2_000, report.packets());
        assertEquals(2_000, back.peakOpen);
        assertEquals(Map.of(CloseReason.OPEN_AT_END, 2_000L), back.closedBy);
    }

    @Test
    void synFlood_underACap_evictsAllButTheCap() throws Exception {
        SynthConfig config = SynthConfig.of(SynthConfig.Mode.SYN_FLOOD, 5, 5_000, 1, 0);
        Path file = dir.resolve("flood.pcap");
        SynthReport report = SyntheticCapture.write(config, file);

        ReadBack back = readBack(file, TrackerConfig.defaults().withMaxConnections(100), Long.MIN_VALUE);

        assertEquals(5_000, report.packets());
        assertEquals(5_000, back.opened, "no spoofed source repeats");
        assertEquals(100, back.peakOpen);
        assertEquals(Map.of(CloseReason.EVICTED, 4_900L, CloseReason.OPEN_AT_END, 100L), back.closedBy);
    }

    private static byte[] bytes(SynthConfig config) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SyntheticCapture.write(config, out);
        return out.toByteArray();
    }

    /** What conntrail's reader, decoder and tracker make of a file. */
    private static final class ReadBack {
        long frames;
        long tcp;
        long badChecksums;
        long opened;
        long openedV6;
        long retransmits;
        long peakOpen;
        final Map<CloseReason, Long> closedBy = new EnumMap<>(CloseReason.class);

        void accept(ConnectionEvent e) {
            Connection c = e.connection();
            if (e instanceof Opened) {
                opened++;
                if (c.tuple().origAddr().v6()) {
                    openedV6++;
                }
            } else if (e instanceof Closed closed) {
                closedBy.merge(closed.reason(), 1L, Long::sum);
                retransmits += c.orig().retransmits() + c.resp().retransmits();
            }
        }
    }

    /**
     * Reads a file through the tracker; when {@code expireAt} is not {@code Long.MIN_VALUE}, packet time is
     * moved there before the end, so every connection still open meets its timeout.
     */
    private static ReadBack readBack(Path file, TrackerConfig trackerConfig, long expireAt) throws Exception {
        ReadBack back = new ReadBack();
        ConnectionTracker tracker = new ConnectionTracker(trackerConfig, back::accept);
        FrameDecoder decoder = new FrameDecoder();
        dev.conntrail.tracker.segment.TcpSegment segment = new dev.conntrail.tracker.segment.TcpSegment();
        Frame frame = new Frame();
        try (PacketSource source = CaptureFiles.open(file)) {
            while (source.next(frame) == ReadResult.FRAME) {
                back.frames++;
                if (decoder.decode(frame, segment) == DecodeOutcome.TCP) {
                    back.tcp++;
                    tracker.accept(segment);
                }
            }
        }
        back.badChecksums = decoder.counters().get(DecodeNote.BAD_TCP_CHECKSUM);
        if (expireAt != Long.MIN_VALUE) {
            tracker.advanceTo(expireAt);
        }
        tracker.finish();
        TrackerStats stats = tracker.stats();
        back.peakOpen = stats.peakOpen();
        return back;
    }
}
