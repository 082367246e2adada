package dev.conntrail.capture.pcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.LinkType;
import dev.conntrail.capture.bpf.BpfProgram;

/**
 * Compiles tcpdump filter expressions with libpcap ({@code pcap_compile} on a savefile handle), so
 * their syntax and meaning are exactly libpcap's, and hands the result back as a plain {@link BpfProgram}
 * that the Java reader runs without native calls.
 */
public final class FilterCompiler {

    private static final int SAVEFILE_HEADER = 24;

    /** libpcap before 1.8 had a non-reentrant parser; keep compilations one at a time regardless. */
    private static final Object COMPILE_LOCK = new Object();

    private FilterCompiler() {
    }

    /**
     * Compiles {@code expression} (optimized, netmask unknown, as tcpdump does) for frames of {@code linkType}
     * read from a capture file in this machine's byte order.
     *
     * @see #compile(String, int, ByteOrder)
     */
    public static BpfProgram compile(String expression, int linkType) throws CaptureException {
        return compile(expression, linkType, ByteOrder.nativeOrder());
    }

    /**
     * Compiles {@code expression} (optimized, netmask unknown, as tcpdump does) for frames of {@code linkType}
     * read from a capture file written in {@code fileByteOrder}.
     *
     * <p>libpcap compiles some expressions differently for files than for live captures, and differently
     * for files of the other byte order: a BSD loopback header holds the address family in the byte order
     * of the machine that captured, and which {@code AF_INET6} values count depends on whether the frames
     * come from a file. So the program is compiled on a real savefile handle: a 24-byte pcap header in
     * memory with the link type and byte order, opened by libpcap. The result is exactly what tcpdump would
     * run on that file. (The header's snapshot length is 0, libpcap's maximum: it only becomes the value the
     * program returns on a match, and a filter only asks whether that is nonzero.)
     *
     * @param linkType      a LINKTYPE_ value as capture files carry it (libpcap maps it to its DLT_ value)
     * @param fileByteOrder the byte order of the file (of the section, in pcapng) the frames come from
     * @throws CaptureException {@code bad filter "tcp prot 80": syntax error}, or if libpcap is missing
     */
    public static BpfProgram compile(String expression, int linkType, ByteOrder fileByteOrder)
            throws CaptureException {
        LibPcap.load();
        byte[] header = ByteBuffer.allocate(SAVEFILE_HEADER).order(fileByteOrder).putInt(0xa1b2c3d4)
                .putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(0).putInt(linkType)
                .array();
        try (Memory headerMemory = new Memory(SAVEFILE_HEADER); Memory errbuf = new Memory(LibPcap.ERRBUF_SIZE);
             Memory program = new Memory(LibPcap.PROGRAM_SIZE)) {
            headerMemory.write(0, header, 0, header.length);
            errbuf.clear();
            Pointer stream = LibC.fmemopen(headerMemory, SAVEFILE_HEADER, "rb");
            if (stream == null) {
                throw new CaptureException("cannot compile filter \"" + expression + "\": fmemopen failed");
            }
            Pointer pcap = LibPcap.pcap_fopen_offline_with_tstamp_precision(stream, LibPcap.PRECISION_NANO, errbuf);
            if (pcap == null) {
                LibC.fclose(stream);
                throw new CaptureException("cannot compile filter \"" + expression + "\": " + errbuf.getString(0));
            }
            try {
                compileInto(pcap, program, expression, linkType);
                try {
                    return toJava(program, expression, linkType);
                } finally {
                    LibPcap.pcap_freecode(program);
                }
            } finally {
                LibPcap.pcap_close(pcap); // also closes the stream
            }
        }
    }

    /**
     * Compiles {@code expression} for an open handle (its own link type and snapshot length) into native
     * memory that the caller owns and releases with {@code pcap_freecode} and {@code close}.
     */
    static Memory compileOn(Pointer pcap, String expression) throws CaptureException {
        Memory program = new Memory(LibPcap.PROGRAM_SIZE);
        try {
            compileInto(pcap, program, expression, LibPcap.pcap_datalink(pcap));
            return program;
        } catch (CaptureException e) {
            program.close();
            throw e;
        }
    }

    private static void compileInto(Pointer pcap, Memory program, String expression, int linkType)
            throws CaptureException {
        program.clear();
        int rc;
        String error = null;
        synchronized (COMPILE_LOCK) {
            rc = LibPcap.pcap_compile(pcap, program, expression, 1, LibPcap.NETMASK_UNKNOWN);
            if (rc != 0) {
                error = LibPcap.pcap_geterr(pcap);
            }
        }
        if (rc != 0) {
            throw new CaptureException("bad filter \"" + expression + "\": " + describe(error, linkType));
        }
    }

    /**
     * libpcap's message without its redundant "can't parse filter expression: " lead-in, and with the link
     * type named when the message is about it.
     */
    private static String describe(String error, int linkType) {
        String message = error == null || error.isBlank() ? "libpcap cannot compile it" : error.strip();
        String lead = "can't parse filter expression: ";
        if (message.startsWith(lead)) {
            message = message.substring(lead.length());
        }
        if (message.contains("link") || message.contains("not supported") || message.contains("DLT")) {
            return message + " (link type " + LinkType.describe(linkType) + ")";
        }
        return message;
    }

    private static BpfProgram toJava(Memory program, String expression, int linkType) {
        int length = program.getInt(LibPcap.PROGRAM_LENGTH);
        Pointer instructions = program.getPointer(LibPcap.PROGRAM_INSTRUCTIONS);
        long[] packed = new long[length];
        for (int i = 0; i < length; i++) {
            long at = (long) i * LibPcap.INSTRUCTION_SIZE;
            packed[i] = BpfProgram.instruction(instructions.getShort(at) & 0xffff,
                    instructions.getByte(at + 2) & 0xff, instructions.getByte(at + 3) & 0xff,
                    instructions.getInt(at + 4));
        }
        return new BpfProgram(expression, linkType, packed);
    }

    /**
     * The DLT_ value libpcap uses on Linux for a LINKTYPE_ value from a file ({@code linktype_to_dlt}):
     * they differ only for a few old types, most visibly raw IP (LINKTYPE 101 is DLT 12 on Linux). The
     * libpcap reader reports DLT values, the Java reader the file's LINKTYPE values; this maps the latter
     * to the former, e.g. to compare the two.
     */
    public static int dltFor(int linkType) {
        return switch (linkType) {
            case 100 -> 11; // ATM_RFC1483
            case LinkType.RAW -> LinkType.RAW_BSD;
            case 102 -> 15; // SLIP_BSDOS
            case 103 -> 16; // PPP_BSDOS
            case 106 -> 19; // ATM_CLIP (Linux)
            default -> linkType;
        };
    }
}
