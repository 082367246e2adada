package dev.conntrail.capture.file;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.Frame;
import dev.conntrail.capture.LinkType;
import dev.conntrail.capture.ReadResult;
import dev.conntrail.capture.bpf.FrameFilter;

/**
 * Reads pcapng files (draft-ietf-opsawg-pcapng): any number of sections, each with its own byte order and
 * its own interfaces; Enhanced, Simple and (obsolete) Packet Blocks; every other block skipped by its
 * length.
 *
 * <pre>
 * Every block                       Section Header Block (type 0x0a0d0d0a)
 *  0 block type                      8 byte-order magic 0x1a2b3c4d (tells the section's byte order)
 *  4 total length (multiple of 4)   12 major version 1, minor version 0 or 2
 *  8 body ...                       16 section length (ignored), options
 *  total-4: total length again
 *
 * Interface Description Block (1)   Enhanced Packet Block (6)         Simple Packet Block (3)
 *  8 link type (16 bits), reserved   8 interface id                    8 original length
 * 12 snaplen                        12 timestamp high, 16 low         12 data: min(len, snaplen of
 * 16 options: if_tsresol (9),       20 captured length, 24 original     interface 0) bytes, no time
 *    if_tsoffset (14), ...          28 data (padded to 4), options
 * </pre>
 *
 * <p>Timestamps are counted in units of the interface's {@code if_tsresol} (10^-n or 2^-n seconds,
 * microseconds by default) since {@code if_tsoffset} seconds; they become nanoseconds exactly, in integer
 * arithmetic (a resolution finer than a nanosecond is cut, never rounded).
 *
 * <p>Lengths are treated as in {@link PcapFileReader}: more captured bytes than the link type allows is
 * damage; more than the interface's snapshot length is cut to the snapshot length. (libpcap stops with an
 * error at the latter in pcapng files, though it cuts in pcap files; one rule for both formats is the
 * saner choice, and it changes nothing for files that follow the format.)
 *
 * <p>Where libpcap refuses files we read: interfaces of different link types or snapshot lengths,
 * sections of different byte orders. Frame interface ids count the file's interfaces across sections.
 */
final class PcapNgFileReader extends FileSource {

    static final int SHB = 0x0a0d0d0a;
    static final int IDB = 0x00000001;
    static final int PB = 0x00000002;
    static final int SPB = 0x00000003;
    static final int NRB = 0x00000004;
    static final int ISB = 0x00000005;
    static final int EPB = 0x00000006;
    static final int DSB = 0x0000000a;
    static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;

    static final int BLOCK_HEADER = 8;
    static final int BLOCK_TRAILER = 4;
    static final int MIN_BLOCK = BLOCK_HEADER + BLOCK_TRAILER;
    static final int MIN_SHB = 28;
    static final int MIN_IDB = 20;
    static final int MIN_EPB = 32;
    static final int MIN_SPB = 16;
    /** libpcap refuses a first Section Header Block longer than this. */
    static final int MAX_SHB = 1 << 20;
    /** Largest non-packet block we read whole (libpcap's INITIAL_MAX_BLOCKSIZE); others are skipped. */
    static final int MAX_BLOCK = 16 << 20;

    private static final int OPT_ENDOFOPT = 0;
    private static final int IF_TSRESOL = 9;
    private static final int IF_TSOFFSET = 14;

