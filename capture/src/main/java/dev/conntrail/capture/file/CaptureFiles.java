package dev.conntrail.capture.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.PacketSource;
import dev.conntrail.capture.bpf.BpfCompiler;
import dev.conntrail.capture.bpf.FrameFilter;
import dev.conntrail.capture.pcap.FilterCompiler;

/**
 * Opens pcap and pcapng files with the pure-Java reader: the fast default for {@code -r}.
 *
 * <p>The format comes from the first bytes, not the file name: pcap in either byte order with micro- or
 * nanosecond timestamps, the modified (Kuznetzov) pcap, and pcapng. Frames are handed out as windows into
 * one large reused read buffer, so reading allocates nothing per packet. Whatever the file holds, a bad
 * start is a {@link CaptureException} with one line naming the file, and damage later on is
 * {@link dev.conntrail.capture.ReadResult#DAMAGED} after every complete frame before it.
 *
 * <p>A filter expression is compiled by libpcap (once per link type in the file) and run in Java on every
 * frame; {@code next} returns only matching frames, {@code framesRead} counts all of them.
 */
public final class CaptureFiles {

    /** What {@code open("-")} calls standard input in messages. */
    public static final String STANDARD_INPUT = "standard input";

    private static final int SMALLEST_BUFFER = 64 * 1024;
    private static final int MAGIC_BYTES = 4;
    private static final int SHOWN_BYTES = 8;

    /**
     * libpcap's compiler, behind a lambda rather than a method reference: linking a method reference loads
     * its class, and FilterCompiler's loading pulls in JNA, which a run without a filter never needs.
     */
    private static final BpfCompiler LIBPCAP = (expression, linkType, order) ->
            FilterCompiler.compile(expression, linkType, order);

    private CaptureFiles() {
    }

    /** Opens a capture file without a filter. */
    public static PacketSource open(Path path) throws CaptureException {
        return open(path, null);
    }

    /**
     * Opens a capture file.
     *
     * @param filter a tcpdump filter expression, or null/blank for none
     * @throws CaptureException one line naming the file: it is missing, a directory, unreadable, empty, not
     *                          a capture file (saying what it starts with), of an unsupported version, or
     *                          the filter does not compile
     */
    public static PacketSource open(Path path, String filter) throws CaptureException {
        return open(path, filter, LIBPCAP);
    }

    /**
     * Opens a capture file, or standard input for {@code "-"}.
     *
     * @param filter a tcpdump filter expression, or null/blank for none
     */
    public static PacketSource open(String pathOrDash, String filter) throws CaptureException {
        if ("-".equals(pathOrDash)) {
            return open(System.in, STANDARD_INPUT, filter);
        }
        return open(Path.of(pathOrDash), filter);
    }

    /**
     * Reads a capture from a stream (not closed by the source). {@code name} is used in messages.
     *
     * @param filter a tcpdump filter expression, or null/blank for none
     */
    public static PacketSource open(InputStream stream, String name, String filter) throws CaptureException {
        FileInput in = new FileInput(stream, name, FileInput.DEFAULT_BUFFER);
        return detect(name, in, filterFor(filter, LIBPCAP));
    }

    /** {@link #open(Path, String)} with another compiler for the filter (tests). */
    static PacketSource open(Path path, String filter, BpfCompiler compiler) throws CaptureException {
        String name = path.toString();
        if (Files.isDirectory(path)) {
            throw new CaptureException(name + ": is a directory, not a capture file");
        }
        FileChannel channel;
        long size;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            size = channel.size();
        } catch (NoSuchFileException e) {
            throw new CaptureException(name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CaptureException(name + ": permission denied");
        } catch (IOException | SecurityException e) {
            throw new CaptureException(name + ": cannot open it (" + e.getMessage() + ")");
        }
        if (size == 0) {
            close(channel);
            throw new CaptureException(name + ": empty file (0 bytes), not a pcap or pcapng file");
        }
        int bufferSize = (int) Math.max(SMALLEST_BUFFER, Math.min(FileInput.DEFAULT_BUFFER, size));
        FileInput in = new FileInput(channel, true, bufferSize);
        return detect(name, in, filterFor(filter, compiler));
    }

    private static FrameFilter filterFor(String filter, BpfCompiler compiler) {
        return filter == null || filter.isBlank() ? null : new FrameFilter(filter, compiler);
    }

    private static PacketSource detect(String name, FileInput in, FrameFilter filter) throws CaptureException {
        boolean opened = false;
        try {
            int got = in.ensure(SHOWN_BYTES);
            if (got == 0) {
                throw new CaptureException(name + ": empty, not a pcap or pcapng file");
            }
            if (got < MAGIC_BYTES) {
                throw new CaptureException(name + ": too short (" + got + " byte" + (got == 1 ? "" : "s")
                        + ") to be a pcap or pcapng file");
            }
            int big = in.int32(in.pos, true);
            int little = in.int32(in.pos, false);
            PacketSource source;
            if (isPcapMagic(big) || isPcapMagic(little)) {
                source = PcapFileReader.open(name, in, filter);
            } else if (big == PcapNgFileReader.SHB) {
                source = PcapNgFileReader.open(name, in, filter);
            } else {
                throw new CaptureException(name + ": " + describeForeign(in.buffer, in.pos, got));
            }
            opened = true;
            return source;
        } catch (IOException e) {
            throw new CaptureException(name + ": cannot read it (" + e.getMessage() + ")", e);
        } finally {
            if (!opened) {
                in.close();
            }
        }
    }

    /** Whether {@code magic} (read in some byte order) is one of the pcap magics in that order. */
    static boolean isPcapMagic(int magic) {
        return magic == PcapFileReader.MAGIC_MICROS || magic == PcapFileReader.MAGIC_NANOS
                || magic == PcapFileReader.MAGIC_MODIFIED;
    }

    /** Says what a file that is not a capture looks like: its first bytes, as hex and, if readable, text. */
    static String describeForeign(byte[] bytes, int from, int available) {
        int shown = Math.min(SHOWN_BYTES, available);
        if (startsWith(bytes, from, available, "snoop\0\0\0")) {
            return "a Solaris snoop file, not pcap or pcapng (convert it first, e.g. with editcap -F pcap)";
        }
        if (available >= 2 && (bytes[from] & 0xff) == 0x1f && (bytes[from + 1] & 0xff) == 0x8b) {
            return "gzip-compressed, not a pcap or pcapng file (decompress it first)";
        }
        StringBuilder text = new StringBuilder();
        boolean printable = true;
        for (int i = 0; i < shown; i++) {
            int b = bytes[from + i] & 0xff;
            if (b >= 0x20 && b < 0x7f) {
                text.append((char) b);
            } else if (b == '\n' || b == '\r' || b == '\t') {
                text.append(b == '\n' ? "\\n" : b == '\r' ? "\\r" : "\\t");
            } else {
                printable = false;
            }
        }
        String hex = PcapNgFileReader.hex(bytes, from, shown);
        return "not a pcap or pcapng file (starts with " + hex + (printable ? ", text \"" + text + "\"" : "") + ")";
    }

    private static boolean startsWith(byte[] bytes, int from, int available, String prefix) {
        if (available < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[from + i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Only read from; nothing to lose.
        }
    }
}
