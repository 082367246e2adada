package dev.conntrail.capture.file;

import java.io.IOException;
import java.nio.ByteOrder;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.Frame;
import dev.conntrail.capture.LinkType;
import dev.conntrail.capture.ReadResult;
import dev.conntrail.capture.bpf.FrameFilter;

/**
 * Reads classic pcap files: both byte orders, microsecond and nanosecond timestamps, and the "modified"
 * (Kuznetzov) variant with 24-byte record headers.
 *
 * <pre>
 * File header (24 bytes)                    Record header (16 bytes; 24 in the modified format)
 *  0 magic          a1b2c3d4 / a1b23c4d       0 ts_sec    unsigned seconds since 1970
 *                   / a1b2cd34 (modified)     4 ts_frac   micro- or nanoseconds
 *  4 version_major  2                         8 caplen    bytes in the file
 *  6 version_minor  4                        12 len       bytes on the wire
 *  8 thiszone       (ignored, as libpcap)    [16 ifindex, protocol, pkt_type, pad: modified format]
 * 12 sigfigs        (ignored)                 then caplen bytes of packet
 * 16 snaplen
 * 20 linktype       low 16 bits: LINKTYPE_; 0x03ff0000 reserved (must be 0); 0xfc000000 FCS info
 * </pre>
 *
 * <h2>Lengths the file should not have</h2>
 * libpcap is the reference, and this reader does what it does:
 * <ul>
 *   <li>A captured length above the largest libpcap accepts for the link type (256 KiB for nearly all) is
 *       damage: the reader stops with {@link ReadResult#DAMAGED}.</li>
 *   <li>A captured length above the file's snapshot length (but within that maximum) is delivered cut to
 *       the snapshot length, and the rest of the record is skipped: callers may rely on never seeing more
 *       than the snapshot length.</li>
 *   <li>A captured length above the original length is delivered as it is (libpcap does not correct it).
 *       Decoders must bound themselves by {@link Frame#capturedLength()}, never by the original length.</li>
 *   <li>Files of version 2.0-2.2 (and 543.0, DG/UX) have caplen and len swapped; in 2.3 files they may
 *       be, so a 2.3 record with caplen &gt; len is read swapped. Again as libpcap.</li>
 * </ul>
 * One deliberate difference: timestamp seconds are unsigned, as the format defines them (and Wireshark
 * reads them), so times after 2038 stay after 2038; libpcap 1.10 sign-extends them to before 1970.
 */
final class PcapFileReader extends FileSource {

    static final int MAGIC_MICROS = 0xa1b2c3d4;
    static final int MAGIC_NANOS = 0xa1b23c4d;
    static final int MAGIC_MODIFIED = 0xa1b2cd34;

    static final int FILE_HEADER = 24;
    static final int RECORD_HEADER = 16;
    static final int MODIFIED_RECORD_HEADER = 24;

    private static final int LINKTYPE_MASK = 0x0000ffff;
    private static final int LINKTYPE_RESERVED = 0x03ff0000;

    private enum LengthOrder {
        /** caplen, then len: version 2.4. */
        NORMAL,
        /** len, then caplen: versions before 2.3, and 543.0. */
        SWAPPED,
        /** 2.3: some writers swapped, some did not; caplen &gt; len means swapped. */
        MAYBE_SWAPPED
    }

    private final boolean bigEndian;
    private final boolean nanos;
    private final int recordHeader;
    private final int linkType;
    private final int snapshot;
    private final LengthOrder lengthOrder;
    private final int maxCaptured;

    private PcapFileReader(String name, FileInput in, FrameFilter filter, boolean bigEndian, boolean nanos,
                           boolean modified, int linkType, int snapshot, LengthOrder lengthOrder) {
        super(name, in, filter);
        this.bigEndian = bigEndian;
        this.nanos = nanos;
        this.recordHeader = modified ? MODIFIED_RECORD_HEADER : RECORD_HEADER;
        this.linkType = linkType;
        this.snapshot = snapshot;
        this.lengthOrder = lengthOrder;
        this.maxCaptured = Snaplen.maxFor(linkType);
    }

