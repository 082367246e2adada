package dev.conntrail.capture.pcap;

import java.lang.reflect.Field;
import java.nio.ByteOrder;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.Frame;
import dev.conntrail.capture.PacketSource;
import dev.conntrail.capture.ReadResult;

/**
 * Reads a capture file with libpcap itself: the reference reader ({@code --reader libpcap}).
 *
 * <p>pcap4j opens the file ({@code pcap_open_offline_with_tstamp_precision}, nanoseconds; {@code "-"} is
 * standard input, as in libpcap). From then on packets come from {@link LibPcap#pcap_next_ex} on the same
 * {@code pcap_t*}, because pcap4j's per-packet calls build objects and copy through thread-locals. The
 * out-parameters live in one native block allocated here, and two reusable {@link Pointer}s are re-pointed
 * at libpcap's header and data on every packet; the bytes are copied into one reused array.
 *
 * <p>A filter is compiled by libpcap for this handle and run by libpcap's own BPF interpreter
 * ({@code pcap_offline_filter}) on every packet. {@code pcap_setfilter} would hide the rejected packets
 * inside {@code pcap_next_ex}, and then neither {@link #framesRead()} nor {@link Frame#number()} (the
 * frame's position in the file, as tcpdump counts) could be right.
 */
final class LibpcapFileSource implements PacketSource {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int INITIAL_COPY_SIZE = 64 * 1024;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final String name;
    private final PcapHandle handle;
    private final Pointer pcap;
    private final int linkType;

    /** Two pointer-sized slots: pcap_next_ex writes the header address to the first, the data address to the second. */
    private final Memory outSlots = new Memory(2L * LibPcap.POINTER_SIZE);
    private final Pointer headerOut = outSlots.share(0);
    private final Pointer dataOut = outSlots.share(LibPcap.POINTER_SIZE);
    /** Re-pointed at libpcap's pcap_pkthdr / packet bytes after each packet. */
    private final Pointer header = new Pointer(0);
    private final Pointer data = new Pointer(0);

    /** The compiled filter (a struct bpf_program), or null without a filter. */
    private final Memory program;

    /** The two out-slot addresses, and the pcap_pkthdr as three longs (sec, nsec, caplen | len << 32). */
    private final long[] addresses = new long[2];
    private final long[] packetHeader = new long[3];
    private byte[] copy = new byte[INITIAL_COPY_SIZE];
    private long framesRead;
    private String problem;
    private boolean finished;
    private boolean closed;

    private LibpcapFileSource(String name, PcapHandle handle, Pointer pcap, Memory program) {
        this.name = name;
        this.handle = handle;
        this.pcap = pcap;
        this.program = program;
        this.linkType = LibPcap.pcap_datalink(pcap);
    }

    /**
     * Opens {@code path} ({@code "-"} for standard input) with libpcap.
     *
     * @param filter a tcpdump filter expression, or null/blank for none
     */
    static LibpcapFileSource open(String path, String filter) throws CaptureException {
        String name = "-".equals(path) ? "standard input" : path;
        LibPcap.load();
        PcapHandle handle;
        try {
            handle = Pcaps.openOffline(path, PcapHandle.TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            throw new CaptureException(name + ": " + withoutPathPrefix(e.getMessage(), path), e);
        } catch (LinkageError e) {
            throw new CaptureException(LibPcap.INSTALL_HINT, e);
        } catch (RuntimeException e) {
            throw new CaptureException(name + ": libpcap could not open it (" + e + ")", e);
        }
        Pointer pcap = nativeHandle(handle);
        Memory program = null;
        try {
            if (filter != null && !filter.isBlank()) {
                program = FilterCompiler.compileOn(pcap, filter);
            }
            return new LibpcapFileSource(name, handle, pcap, program);
        } catch (CaptureException | RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    /**
     * The one place that reaches into pcap4j: {@code PcapHandle} keeps its {@code pcap_t*} in the private
     * field {@code handle} (pcap4j 1.8.2) and offers no accessor. We read it once, right after opening; the
     * handle stays owned by pcap4j, which closes it.
     */
    private static Pointer nativeHandle(PcapHandle handle) throws CaptureException {
        try {
            Field field = PcapHandle.class.getDeclaredField("handle");
            field.setAccessible(true);
            Pointer pointer = (Pointer) field.get(handle);
            if (pointer == null) {
                throw new IllegalStateException("null pcap_t");
            }
            return pointer;
        } catch (ReflectiveOperationException | RuntimeException e) {
            handle.close();
            throw new CaptureException("cannot reach libpcap's handle inside pcap4j (" + e
                    + "); is the pcap4j version 1.8.2?", e);
        }
    }

    /** libpcap's open errors often start with the path ("x.pcap: No such file or directory"). */
    static String withoutPathPrefix(String message, String path) {
        if (message == null || message.isBlank()) {
            return "libpcap could not open it";
        }
        String prefix = path + ": ";
        String line = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        int newline = line.indexOf('\n');
        return newline < 0 ? line : line.substring(0, newline);
    }

    @Override
    public ReadResult next(Frame frame) {
        if (finished) {
            return problem != null ? ReadResult.DAMAGED : ReadResult.END;
        }
        while (true) {
            int rc = LibPcap.pcap_next_ex(pcap, headerOut, dataOut);
            switch (rc) {
                case LibPcap.NEXT_PACKET:
                    framesRead++;
                    outSlots.read(0, addresses, 0, 2);
                    Pointer.nativeValue(header, addresses[0]);
                    Pointer.nativeValue(data, addresses[1]);
                    if (program != null && LibPcap.pcap_offline_filter(program, header, data) == 0) {
                        continue;
                    }
                    fill(frame);
                    return ReadResult.FRAME;
                case LibPcap.NEXT_TIMEOUT:
                    // Savefiles never time out; a live source reuses the binding and reports this.
                    return ReadResult.TIMEOUT;
                case LibPcap.NEXT_END:
                    finished = true;
                    return ReadResult.END;
                case LibPcap.NEXT_ERROR:
                    finished = true;
                    problem = name + ": libpcap stopped after frame " + framesRead + ": "
                            + LibPcap.pcap_geterr(pcap);
                    return ReadResult.DAMAGED;
                default:
                    finished = true;
                    problem = name + ": libpcap returned the unknown code " + rc + " after frame " + framesRead;
                    return ReadResult.DAMAGED;
            }
        }
    }

    /** Copies libpcap's header and bytes with two native reads (each read is one JNI call). */
    private void fill(Frame frame) {
        header.read(0, packetHeader, 0, 3);
        long seconds = packetHeader[LibPcap.PKTHDR_TS_SEC / 8];
        long nanos = packetHeader[LibPcap.PKTHDR_TS_FRACTION / 8];
        // caplen and len share the third long: caplen is its low half on little-endian machines.
        long lengths = packetHeader[LibPcap.PKTHDR_CAPLEN / 8];
        int capturedLength = (int) (LITTLE_ENDIAN ? lengths : lengths >>> 32);
        int originalLength = (int) (LITTLE_ENDIAN ? lengths >>> 32 : lengths);
        if (capturedLength > copy.length) {
            copy = new byte[Math.max(capturedLength, copy.length * 2)];
        }
        data.read(0, copy, 0, capturedLength);
        frame.set(copy, 0, capturedLength, originalLength, seconds * NANOS_PER_SECOND + nanos, linkType, 0,
                framesRead);
    }

    @Override
    public int linkType() {
        return linkType;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public long framesRead() {
        return framesRead;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (program != null) {
            LibPcap.pcap_freecode(program);
            program.close();
        }
        handle.close();
        outSlots.close();
    }
}
