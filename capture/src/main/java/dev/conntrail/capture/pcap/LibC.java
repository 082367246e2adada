package dev.conntrail.capture.pcap;

import com.sun.jna.Pointer;

/**
 * The one C library call the filter compiler needs: a {@code FILE*} over memory, so that libpcap can open a
 * 24-byte pcap header as a savefile without a temporary file. Registered by {@link LibPcap#load()}.
 */
final class LibC {

    private LibC() {
    }

    /** {@code FILE *fmemopen(void *buf, size_t size, const char *mode)}; {@code buf} must outlive the stream. */
    static native Pointer fmemopen(Pointer buffer, long size, String mode);

    /** Closes a stream libpcap did not take over. */
    static native int fclose(Pointer stream);
}
