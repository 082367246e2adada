package dev.conntrail.capture.pcap;

import java.nio.file.Path;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.PacketSource;

/**
 * Opens capture files with libpcap: the reference reader behind {@code --reader libpcap}. It reads
 * whatever the installed libpcap reads (and refuses what it refuses, such as a pcapng whose interfaces
 * differ in link type), at libpcap's speed.
 */
public final class LibpcapFiles {

    private LibpcapFiles() {
    }

    /**
     * @param path   a capture file, or {@code "-"} for standard input
     * @param filter a tcpdump filter expression, or null/blank for none; applied inside the source, so
     *               {@code next} returns only matching frames while {@code framesRead} counts all
     * @throws CaptureException one line naming the file: libpcap's reason it cannot open it, a bad filter,
     *                          or that libpcap is not installed
     */
    public static PacketSource open(String path, String filter) throws CaptureException {
        return LibpcapFileSource.open(path, filter);
    }

    /** {@link #open(String, String)} for a path. */
    public static PacketSource open(Path path, String filter) throws CaptureException {
        return LibpcapFileSource.open(path.toString(), filter);
    }
}
