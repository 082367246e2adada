package dev.conntrail.capture.pcap;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import dev.conntrail.capture.CaptureException;

/**
 * A thin JNA <em>direct-mapped</em> binding of the few libpcap calls that pcap4j either does not offer or
 * offers only through allocating, copying wrappers: the per-packet loop ({@code pcap_next_ex}), filter
 * compilation ({@code pcap_compile}, for the Java reader on a savefile handle that
 * {@code pcap_fopen_offline_with_tstamp_precision} opens from memory) and what a live capture needs
 * ({@code pcap_breakloop}, {@code pcap_setnonblock}, {@code pcap_stats}, {@code pcap_setfilter}).
 *
 * <p>Direct mapping means each call is a plain JNI call: no reflection, no argument arrays, no objects per
 * call. Pointers are passed as {@link Pointer}s that the caller allocates once and re-points with
 * {@link Pointer#nativeValue(Pointer, long)}, so a read loop allocates nothing.
 *
 * <p>The binding is registered lazily by {@link #load()}: if libpcap is missing the caller gets a
 * {@link CaptureException} that says how to install it, not an {@link UnsatisfiedLinkError} from a
 * static initializer. Everything here is package-private: JNA types stay inside {@code capture.pcap}.
 *
 * <p>Layouts below are those of LP64 Linux/macOS (the only platforms the project targets):
 * <pre>
 *   struct pcap_pkthdr {            struct bpf_program {        struct bpf_insn {
 *     struct timeval ts;  //  0, 16   u_int bf_len;     // 0      u_short code; // 0
 *     bpf_u_int32 caplen; // 16       struct bpf_insn *bf_insns;  u_char jt;    // 2
 *     bpf_u_int32 len;    // 20                          // 8      u_char jf;    // 3
 *   };                    // = 24   };                  // = 16   bpf_u_int32 k; // 4
 *                                                                 };             // = 8
 *   struct pcap_stat { u_int ps_recv; u_int ps_drop; u_int ps_ifdrop; };  // = 12
 * </pre>
 */
final class LibPcap {

    /** pcap_next_ex: a packet was read. */
    static final int NEXT_PACKET = 1;
    /** pcap_next_ex: a live capture's buffer timeout expired without a packet. */
    static final int NEXT_TIMEOUT = 0;
    /** pcap_next_ex: an error; {@code pcap_geterr} says which. */
    static final int NEXT_ERROR = -1;
    /** pcap_next_ex: no more packets in the savefile (or {@code pcap_breakloop} was called). */
    static final int NEXT_END = -2;

    static final int PKTHDR_TS_SEC = 0;
    static final int PKTHDR_TS_FRACTION = 8;
    static final int PKTHDR_CAPLEN = 16;

    static final int PROGRAM_SIZE = 16;
    static final int PROGRAM_LENGTH = 0;
    static final int PROGRAM_INSTRUCTIONS = 8;
    static final int INSTRUCTION_SIZE = 8;

    static final int STAT_SIZE = 12;

    /** The layouts above assume 8-byte pointers and longs; {@link #load()} refuses anything else. */
    static final int POINTER_SIZE = 8;

    /** {@code PCAP_NETMASK_UNKNOWN}: "ip broadcast" cannot be compiled, everything else can. */
    static final int NETMASK_UNKNOWN = 0xffffffff;

    /** {@code PCAP_ERROR_NO_SUCH_DEVICE}: pcap_activate found no interface of that name. */
    static final int ERROR_NO_SUCH_DEVICE = -5;
    /** {@code PCAP_ERROR_PERM_DENIED}: the process may not open a packet socket (needs CAP_NET_RAW). */
    static final int ERROR_PERM_DENIED = -8;
    /** {@code PCAP_ERROR_IFACE_NOT_UP}: the interface is down. */
    static final int ERROR_IFACE_NOT_UP = -9;
    /** {@code PCAP_ERROR_PROMISC_PERM_DENIED}: promiscuous mode needs CAP_NET_ADMIN. */
    static final int ERROR_PROMISC_PERM_DENIED = -11;

