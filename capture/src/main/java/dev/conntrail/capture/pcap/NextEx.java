package dev.conntrail.capture.pcap;

import java.nio.ByteOrder;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import dev.conntrail.capture.Frame;

/**
 * The per-packet half of {@code pcap_next_ex}, shared by the file and the live source: the two out-slots
 * libpcap writes its header and data addresses into, two {@link Pointer}s re-pointed at them after every
 * packet, and one reused array the bytes are copied into. Nothing is allocated per packet.
 */
final class NextEx implements AutoCloseable {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int INITIAL_COPY_SIZE = 64 * 1024;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    /** Two pointer-sized slots: pcap_next_ex writes the header address to the first, the data address to the second. */
    private final Memory outSlots = new Memory(2L * LibPcap.POINTER_SIZE);
    private final Pointer headerOut = outSlots.share(0);
    private final Pointer dataOut = outSlots.share(LibPcap.POINTER_SIZE);
    /** Re-pointed at libpcap's pcap_pkthdr / packet bytes after each packet. */
    private final Pointer header = new Pointer(0);
    private final Pointer data = new Pointer(0);

    /** The two out-slot addresses, and the pcap_pkthdr as three longs (sec, nsec, caplen | len << 32). */
    private final long[] addresses = new long[2];
    private final long[] packetHeader = new long[3];
    private byte[] copy = new byte[INITIAL_COPY_SIZE];

    /**
     * Not a libpcap code: {@code pcap_next_ex} returned {@link LibPcap#NEXT_END} because of
     * {@code pcap_breakloop}, but only after it had read a packet, which is in {@link #header()} and
     * {@link #data()} like after {@link LibPcap#NEXT_PACKET}.
     *
     * <p>libpcap's Linux ring reader (1.10, {@code pcap_read_linux_mmap_v2}) hands a packet to the callback,
     * returns the ring slot to the kernel, and only then checks the break flag; so a break requested while
     * packets are flowing comes back as "loop broken" together with a packet that has already left the
     * ring. Treating that as a plain break would lose the packet.
     */
    static final int PACKET_THEN_BREAK = 2;

    /**
     * Calls {@code pcap_next_ex} once and returns its code or {@link #PACKET_THEN_BREAK}; after
     * {@link LibPcap#NEXT_PACKET} or {@link #PACKET_THEN_BREAK}, {@link #header()} and {@link #data()} point
     * at the packet until the next call.
     */
    int read(Pointer pcap) {
        outSlots.setLong(LibPcap.POINTER_SIZE, 0L); // the data slot: libpcap sets it only when it reads a packet
        int rc = LibPcap.pcap_next_ex(pcap, headerOut, dataOut);
        if (rc == LibPcap.NEXT_PACKET || rc == LibPcap.NEXT_END) {
            outSlots.read(0, addresses, 0, 2);
            if (rc == LibPcap.NEXT_END) {
                if (addresses[1] == 0L) {
                    return rc;
                }
                rc = PACKET_THEN_BREAK;
            }
            Pointer.nativeValue(header, addresses[0]);
            Pointer.nativeValue(data, addresses[1]);
        }
        return rc;
    }

    Pointer header() {
        return header;
    }

    Pointer data() {
        return data;
    }

    /**
     * Reads the packet's {@code pcap_pkthdr} (one JNI call) and returns its capture time in nanoseconds since
     * the epoch (the handle must have nanosecond precision); {@link #fill(Frame, int, long, long)} uses the
     * rest of what it read.
     */
    long timeNanos() {
        header.read(0, packetHeader, 0, 3);
        return packetHeader[LibPcap.PKTHDR_TS_SEC / 8] * NANOS_PER_SECOND
                + packetHeader[LibPcap.PKTHDR_TS_FRACTION / 8];
    }

    /** Copies the packet's header and bytes into {@code frame} with two native reads (each one JNI call). */
    void fill(Frame frame, int linkType, long number) {
        fill(frame, linkType, number, timeNanos());
    }

    /**
     * Copies the packet's bytes into {@code frame} with one native read, after {@link #timeNanos()} has read
     * this packet's header and returned {@code timeNanos}.
     */
    void fill(Frame frame, int linkType, long number, long timeNanos) {
        // caplen and len share the third long: caplen is its low half on little-endian machines.
        long lengths = packetHeader[LibPcap.PKTHDR_CAPLEN / 8];
        int capturedLength = (int) (LITTLE_ENDIAN ? lengths : lengths >>> 32);
        int originalLength = (int) (LITTLE_ENDIAN ? lengths >>> 32 : lengths);
        if (capturedLength > copy.length) {
            copy = new byte[Math.max(capturedLength, copy.length * 2)];
        }
        data.read(0, copy, 0, capturedLength);
        frame.set(copy, 0, capturedLength, originalLength, timeNanos, linkType, 0, number);
    }

    @Override
    public void close() {
        outSlots.close();
    }
}