    private static final long[] POWERS_OF_TEN = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L,
        1_000_000_000_000_000_000L
    };

    /** Byte order of the current section. */
    private boolean bigEndian;
    /** Interfaces of the current section, by their index in it. */
    private int interfaces;
    /** Global id of the section's interface 0: interfaces of earlier sections come first. */
    private int interfaceBase;
    private int[] linkTypes = new int[4];
    private int[] snapshots = new int[4];
    /** Per interface, from its link type: the most captured bytes a packet may claim, and the longest packet block. */
    private int[] maxCaptured = new int[4];
    private long[] maxBlock = new long[4];
    /** Timestamp units per second: 10^digits or 2^shift. */
    private long[] unitsPerSecond = new long[4];
    /** For 2^-n resolutions: n; -1 for powers of ten. */
    private int[] binaryShift = new int[4];
    private int[] decimalDigits = new int[4];
    private long[] offsetSeconds = new long[4];
    /** The filter's slot for each interface's link type and byte order. */
    private int[] filterSlots = new int[4];

    private PcapNgFileReader(String name, FileInput in, FrameFilter filter, boolean bigEndian) {
        super(name, in, filter);
        this.bigEndian = bigEndian;
    }

    /**
     * Reads the first Section Header Block (the input starts with its block type).
     *
     * @throws CaptureException if it is not a valid SHB of a version we read, or the filter does not compile
     */
    static PcapNgFileReader open(String name, FileInput in, FrameFilter filter) throws IOException, CaptureException {
        int got = in.ensure(MIN_SHB);
        if (got < 12) {
            throw new CaptureException(name + ": too short for a pcapng Section Header Block (" + got + " of "
                    + MIN_SHB + " bytes)");
        }
        int at = in.pos;
        ByteOrder sectionOrder = sectionByteOrder(in, at);
        if (sectionOrder == null) {
            throw new CaptureException(name + ": not a pcapng file: its Section Header Block has a bad byte-order magic ("
                    + hex(in.buffer, at + 8, 4) + ")");
        }
        boolean bigEndian = sectionOrder == ByteOrder.BIG_ENDIAN;
        long length = in.uint32(at + 4, bigEndian);
        if (length < MIN_SHB || length > MAX_SHB || length % 4 != 0) {
            throw new CaptureException(name + ": bad pcapng Section Header Block: length " + length
                    + " (must be a multiple of 4 from " + MIN_SHB + " to " + MAX_SHB + ")");
        }
        if (got < MIN_SHB) {
            throw new CaptureException(name + ": too short for a pcapng Section Header Block (" + got + " of "
                    + MIN_SHB + " bytes)");
        }
        int major = in.uint16(at + 12, bigEndian);
        int minor = in.uint16(at + 14, bigEndian);
        if (major != 1 || (minor != 0 && minor != 2)) {
            throw new CaptureException(name + ": unsupported pcapng version " + major + "." + minor
                    + " (pcapng readers know 1.0 and 1.2)");
        }
        got = in.ensure((int) length);
        if (got < length) {
            throw new CaptureException(name + ": cut off inside its pcapng Section Header Block (" + got + " of "
                    + length + " bytes)");
        }
        long trailer = in.uint32(in.pos + (int) length - BLOCK_TRAILER, bigEndian);
        if (trailer != length) {
            throw new CaptureException(name + ": bad pcapng Section Header Block: its length is " + length
                    + " at the start but " + trailer + " at the end");
        }
        in.advance((int) length);
        if (filter != null) {
            // Compile now so that a bad expression fails at open. The interface that follows is almost
            // always right here; if not, Ethernet will do to check the syntax.
            int linkType = LinkType.ETHERNET;
            if (in.ensure(MIN_IDB) >= MIN_IDB && in.int32(in.pos, bigEndian) == IDB) {
                linkType = in.uint16(in.pos + 8, bigEndian);
            }
            filter.prepare(linkType, bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        }
        return new PcapNgFileReader(name, in, filter, bigEndian);
    }

    @Override
    ReadResult readFrame(Frame frame) throws IOException {
        final FileInput in = this.in;
        while (true) {
            int available = in.available();
            if (available < BLOCK_HEADER) {
                available = in.ensure(BLOCK_HEADER);
                if (available == 0) {
                    return ReadResult.END;
                }
                if (available < BLOCK_HEADER) {
                    return damaged(available + " stray byte" + (available == 1 ? "" : "s") + " after frame "
                            + frames + " (" + endOfInput() + "), too short for a block header");
                }
            }
            int type = in.int32(in.pos, bigEndian);
            if (type == SHB) {
                ReadResult result = sectionHeader();
                if (result != null) {
                    return result;
                }
                continue;
            }
            long length = in.uint32(in.pos + 4, bigEndian);
            if (length < MIN_BLOCK || length % 4 != 0) {
                return damaged(describe(type) + " at byte " + in.offset() + " has the length " + length
                        + ", which is not a multiple of 4 of at least " + MIN_BLOCK);
            }
            switch (type) {
                case EPB:
                case PB: {
                    ReadResult result = packetBlock(frame, type, (int) Math.min(length, Integer.MAX_VALUE));
                    if (result != null) {
                        return result;
                    }
                    break;
                }
                case SPB: {
                    ReadResult result = simplePacketBlock(frame, (int) Math.min(length, Integer.MAX_VALUE));
                    if (result != null) {
                        return result;
                    }
                    break;
                }
                case IDB: {
                    ReadResult result = interfaceDescription(length);
                    if (result != null) {
                        return result;
                    }
                    break;
                }
                default: {
                    ReadResult result = skipBlock(type, length);
                    if (result != null) {
                        return result;
                    }
                }
            }
        }
    }

    /**
     * An Enhanced Packet Block or an obsolete Packet Block: fills {@code frame} and returns
     * {@link ReadResult#FRAME}, or returns damage.
     */
    private ReadResult packetBlock(Frame frame, int type, int length) throws IOException {
        long number = frames + 1;
        if (length < MIN_EPB) {
            String what = "frame " + number;
            return damaged(what + ": the " + blockName(type) + " at byte " + in.offset() + " is only " + length
                    + " bytes long (at least " + MIN_EPB + ")");
        }
        if (in.ensure(MIN_EPB) < MIN_EPB) {
            return cutOff("frame " + number, MIN_EPB);
        }
        int at = in.pos;
        int localId = type == EPB ? in.int32(at + 8, bigEndian) : in.uint16(at + 8, bigEndian);
        long high = in.uint32(at + 12, bigEndian);
        long low = in.uint32(at + 16, bigEndian);
        long captured = in.uint32(at + 20, bigEndian);
        long original = in.uint32(at + 24, bigEndian);
        if (Integer.toUnsignedLong(localId) >= interfaces) {
            return damaged("frame " + number + " at byte " + in.offset() + " is on interface " + Integer.toUnsignedString(localId)
                    + ", which the section never described (it describes " + interfaces + ")");
        }
        int linkType = linkTypes[localId];
        int max = maxCaptured[localId];
        if (captured > max) {
            return damaged("frame " + number + " at byte " + in.offset() + " claims " + captured + " captured bytes, more than the "
                    + max + " allowed for " + LinkType.describe(linkType));
        }
        if (captured > length - MIN_EPB) {
            return damaged("frame " + number + " at byte " + in.offset() + " claims " + captured + " captured bytes, but its "
                    + length + "-byte block holds at most " + (length - MIN_EPB));
        }
        if (length > maxBlock[localId]) {
            return damaged("frame " + number + ": the " + blockName(type) + " at byte " + in.offset() + " is " + length
                    + " bytes long, more than the " + maxBlock[localId] + " a packet block may have");
        }
        ReadResult whole = ensureWhole(number, length);
        if (whole != null) {
            return whole;
        }
        at = in.pos;
        long timestamp = high << 32 | low;
        frames = number;
        filterSlot = filterSlots[localId];
        frame.set(in.buffer, at + 28, (int) Math.min(captured, snapshots[localId]), (int) original,
                toNanos(localId, timestamp), linkType, interfaceBase + localId, number);
        in.advance(length);
        return ReadResult.FRAME;
    }

    /** A Simple Packet Block: interface 0 of the section, no timestamp (libpcap gives time 0 + if_tsoffset). */
    private ReadResult simplePacketBlock(Frame frame, int length) throws IOException {
        long number = frames + 1;
        if (length < MIN_SPB) {
            String what = "frame " + number;
            return damaged(what + ": the Simple Packet Block at byte " + in.offset() + " is only " + length
                    + " bytes long (at least " + MIN_SPB + ")");
        }
        if (interfaces == 0) {
            return damaged("frame " + number + " at byte " + in.offset() + " is a Simple Packet Block, but the section "
                    + "describes no interface for it");
        }
        if (in.ensure(MIN_SPB) < MIN_SPB) {
            return cutOff("frame " + number, MIN_SPB);
        }
        long original = in.uint32(in.pos + 8, bigEndian);
        int linkType = linkTypes[0];
        int captured = (int) Math.min(original, snapshots[0]);
        if (captured > length - MIN_SPB) {
            return damaged("frame " + number + " at byte " + in.offset() + " needs " + captured + " bytes of packet, but its "
                    + length + "-byte Simple Packet Block holds at most " + (length - MIN_SPB));
        }
        if (length > maxBlock[0]) {
            return damaged("frame " + number + ": the Simple Packet Block at byte " + in.offset() + " is " + length
                    + " bytes long, more than the " + maxBlock[0] + " a packet block may have");
        }
        ReadResult whole = ensureWhole(number, length);
        if (whole != null) {
            return whole;
        }
        frames = number;
        filterSlot = filterSlots[0];
        frame.set(in.buffer, in.pos + 12, captured, (int) original, toNanos(0, 0), linkType, interfaceBase, number);
        in.advance(length);
        return ReadResult.FRAME;
    }

    /** Reads an Interface Description Block; null when it was fine. */
    private ReadResult interfaceDescription(long length) throws IOException {
        String what = "the Interface Description Block at byte " + in.offset();
        if (length < MIN_IDB || length > MAX_BLOCK) {
            return damaged(what + " has the length " + length + " (from " + MIN_IDB + " to " + MAX_BLOCK + ")");
        }
        ReadResult whole = ensureWhole(0, (int) length);
        if (whole != null) {
            return whole;
        }
        int at = in.pos;
        int linkType = in.uint16(at + 8, bigEndian);
        long snaplen = in.uint32(at + 12, bigEndian);
        long units = 1_000_000L;
        int shift = -1;
        int digits = 6;
        long offset = 0;
        boolean sawResolution = false;
        boolean sawOffset = false;
        int option = at + 16;
        int end = at + (int) length - BLOCK_TRAILER;
        while (option < end) {
            if (end - option < 4) {
                return damaged(what + " ends in the middle of an option header");
            }
            int code = in.uint16(option, bigEndian);
            int optionLength = in.uint16(option + 2, bigEndian);
            int padded = (optionLength + 3) & ~3;
            if (padded > end - option - 4) {
                return damaged(what + " has an option (code " + code + ", " + optionLength
                        + " bytes) that runs past the end of the block");
            }
            int value = option + 4;
            if (code == OPT_ENDOFOPT) {
                break;
            } else if (code == IF_TSRESOL) {
                if (optionLength != 1 || sawResolution) {
                    return damaged(what + " has " + (sawResolution ? "a second if_tsresol option"
                            : "an if_tsresol option of " + optionLength + " bytes (must be 1)"));
                }
                sawResolution = true;
                int resolution = in.buffer[value] & 0xff;
                if ((resolution & 0x80) != 0) {
                    shift = resolution & 0x7f;
                    if (shift > 63) {
                        return damaged(what + " has the time resolution 2^-" + shift + ", finer than 2^-63");
                    }
                    units = 1L << shift;
                } else {
                    if (resolution >= POWERS_OF_TEN.length) {
                        return damaged(what + " has the time resolution 10^-" + resolution + ", finer than 10^-"
                                + (POWERS_OF_TEN.length - 1));
                    }
                    shift = -1;
                    digits = resolution;
                    units = POWERS_OF_TEN[resolution];
                }
            } else if (code == IF_TSOFFSET) {
                if (optionLength != 8 || sawOffset) {
                    return damaged(what + " has " + (sawOffset ? "a second if_tsoffset option"
                            : "an if_tsoffset option of " + optionLength + " bytes (must be 8)"));
                }
                sawOffset = true;
                offset = in.int64(value, bigEndian);
            }
            option = value + padded;
        }
        int slot = 0;
        if (filter() != null) {
            try {
                slot = filter().prepare(linkType, bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            } catch (CaptureException e) {
                return damaged("interface " + (interfaceBase + interfaces) + " (" + LinkType.describe(linkType)
                        + "): " + e.getMessage());
            }
        }
        addInterface(linkType, Snaplen.adjust(linkType, snaplen), units, shift, digits, offset, slot);
        in.advance((int) length);
        return null;
    }

    private void addInterface(int linkType, int snapshot, long units, int shift, int digits, long offset,
                              int slot) {
        if (interfaces == linkTypes.length) {
            int size = interfaces * 2;
            linkTypes = Arrays.copyOf(linkTypes, size);
            snapshots = Arrays.copyOf(snapshots, size);
            maxCaptured = Arrays.copyOf(maxCaptured, size);
            maxBlock = Arrays.copyOf(maxBlock, size);
            unitsPerSecond = Arrays.copyOf(unitsPerSecond, size);
            binaryShift = Arrays.copyOf(binaryShift, size);
            decimalDigits = Arrays.copyOf(decimalDigits, size);
            offsetSeconds = Arrays.copyOf(offsetSeconds, size);
            filterSlots = Arrays.copyOf(filterSlots, size);
        }
        linkTypes[interfaces] = linkType;
        snapshots[interfaces] = snapshot;
        maxCaptured[interfaces] = Snaplen.maxFor(linkType);
        maxBlock[interfaces] = maxPacketBlock(linkType);
        unitsPerSecond[interfaces] = units;
        binaryShift[interfaces] = shift;
        decimalDigits[interfaces] = digits;
        offsetSeconds[interfaces] = offset;
        filterSlots[interfaces] = slot;
        interfaces++;
    }

    /**
     * A Section Header Block after the first: a new section with its own byte order and interfaces.
     * Returns null when it was fine.
     */
    private ReadResult sectionHeader() throws IOException {
        String what = "the Section Header Block at byte " + in.offset();
        if (in.ensure(16) < 16) {
            return cutOff("a Section Header Block", 16);
        }
        int at = in.pos;
        ByteOrder sectionOrder = sectionByteOrder(in, at);
        if (sectionOrder == null) {
            return damaged(what + " has a bad byte-order magic (" + hex(in.buffer, at + 8, 4) + ")");
        }
        boolean order = sectionOrder == ByteOrder.BIG_ENDIAN;
        long length = in.uint32(at + 4, order);
        if (length < MIN_SHB || length % 4 != 0) {
            return damaged(what + " has the length " + length + ", which is not a multiple of 4 of at least " + MIN_SHB);
        }
        int major = in.uint16(at + 12, order);
        if (major != 1) {
            return damaged(what + " starts a section of pcapng version " + major + "." + in.uint16(at + 14, order)
                    + ", which this reader does not know");
        }
        bigEndian = order;
        interfaceBase += interfaces;
        interfaces = 0;
        return skipBlock(SHB, length);
    }

    /**
     * The byte order the Section Header Block at {@code at} declares with its byte-order magic (its first 12
     * bytes must be buffered), or null when the magic is neither order's.
     */
    private static ByteOrder sectionByteOrder(FileInput in, int at) {
        if (in.int32(at + 8, false) == BYTE_ORDER_MAGIC) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (in.int32(at + 8, true) == BYTE_ORDER_MAGIC) {
            return ByteOrder.BIG_ENDIAN;
        }
        return null;
    }

    /** Skips a whole block, checking its trailer; null when it was fine. */
    private ReadResult skipBlock(int type, long length) throws IOException {
        long start = in.offset();
        long trailerAt = length - BLOCK_TRAILER;
        if (in.available() >= length) {
            long trailer = in.uint32(in.pos + (int) trailerAt, bigEndian);
            if (trailer != length) {
                return mismatch("the " + blockName(type) + " at byte " + start, length, trailer);
            }
            in.advance((int) length);
            return null;
        }
        long skipped = in.skip(trailerAt);
        if (skipped < trailerAt || in.ensure(BLOCK_TRAILER) < BLOCK_TRAILER) {
            long end = in.offset() + in.available();
            return damaged("cut off in the middle of " + article(blockName(type)) + " (byte " + end
                    + " of " + end + "; the block needs " + (length - skipped - in.available()) + " more)");
        }
        long trailer = in.uint32(in.pos, bigEndian);
        if (trailer != length) {
            return mismatch("the " + blockName(type) + " at byte " + start, length, trailer);
        }
        in.advance(BLOCK_TRAILER);
        return null;
    }

    /**
     * Makes the whole block available and checks its trailer; null when it is all there and consistent.
     *
     * @param frameNumber the frame the block holds, or 0 for an Interface Description Block
     */
    private ReadResult ensureWhole(long frameNumber, int length) throws IOException {
        if (in.available() < length && in.ensure(length) < length) {
            return cutOff(frameNumber == 0 ? "the Interface Description Block" : "frame " + frameNumber, length);
        }
        long trailer = in.uint32(in.pos + length - BLOCK_TRAILER, bigEndian);
        if (trailer != length) {
            String what = frameNumber == 0 ? "the Interface Description Block" : "frame " + frameNumber;
            return mismatch(what + ": the block at byte " + in.offset(), length, trailer);
        }
        return null;
    }

    private ReadResult cutOff(String what, int needed) {
        return damaged("cut off in the middle of " + what + " (" + endOfInput() + "; the block needs "
                + (needed - in.available()) + " more)");
    }

    private ReadResult mismatch(String what, long length, long trailer) {
        return damaged(what + " has the length " + length + " at its start but " + trailer + " at its end");
    }

    /** libpcap's bound on a packet block: the largest packet plus 128 KiB of options, or 16 MiB. */
    private static long maxPacketBlock(int linkType) {
        return Math.max(MAX_BLOCK, (long) Snaplen.maxFor(linkType) + 131_072 + MIN_EPB);
    }

    /**
     * Converts a timestamp in the interface's units to nanoseconds since the epoch, exactly (sub-nanosecond
     * parts are cut): seconds = t / units + if_tsoffset, nanoseconds = (t % units) * 10^9 / units.
     */
    private long toNanos(int localId, long timestamp) {
        long units = unitsPerSecond[localId];
        long seconds;
        long fraction;
        if (units == 1_000_000L && timestamp >= 0) {
            // The default (microseconds): a constant divisor the JIT turns into a multiplication.
            seconds = timestamp / 1_000_000L;
            fraction = timestamp % 1_000_000L;
        } else {
            seconds = Long.divideUnsigned(timestamp, units);
            fraction = Long.remainderUnsigned(timestamp, units);
        }
        seconds += offsetSeconds[localId];
        long nanos;
        int shift = binaryShift[localId];
        if (shift >= 0) {
            // fraction < 2^shift <= 2^63: (fraction * 10^9) >> shift over the 128-bit product.
            long high = Math.multiplyHigh(fraction, NANOS_PER_SECOND);
            long low = fraction * NANOS_PER_SECOND;
            nanos = shift == 0 ? low : (high << (64 - shift)) | (low >>> shift);
        } else {
            int digits = decimalDigits[localId];
            nanos = digits <= 9 ? fraction * POWERS_OF_TEN[9 - digits] : fraction / POWERS_OF_TEN[digits - 9];
        }
        return seconds * NANOS_PER_SECOND + nanos;
    }

    /** "frame 7 (an Enhanced Packet Block)" for packet blocks, else "a Name Resolution Block". */
    private String describe(int type) {
        String block = article(blockName(type));
        return type == EPB || type == PB || type == SPB ? "frame " + (frames + 1) + " (" + block + ")" : block;
    }

    private static String blockName(int type) {
        return switch (type) {
            case SHB -> "Section Header Block";
            case IDB -> "Interface Description Block";
            case PB -> "Packet Block";
            case SPB -> "Simple Packet Block";
            case NRB -> "Name Resolution Block";
            case ISB -> "Interface Statistics Block";
            case EPB -> "Enhanced Packet Block";
            case DSB -> "Decryption Secrets Block";
            case 0x00000bad, 0x40000bad -> "Custom Block";
            default -> String.format("block of type 0x%08x", type);
        };
    }

    /** Bytes in file order: "4d 3c 2b 1a". */
    static String hex(byte[] bytes, int from, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[from + i] & 0xff));
        }
        return text.toString();
    }

    private static String article(String blockName) {
        return (blockName.startsWith("I") || blockName.startsWith("E") ? "an " : "a ") + blockName;
    }
}
