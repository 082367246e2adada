package dev.conntrail.capture.pcap;

/**
 * How to open a live capture.
 *
 * @param interfaceName     the interface, or {@code any} for all of them (Linux)
 * @param snaplen           bytes kept of each packet; conntrail needs headers, not payload
 * @param bufferBytes       the kernel's capture buffer. In immediate mode the ring is cut into
 *                          snaplen-sized slots, so buffer / snaplen is how many packets can wait
 * @param promiscuous       also capture frames addressed to other hosts (needs CAP_NET_ADMIN)
 * @param readTimeoutMillis how long a read may wait before returning {@code TIMEOUT} (libpcap may wait
 *                          longer on an idle interface; {@link LiveCapture#wake()} covers that)
 * @param filter            a tcpdump filter expression installed in the kernel, or null for none
 */
public record LiveOptions(String interfaceName, int snaplen, int bufferBytes, boolean promiscuous,
                          int readTimeoutMillis, String filter) {

    /** Headers of any encapsulation conntrail decodes fit in 256 bytes; measured to lose nothing in bursts. */
    public static final int DEFAULT_SNAPLEN = 256;
    /** 32 MiB: with a 256-byte snaplen, room for about 100,000 waiting packets. */
    public static final int DEFAULT_BUFFER_BYTES = 32 << 20;

    public LiveOptions {
        if (interfaceName == null || interfaceName.isBlank()) {
            throw new IllegalArgumentException("no interface name");
        }
        if (snaplen < 1) {
            throw new IllegalArgumentException("snaplen must be at least 1: " + snaplen);
        }
        if (bufferBytes < 1) {
            throw new IllegalArgumentException("buffer size must be at least 1 byte: " + bufferBytes);
        }
    }
}