    /**
     * Reads the file header at the start of {@code in} (which holds at least 4 bytes of a pcap magic).
     *
     * @throws CaptureException if the header is cut short, of an unsupported version, or has reserved
     *                          link-type bits set
     */
    static PcapFileReader open(String name, FileInput in, FrameFilter filter) throws IOException, CaptureException {
        int got = in.ensure(FILE_HEADER);
        if (got < FILE_HEADER) {
            throw new CaptureException(name + ": too short for a pcap file header (" + got + " of " + FILE_HEADER
                    + " bytes)");
        }
        int at = in.pos;
        boolean bigEndian = CaptureFiles.isPcapMagic(in.int32(at, true));
        int magic = in.int32(at, bigEndian);
        int major = in.uint16(at + 4, bigEndian);
        int minor = in.uint16(at + 6, bigEndian);
        long snaplen = in.uint32(at + 16, bigEndian);
        int linkTypeField = in.int32(at + 20, bigEndian);

        LengthOrder order;
        if (major == 2 && minor <= 4) {
            order = minor < 3 ? LengthOrder.SWAPPED : minor == 3 ? LengthOrder.MAYBE_SWAPPED : LengthOrder.NORMAL;
        } else if (major == 543 && minor == 0) {
            order = LengthOrder.SWAPPED;
        } else {
            throw new CaptureException(name + ": unsupported pcap version " + major + "." + minor
                    + " (pcap readers know 2.0 to 2.4)");
        }
        // libpcap 1.10 reads the low 26 bits as the link type, so this becomes the unknown link type
        // 0x300000 there; Wireshark and the pcap specification say the file is broken. So do we.
        if ((linkTypeField & LINKTYPE_RESERVED) != 0) {
            throw new CaptureException(String.format("%s: damaged pcap header: the link-type field 0x%08x has "
                    + "reserved bits set (0x%08x)", name, linkTypeField, linkTypeField & LINKTYPE_RESERVED));
        }
        int linkType = linkTypeField & LINKTYPE_MASK;
        boolean modified = magic == MAGIC_MODIFIED;
        int snapshot = Snaplen.adjust(linkType, snaplen);
        if (modified && linkType == LinkType.ETHERNET) {
            // libpcap: a modified-format capture may have been taken in cooked mode, where a fake 14-byte
            // Ethernet header was added on top of the snapshot length.
            snapshot += 14;
        }
        int slot = filter == null ? 0 : filter.prepare(linkType, bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        in.advance(FILE_HEADER);
        PcapFileReader reader = new PcapFileReader(name, in, filter, bigEndian, magic == MAGIC_NANOS, modified,
                linkType, snapshot, order);
        reader.filterSlot = slot;
        return reader;
    }

    @Override
    public int linkType() {
        return linkType;
    }

    @Override
    ReadResult readFrame(Frame frame) throws IOException {
        final FileInput in = this.in;
        int available = in.available();
        if (available < recordHeader) {
            available = in.ensure(recordHeader);
            if (available == 0) {
                return ReadResult.END;
            }
            if (available < recordHeader) {
                return damaged(available + " stray byte" + (available == 1 ? "" : "s") + " after frame " + frames
                        + " (" + endOfInput() + "), too short for a " + recordHeader + "-byte record header");
            }
        }
        int at = in.pos;
        long seconds = in.uint32(at, bigEndian);
        long fraction = in.uint32(at + 4, bigEndian);
        long captured = in.uint32(at + 8, bigEndian);
        long original = in.uint32(at + 12, bigEndian);
        if (lengthOrder != LengthOrder.NORMAL && (lengthOrder == LengthOrder.SWAPPED || captured > original)) {
            long swap = captured;
            captured = original;
            original = swap;
        }
        long number = frames + 1;
        if (captured > maxCaptured) {
            return damaged("frame " + number + " at byte " + in.offset() + " claims " + captured
                    + " captured bytes, more than the " + maxCaptured + " allowed for " + LinkType.describe(linkType));
        }
        int record = recordHeader + (int) captured;
        if (available < record) {
            available = in.ensure(record);
            if (available < record) {
                return damaged("cut off in the middle of frame " + number + " (" + endOfInput() + "; the record needs "
                        + (record - available) + " more)");
            }
            at = in.pos;
        }
        int delivered = (int) Math.min(captured, snapshot);
        long nanosOfSecond = nanos ? fraction : fraction * 1000;
        frames = number;
        frame.set(in.buffer, at + recordHeader, delivered, (int) original,
                seconds * NANOS_PER_SECOND + nanosOfSecond, linkType, 0, number);
        in.advance(record);
        return ReadResult.FRAME;
    }
}
