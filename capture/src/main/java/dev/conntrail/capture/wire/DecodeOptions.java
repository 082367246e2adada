package dev.conntrail.capture.wire;

/**
 * How a {@link FrameDecoder} decodes.
 *
 * @param verifyChecksums      verify TCP checksums of fully captured segments (a bad one is reported, never
 *                             dropped)
 * @param maxTunnelDepth       tunnels followed inside one another before giving up with
 *                             {@link DecodeOutcome#TUNNEL_TOO_DEEP} (Zeek's {@code Tunnel::max_depth} is 2)
 * @param maxPendingDatagrams  IP datagrams held for fragment reassembly at once
 * @param fragmentTimeoutNanos packet time after its first fragment at which an incomplete datagram is dropped
 */
public record DecodeOptions(boolean verifyChecksums, int maxTunnelDepth, int maxPendingDatagrams,
                            long fragmentTimeoutNanos) {

    /** Checksums verified, 2 tunnel levels, 1024 pending datagrams, 60 s fragment timeout. */
    public static final DecodeOptions DEFAULTS = new DecodeOptions(true, 2, 1024, 60_000_000_000L);

    public DecodeOptions {
        if (maxTunnelDepth < 0) {
            throw new IllegalArgumentException("maxTunnelDepth must be >= 0: " + maxTunnelDepth);
        }
        if (maxPendingDatagrams < 1) {
            throw new IllegalArgumentException("maxPendingDatagrams must be >= 1: " + maxPendingDatagrams);
        }
        if (fragmentTimeoutNanos <= 0) {
            throw new IllegalArgumentException("fragmentTimeoutNanos must be > 0: " + fragmentTimeoutNanos);
        }
    }

    public DecodeOptions withVerifyChecksums(boolean verify) {
        return new DecodeOptions(verify, maxTunnelDepth, maxPendingDatagrams, fragmentTimeoutNanos);
    }

    public DecodeOptions withMaxTunnelDepth(int depth) {
        return new DecodeOptions(verifyChecksums, depth, maxPendingDatagrams, fragmentTimeoutNanos);
    }
}
