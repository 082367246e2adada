package dev.conntrail.capture.pcap;

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
 * {@code pcap_t*} through {@link NextEx}, because pcap4j's per-packet calls build objects and copy through
 * thread-locals.
 *
 * <p>A filter is compiled by libpcap for this handle and run by libpcap's own BPF interpreter
 * ({@code pcap_offline_filter}) on every packet. {@code pcap_setfilter} would hide the rejected packets
 * inside {@code pcap_next_ex}, and then neither {@link #framesRead()} nor {@link Frame#number()} (the
 * frame's position in the file, as tcpdump counts) could be right.
 */
final class LibpcapFileSource implements PacketSource {

    private final String name;
    private final PcapHandle handle;
    private final Pointer pcap;
    private final int linkType;
    private final NextEx reads = new NextEx();

    /** The compiled filter (a struct bpf_program), or null without a filter. */
    private final Memory program;

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
        Pointer pcap = Pcap4jHandles.pcapOf(handle);
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

    /** libpcap's open errors often start with the path ("x.pcap: No such file or directory"). */
    static String withoutPathPrefix(String message, String path) {
        String prefix = path + ": ";
        String rest = message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        return LibPcap.firstLine(rest, "libpcap could not open it");
    }

    @Override
    public ReadResult next(Frame frame) {
        if (finished) {
            return problem != null ? ReadResult.DAMAGED : ReadResult.END;
        }
        while (true) {
            int rc = reads.read(pcap);
            switch (rc) {
                case LibPcap.NEXT_PACKET:
                case NextEx.PACKET_THEN_BREAK: // only live captures are broken out of; a packet is a packet
                    framesRead++;
                    if (program != null
                            && LibPcap.pcap_offline_filter(program, reads.header(), reads.data()) == 0) {
                        continue;
                    }
                    reads.fill(frame, linkType, framesRead);
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
        reads.close();
    }
}
