package dev.conntrail.tracker.event;

import dev.conntrail.tracker.state.TcpState;

/**
 * What one direction of a connection sent, as counted so far.
 *
 * @param state         the sender's RFC 9293 state as the observer infers it
 * @param packets       segments sent, including retransmissions and duplicates
 * @param bytes         stream bytes sent, from sequence numbers as Zeek counts them (highest sequence
 *                      number sent or acknowledged, less the SYN and FIN): retransmissions count once
 *                      and bytes the capture missed count too
 * @param ipBytes       IP bytes of every segment (header included), as Zeek's {@code orig_ip_bytes}
 * @param retransmits   segments carrying sequence space already seen (data, SYN or FIN sent again)
 * @param duplicates    exact copies of the previous segment (same sequence, acknowledgement, IP id and
 *                      flags): a capture artefact, not a retransmission by the sender
 * @param reordered     segments that filled a hole below data already seen (out of order, not resent)
 * @param missedBytes   stream bytes acknowledged by the peer that the capture never saw (Zeek's gaps)
 * @param badChecksums  segments with a bad TCP checksum (kept and counted, never dropped)
 * @param zeroWindows   segments advertising a zero window
 */
public record Side(TcpState state, long packets, long bytes, long ipBytes, long retransmits,
                   long duplicates, long reordered, long missedBytes, long badChecksums, long zeroWindows) {
}