    /** {@code PCAP_ERRBUF_SIZE}. */
    static final int ERRBUF_SIZE = 256;

    /** {@code PCAP_TSTAMP_PRECISION_NANO}. */
    static final int PRECISION_NANO = 1;

    /** The name pcap4j loads too (same property), so both bindings use one library. */
    private static final String LIBRARY_NAME = System.getProperty("org.pcap4j.core.pcapLibName", "pcap");

    static final String INSTALL_HINT = "libpcap is not installed or cannot be loaded; install it with "
            + "'sudo apt-get install libpcap0.8'";

    private static volatile boolean loaded;
    private static String loadFailure;

    private LibPcap() {
    }

    /** Registers the natives once; afterwards every method below may be called. */
    static void load() throws CaptureException {
        if (loaded) {
            return;
        }
        synchronized (LibPcap.class) {
            if (loaded) {
                return;
            }
            if (loadFailure == null && Native.POINTER_SIZE != POINTER_SIZE) {
                loadFailure = "the libpcap binding needs a 64-bit JVM (pointer size is " + Native.POINTER_SIZE + ")";
            }
            if (loadFailure == null) {
                try {
                    Native.register(LibPcap.class, NativeLibrary.getInstance(LIBRARY_NAME));
                    Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
                    loaded = true;
                    return;
                } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                    loadFailure = INSTALL_HINT + " (" + firstLine(e.getMessage(), "no detail") + ")";
                }
            }
            throw new CaptureException(loadFailure);
        }
    }

    /** The first line of a (libpcap or linker) message, for a one-line report; {@code ifNone} when it is empty. */
    static String firstLine(String message, String ifNone) {
        if (message == null || message.isBlank()) {
            return ifNone;
        }
        String line = message.strip();
        int newline = line.indexOf('\n');
        return newline < 0 ? line : line.substring(0, newline);
    }

    // --- reading --------------------------------------------------------------------------------------

    /**
     * Reads the next packet. {@code headerOut} and {@code dataOut} point at pointer-sized slots that
     * receive the addresses of libpcap's own {@code pcap_pkthdr} and packet bytes (valid until the next call).
     */
    static native int pcap_next_ex(Pointer pcap, Pointer headerOut, Pointer dataOut);

    /** The last error on {@code pcap} (copied into a Java string; only called on failure). */
    static native String pcap_geterr(Pointer pcap);

    static native int pcap_datalink(Pointer pcap);

    static native int pcap_snapshot(Pointer pcap);

    static native void pcap_close(Pointer pcap);

    /** Makes a blocked {@code pcap_next_ex} of a live capture return {@link #NEXT_END}. */
    static native void pcap_breakloop(Pointer pcap);

    /**
     * Switches a live capture between blocking (0) and non-blocking (1) reads; in non-blocking mode
     * {@code pcap_next_ex} returns {@link #NEXT_TIMEOUT} at once when no packet is waiting.
     */
    static native int pcap_setnonblock(Pointer pcap, int nonblock, Pointer errbuf);

    /** Fills a {@code struct pcap_stat} ({@link #STAT_SIZE} bytes); fails on savefiles. */
    static native int pcap_stats(Pointer pcap, Pointer statOut);

    // --- filters --------------------------------------------------------------------------------------

    /**
     * Opens a savefile from a C stream; with {@link LibC#fmemopen} this makes the savefile-like pcap_t that
     * {@code pcap_compile} needs to compile as it does for files. {@code errbuf} holds {@link #ERRBUF_SIZE} bytes.
     */
    static native Pointer pcap_fopen_offline_with_tstamp_precision(Pointer file, int precision, Pointer errbuf);

    static native int pcap_compile(Pointer pcap, Pointer programOut, String expression, int optimize,
                                   int netmask);

    static native void pcap_freecode(Pointer program);

    /** Runs libpcap's own BPF interpreter ({@code bpf_filter}) over one packet; nonzero = accept. */
    static native int pcap_offline_filter(Pointer program, Pointer header, Pointer data);

    /** Installs a filter on a live capture (in the kernel where possible). */
    static native int pcap_setfilter(Pointer pcap, Pointer program);
}
