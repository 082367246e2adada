package dev.conntrail.capture.pcap;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.LinkType;
import dev.conntrail.capture.bpf.BpfProgram;

/**
 * Compiles tcpdump filter expressions with libpcap ({@code pcap_open_dead} + {@code pcap_compile}), so
 * their syntax and meaning are exactly libpcap's, and hands the result back as a plain {@link BpfProgram}
 * that the Java reader runs without native calls.
 */
public final class FilterCompiler {

    /** libpcap's MAXIMUM_SNAPLEN: the snapshot length libpcap assumes when a file gives 0 or too much. */
    public static final int MAXIMUM_SNAPLEN = 262_144;

    /** libpcap before 1.8 had a non-reentrant parser; keep compilations one at a time regardless. */
    private static final Object COMPILE_LOCK = new Object();

    private FilterCompiler() {
    }

    /**
     * Compiles {@code expression} (optimized, netmask unknown, as tcpdump does for files) for frames of
     * {@code linkType}.
     *
     * @param linkType a LINKTYPE_ value as capture files carry it (mapped to libpcap's DLT_ value here)
     * @param snaplen  the snapshot length; 0 or more than {@link #MAXIMUM_SNAPLEN} means the maximum
     * @throws CaptureException {@code bad filter "tcp prot 80": syntax error}, or if libpcap is missing
     */
    public static BpfProgram compile(String expression, int linkType, int snaplen) throws CaptureException {
        LibPcap.load();
        int dlt = dltFor(linkType);
        int snapshot = snaplen <= 0 || snaplen > MAXIMUM_SNAPLEN ? MAXIMUM_SNAPLEN : snaplen;
        Pointer dead = LibPcap.pcap_open_dead(dlt, snapshot);
        if (dead == null) {
            throw new CaptureException("cannot compile filter \"" + expression + "\": libpcap is out of memory");
        }
        try (Memory program = new Memory(LibPcap.PROGRAM_SIZE)) {
            compileInto(dead, program, expression, linkType);
            try {
                return toJava(program, expression, linkType);
            } finally {
                LibPcap.pcap_freecode(program);
            }
        } finally {
            LibPcap.pcap_close(dead);
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
     * libpcap reader reports DLT values, the Java reader the file's LINKTYPE values.
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
