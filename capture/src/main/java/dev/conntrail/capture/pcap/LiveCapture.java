package dev.conntrail.capture.pcap;

import java.time.Instant;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.CaptureStats;
import dev.conntrail.capture.Frame;
import dev.conntrail.capture.PacketSource;
import dev.conntrail.capture.ReadResult;

/**
 * A live capture on one interface: pcap4j opens and configures the handle ({@code PcapHandle.Builder}:
 * immediate mode, snap length, kernel buffer, promiscuous mode, read timeout, nanosecond timestamps), the
 * filter is compiled by libpcap for that handle and installed in the kernel, and packets come from
 * {@code pcap_next_ex} on the same {@code pcap_t*} through {@link NextEx}, with nothing allocated per packet.
 *
 * <h2>Threads</h2>
 * One thread, the capture thread, calls {@link #next}, {@link #stats()} and {@link #close()}. Any thread
 * may call {@link #wake()} and {@link #stop()}; both use {@code pcap_breakloop}, the one libpcap call made
 * for that, and both become no-ops once the handle is closed.
 *
 * <h2>Waiting</h2>
 * In immediate mode on Linux a read on an idle interface may block until a packet arrives, however short
 * the read timeout. A caller that needs to run at intervals (flush output, advance time, print statistics)
 * calls {@link #wake()} from a timer: the blocked read returns {@link ReadResult#TIMEOUT}.
 *
 * <h2>Stopping</h2>
 * {@link #stop()} wakes the reader for good. The reader then switches the handle to non-blocking reads and
 * delivers what the kernel had already captured when the stop came (packets stamped before it), then
 * returns {@link ReadResult#END}. The caller then reads {@link #stats()} and closes. Closing a handle while
 * a read blocks in it hangs, which this order avoids.
 */
public final class LiveCapture implements PacketSource {

    private static final long UNSIGNED_INT = 0xffff_ffffL;
    private static final int STAT_RECEIVED = 0;
    private static final int STAT_DROPPED = 4;
    private static final int STAT_IF_DROPPED = 8;

    private final String name;
    private final PcapHandle handle;
    private final Pointer pcap;
    private final int linkType;
    private final int snaplen;
    private final NextEx reads = new NextEx();
    private final Memory stat = new Memory(LibPcap.STAT_SIZE);

    /** Guards the handle's lifetime against {@link #wake()} and {@link #stop()} from other threads. */
    private final Object lifecycle = new Object();
    private boolean closed;
    private volatile boolean stopRequested;
    private volatile long stopNanos;

    // Capture thread only.
    private boolean draining;
    private boolean breakPending;
    private boolean finished;
    private String problem;
    private long framesRead;
    private final long[] statTotals = new long[3];
    private final long[] statLast = new long[3];

    private LiveCapture(String name, PcapHandle handle, Pointer pcap) {
        this.name = name;
        this.handle = handle;
        this.pcap = pcap;
        this.linkType = LibPcap.pcap_datalink(pcap);
        this.snaplen = LibPcap.pcap_snapshot(pcap);
    }

