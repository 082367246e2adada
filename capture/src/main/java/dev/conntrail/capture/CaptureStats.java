package dev.conntrail.capture;

/**
 * Counters a source keeps about the capture itself, as libpcap's {@code pcap_stats} reports them.
 *
 * @param received          packets the capture received (for live captures, as the kernel counts them)
 * @param droppedByKernel   packets dropped because the capture buffer was full
 * @param droppedByInterface packets the interface or its driver dropped
 * @param live              whether these are live-capture numbers (files drop nothing)
 */
public record CaptureStats(long received, long droppedByKernel, long droppedByInterface, boolean live) {
    public boolean anyDropped() {
        return droppedByKernel > 0 || droppedByInterface > 0;
    }
}
