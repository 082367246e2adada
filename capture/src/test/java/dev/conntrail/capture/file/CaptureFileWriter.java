package dev.conntrail.capture.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds small pcap and pcapng files byte by byte, for tests: well-formed ones by default, and anything
 * broken on request (wrong lengths, stray bytes, unknown blocks), since every field can be set.
 *
 * <pre>{@code
 * byte[] pcap = CaptureFileWriter.pcap().record(1_600_000_000L, 250_000, packet).bytes();
 * byte[] ng = CaptureFileWriter.pcapng()
 *         .interfaceBlock(LinkType.ETHERNET, 65535, CaptureFileWriter.tsresol(9))
 *         .enhancedPacket(0, 1_600_000_000_123_456_789L, packet)
 *         .bytes();
 * }</pre>
 */
public final class CaptureFileWriter {

    private CaptureFileWriter() {
    }

    /** A little-endian microsecond pcap 2.4, Ethernet, snaplen 65535; change any of it before the first record. */
    public static Pcap pcap() {
        return new Pcap();
    }

    /** A pcapng file that starts with a little-endian version 1.0 section. */
    public static PcapNg pcapng() {
        return new PcapNg(false);
    }

    /** A pcapng file whose first section is big-endian. */
    public static PcapNg pcapngBigEndian() {
        return new PcapNg(true);
    }

    /** An {@code if_tsresol} option: 10^-n seconds, or 2^-n when {@code value} has bit 7 set. */
    public static Option tsresol(int value) {
        return new Option(9, new byte[] {(byte) value});
    }

    /** An {@code if_tsoffset} option (seconds added to every timestamp), in the section's byte order. */
    public static Option tsoffset(long seconds) {
        return new Option(14, null) {
            @Override
            byte[] value(ByteOrder order) {
                return ByteBuffer.allocate(8).order(order).putLong(seconds).array();
            }
        };
    }

    /** An {@code if_name} option. */
    public static Option ifName(String name) {
        return new Option(2, name.getBytes(StandardCharsets.UTF_8));
    }

    /** Any option, value as given (padded to 4 bytes when written). */
    public static Option option(int code, byte[] value) {
        return new Option(code, value);
    }

    /** An option whose length field says {@code declaredLength} whatever the value holds. */
    public static Option lyingOption(int code, int declaredLength, byte[] value) {
        return new Option(code, value) {
            @Override
            int declaredLength(byte[] bytes) {
                return declaredLength;
            }
        };
    }