    /**
     * Opens and activates a capture as {@code options} say and installs its filter.
     *
     * @throws CaptureException one line that names the interface: it does not exist, is down, the process
     *                          lacks the rights to capture (and how to grant them), or the filter is bad
     */
    public static LiveCapture open(LiveOptions options) throws CaptureException {
        LibPcap.load();
        String name = options.interfaceName();
        PcapHandle handle;
        try {
            handle = new PcapHandle.Builder(name)
                    .snaplen(options.snaplen())
                    .bufferSize(options.bufferBytes())
                    .promiscuousMode(options.promiscuous() ? PromiscuousMode.PROMISCUOUS
                            : PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(options.readTimeoutMillis())
                    .immediateMode(true)
                    .timestampPrecision(PcapHandle.TimestampPrecision.NANO)
                    .build();
        } catch (PcapNativeException e) {
            throw new CaptureException(OpenFailures.describe(name, e.getReturnCode(), e.getMessage(),
                    options.promiscuous()), e);
        } catch (LinkageError e) {
            throw new CaptureException(LibPcap.INSTALL_HINT, e);
        } catch (RuntimeException e) {
            throw new CaptureException("cannot capture on " + name + ": libpcap could not open it (" + e + ")", e);
        }
        Pointer pcap = Pcap4jHandles.pcapOf(handle);
        try {
            if (options.filter() != null && !options.filter().isBlank()) {
                install(pcap, options.filter(), name);
            }
            return new LiveCapture(name, handle, pcap);
        } catch (CaptureException | RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    private static void install(Pointer pcap, String filter, String name) throws CaptureException {
        Memory program;
        try {
            program = FilterCompiler.compileOn(pcap, filter);
        } catch (CaptureException e) {
            throw new CaptureException("cannot capture on " + name + ": " + e.getMessage(), e);
        }
        try {
            if (LibPcap.pcap_setfilter(pcap, program) != 0) {
                throw new CaptureException("cannot capture on " + name + ": cannot install filter \"" + filter
                        + "\": " + LibPcap.pcap_geterr(pcap));
            }
        } finally {
            LibPcap.pcap_freecode(program); // the kernel (or libpcap) keeps its own copy
            program.close();
        }
    }

    @Override
    public ReadResult next(Frame frame) {
        if (finished) {
            return problem != null ? ReadResult.DAMAGED : ReadResult.END;
        }
        while (true) {
            if (breakPending) {
                breakPending = false;
                if (!stopRequested) {
                    return ReadResult.TIMEOUT;
                }
            }
            if (stopRequested && !draining) {
                startDraining();
                continue;
            }
            int rc = reads.read(pcap);
            switch (rc) {
                case LibPcap.NEXT_PACKET:
                case NextEx.PACKET_THEN_BREAK:
                    breakPending = rc == NextEx.PACKET_THEN_BREAK;
                    long timeNanos = reads.timeNanos(); // reads the packet header, once
                    if (draining && timeNanos > stopNanos) {
                        return finish(); // captured after the stop: not ours to report
                    }
                    framesRead++;
                    reads.fill(frame, linkType, framesRead, timeNanos);
                    return ReadResult.FRAME;
                case LibPcap.NEXT_TIMEOUT:
                    return draining ? finish() : ReadResult.TIMEOUT;
                case LibPcap.NEXT_END:
                    // pcap_breakloop: a wake-up, a stop, or (while draining) a second stop
                    if (draining) {
                        return finish();
                    }
                    if (stopRequested) {
                        continue;
                    }
                    return ReadResult.TIMEOUT;
                case LibPcap.NEXT_ERROR:
                    problem = name + ": capture failed after " + framesRead + " packets: " + LibPcap.pcap_geterr(pcap);
                    finished = true;
                    return ReadResult.DAMAGED;
                default:
                    problem = name + ": libpcap returned the unknown code " + rc + " after " + framesRead + " packets";
                    finished = true;
                    return ReadResult.DAMAGED;
            }
        }
    }

    /** From here on reads never wait: what the kernel holds is delivered, then the capture ends. */
    private void startDraining() {
        draining = true;
        try (Memory errbuf = new Memory(LibPcap.ERRBUF_SIZE)) {
            errbuf.clear();
            if (LibPcap.pcap_setnonblock(pcap, 1, errbuf) != 0) {
                finished = true; // cannot read without blocking: end here rather than hang
            }
        }
    }

    private ReadResult finish() {
        finished = true;
        return ReadResult.END;
    }

    /** Makes a blocked {@link #next} return {@link ReadResult#TIMEOUT} soon. Any thread; cheap. */
    public void wake() {
        synchronized (lifecycle) {
            if (!closed && !stopRequested) {
                LibPcap.pcap_breakloop(pcap);
            }
        }
    }

    /**
     * Ends the capture (any thread, e.g. a signal handler): {@link #next} delivers the packets captured
     * before this moment, then returns {@link ReadResult#END}.
     */
    @Override
    public void stop() {
        synchronized (lifecycle) {
            if (closed || stopRequested) {
                return;
            }
            Instant now = Instant.now();
            stopNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            stopRequested = true;
            LibPcap.pcap_breakloop(pcap);
        }
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopRequested() {
        return stopRequested;
    }

    /**
     * libpcap's counters since the capture opened (capture thread). libpcap reports 32-bit counters that
     * wrap; they are widened here by adding each call's difference.
     */
    @Override
    public CaptureStats stats() {
        synchronized (lifecycle) {
            if (!closed && LibPcap.pcap_stats(pcap, stat) == 0) {
                add(STAT_RECEIVED / 4, stat.getInt(STAT_RECEIVED));
                add(STAT_DROPPED / 4, stat.getInt(STAT_DROPPED));
                add(STAT_IF_DROPPED / 4, stat.getInt(STAT_IF_DROPPED));
            }
        }
        return new CaptureStats(statTotals[0], statTotals[1], statTotals[2], true);
    }

    private void add(int index, int raw) {
        long value = raw & UNSIGNED_INT;
        statTotals[index] += (value - statLast[index]) & UNSIGNED_INT;
        statLast[index] = value;
    }

    @Override
    public int linkType() {
        return linkType;
    }

    /** The snapshot length libpcap actually uses (it may raise or cap what was asked). */
    public int snaplen() {
        return snaplen;
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

    /** Capture thread, after {@link #next} has returned for the last time. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            handle.close();
        }
        reads.close();
        stat.close();
    }
}
