package dev.conntrail.capture.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.Frame;
import dev.conntrail.capture.PacketSource;
import dev.conntrail.capture.ReadResult;
import dev.conntrail.capture.file.CaptureFiles;
import dev.conntrail.tracker.segment.ChecksumStatus;
import dev.conntrail.tracker.segment.TcpSegment;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Packets captured on the sending host carry only the pseudo-header sum in their checksum field (the card
 * fills in the rest): the project's own loopback recording shows it on every packet.
 */
class ChecksumOffloadTest {
    @Test
    void loopbackCaptureChecksumsAreRecognisedAsOffloadNotErrors() throws CaptureException {
        Path example = Path.of("..", "examples", "localhost-demo.pcap");
        Map<ChecksumStatus, Integer> seen = new EnumMap<>(ChecksumStatus.class);
        FrameDecoder decoder = new FrameDecoder();
        Frame frame = new Frame();
        TcpSegment segment = new TcpSegment();
        try (PacketSource source = CaptureFiles.open(example)) {
            while (source.next(frame) == ReadResult.FRAME) {
                assertEquals(DecodeOutcome.TCP, decoder.decode(frame, segment));
                seen.merge(segment.checksum(), 1, Integer::sum);
            }
        }
        // 25 offloaded; the RST refusing port 5174 is built by the kernel itself, checksum and all (GOOD); the two
        // 920-byte responses were cut by the 256-byte snap length, so their checksums cannot be verified
        assertEquals(Map.of(ChecksumStatus.OFFLOADED, 25, ChecksumStatus.GOOD, 1, ChecksumStatus.UNVERIFIED, 2), seen);
        assertEquals(25, decoder.counters().get(DecodeNote.TCP_CHECKSUM_OFFLOADED));
        assertEquals(0, decoder.counters().get(DecodeNote.BAD_TCP_CHECKSUM));
    }
}