    /** A packet of {@code length} bytes counting up from {@code first}, easy to recognise in a failing test. */
    public static byte[] packet(int length, int first) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (first + i);
        }
        return bytes;
    }

    /** A pcapng option: code, value. */
    public static class Option {
        final int code;
        private final byte[] value;

        Option(int code, byte[] value) {
            this.code = code;
            this.value = value;
        }

        byte[] value(ByteOrder order) {
            return value;
        }

        int declaredLength(byte[] bytes) {
            return bytes.length;
        }
    }

    /** Shared output handling. */
    abstract static class Output<T extends Output<T>> {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        abstract T self();

        /** Appends bytes as they are: garbage, a cut, anything. */
        public T raw(byte[] bytes) {
            out.writeBytes(bytes);
            return self();
        }

        public byte[] bytes() {
            return out.toByteArray();
        }

        /** All bytes but the last {@code n}: a file cut off. */
        public byte[] bytesCut(int n) {
            byte[] all = bytes();
            byte[] cut = new byte[all.length - n];
            System.arraycopy(all, 0, cut, 0, cut.length);
            return cut;
        }

        public Path writeTo(Path file) {
            try {
                return Files.write(file, bytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Classic pcap. */
    public static final class Pcap extends Output<Pcap> {
        private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        private int magic = 0xa1b2c3d4;
        private int major = 2;
        private int minor = 4;
        private long snaplen = 65535;
        private int linkTypeField = 1;
        private boolean headerWritten;
        private boolean modified;

        @Override
        Pcap self() {
            return this;
        }

        public Pcap bigEndian() {
            order = ByteOrder.BIG_ENDIAN;
            return this;
        }

        public Pcap nanos() {
            magic = 0xa1b23c4d;
            return this;
        }

        /** The modified (Kuznetzov) format: magic a1b2cd34 and 24-byte record headers. */
        public Pcap modified() {
            magic = 0xa1b2cd34;
            modified = true;
            return this;
        }

        public Pcap magic(int value) {
            magic = value;
            return this;
        }

        public Pcap version(int majorVersion, int minorVersion) {
            major = majorVersion;
            minor = minorVersion;
            return this;
        }

        public Pcap snaplen(long value) {
            snaplen = value;
            return this;
        }

        /** The whole 32-bit link-type field, reserved and FCS bits included. */
        public Pcap linkType(int field) {
            linkTypeField = field;
            return this;
        }

        /** The file header alone (written before the first record anyway). */
        public Pcap header() {
            if (!headerWritten) {
                headerWritten = true;
                ByteBuffer header = ByteBuffer.allocate(24).order(order);
                header.putInt(magic).putShort((short) major).putShort((short) minor).putInt(0).putInt(0)
                        .putInt((int) snaplen).putInt(linkTypeField);
                out.writeBytes(header.array());
            }
            return this;
        }

        /** A record whose captured and original lengths are the data's length. */
        public Pcap record(long seconds, long fraction, byte[] data) {
            return record(seconds, fraction, data.length, data.length, data);
        }

        /** A record with the lengths as given; {@code data} is written whatever they say. */
        public Pcap record(long seconds, long fraction, long capturedLength, long originalLength, byte[] data) {
            header();
            ByteBuffer record = ByteBuffer.allocate(modified ? 24 : 16).order(order);
            record.putInt((int) seconds).putInt((int) fraction).putInt((int) capturedLength).putInt((int) originalLength);
            out.writeBytes(record.array());
            out.writeBytes(data);
            return this;
        }
    }

    /** pcapng. */
    public static final class PcapNg extends Output<PcapNg> {
        private ByteOrder order;

        PcapNg(boolean bigEndian) {
            section(bigEndian, 1, 0);
        }

        @Override
        PcapNg self() {
            return this;
        }

        /** Starts a new section (a Section Header Block) in the given byte order. */
        public PcapNg section(boolean bigEndian) {
            return section(bigEndian, 1, 0);
        }

        /** A Section Header Block with any version. */
        public PcapNg section(boolean bigEndian, int major, int minor) {
            order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            ByteBuffer body = ByteBuffer.allocate(16).order(order);
            body.putInt(0x1a2b3c4d).putShort((short) major).putShort((short) minor).putLong(-1L);
            return block(0x0a0d0d0a, body.array());
        }

        /** An Interface Description Block. */
        public PcapNg interfaceBlock(int linkType, long snaplen, Option... options) {
            ByteBuffer fixed = ByteBuffer.allocate(8).order(order);
            fixed.putShort((short) linkType).putShort((short) 0).putInt((int) snaplen);
            return block(1, concat(fixed.array(), options(options)));
        }

        /** An Enhanced Packet Block with captured = original = data length. */
        public PcapNg enhancedPacket(int interfaceId, long timestamp, byte[] data, Option... options) {
            return enhancedPacket(interfaceId, timestamp, data.length, data.length, data, options);
        }

        /** An Enhanced Packet Block with the lengths as given; {@code data} is written (padded) whatever they say. */
        public PcapNg enhancedPacket(int interfaceId, long timestamp, long capturedLength, long originalLength,
                                     byte[] data, Option... options) {
            ByteBuffer fixed = ByteBuffer.allocate(20).order(order);
            fixed.putInt(interfaceId).putInt((int) (timestamp >>> 32)).putInt((int) timestamp)
                    .putInt((int) capturedLength).putInt((int) originalLength);
            return block(6, concat(fixed.array(), padded(data), options(options)));
        }

        /** An obsolete Packet Block. */
        public PcapNg packetBlock(int interfaceId, long timestamp, byte[] data) {
            ByteBuffer fixed = ByteBuffer.allocate(20).order(order);
            fixed.putShort((short) interfaceId).putShort((short) 0).putInt((int) (timestamp >>> 32))
                    .putInt((int) timestamp).putInt(data.length).putInt(data.length);
            return block(2, concat(fixed.array(), padded(data)));
        }

        /** A Simple Packet Block: original length, then the captured bytes. */
        public PcapNg simplePacket(long originalLength, byte[] data) {
            ByteBuffer fixed = ByteBuffer.allocate(4).order(order);
            fixed.putInt((int) originalLength);
            return block(3, concat(fixed.array(), padded(data)));
        }

        /** Any block, its body padded to 4 bytes and framed by correct lengths. */
        public PcapNg block(int type, byte[] body) {
            byte[] content = padded(body);
            int total = content.length + 12;
            return block(type, total, content, total);
        }

        /** Any block with the lengths as given (for broken files). */
        public PcapNg block(int type, int leadingLength, byte[] body, int trailingLength) {
            ByteBuffer head = ByteBuffer.allocate(8).order(order);
            head.putInt(type).putInt(leadingLength);
            out.writeBytes(head.array());
            out.writeBytes(body);
            out.writeBytes(ByteBuffer.allocate(4).order(order).putInt(trailingLength).array());
            return this;
        }

        private byte[] options(Option... options) {
            if (options.length == 0) {
                return new byte[0];
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (Option option : options) {
                byte[] value = option.value(order);
                ByteBuffer head = ByteBuffer.allocate(4).order(order);
                head.putShort((short) option.code).putShort((short) option.declaredLength(value));
                bytes.writeBytes(head.array());
                bytes.writeBytes(padded(value));
            }
            bytes.writeBytes(new byte[4]); // opt_endofopt
            return bytes.toByteArray();
        }
    }

    static byte[] padded(byte[] data) {
        byte[] result = new byte[(data.length + 3) & ~3];
        System.arraycopy(data, 0, result, 0, data.length);
        return result;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            bytes.writeBytes(part);
        }
        return bytes.toByteArray();
    }
}
