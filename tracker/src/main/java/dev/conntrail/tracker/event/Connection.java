package dev.conntrail.tracker.event;

import dev.conntrail.tracker.segment.Tunnel;
import dev.conntrail.tracker.zeek.ConnState;
import java.util.Set;

/**
 * A snapshot of one connection at the moment of an event. Immutable.
 *
 * @param uid          stable identifier, Zeek-style ({@code C} and base-62 digits); the same capture read
 *                     with the same options gives the same uids
 * @param tuple        the 4-tuple, originator first
 * @param startNanos   time of the connection's first packet (ns since the epoch)
 * @param lastNanos    time of its last packet before it closed
 * @param opened       how the tracker first saw it
 * @param orig         what the originator sent
 * @param resp         what the responder sent
 * @param connState    Zeek's conn_state for the connection as it stands
 * @param history      Zeek's history string ({@code ShADadFf}: upper case for the originator)
 * @param rttNanos     handshake round-trip time, SYN to the ACK of the SYN-ACK as seen at the capture
 *                     point; -1 when the handshake was not seen whole
 * @param anomalies    the named anomalies seen on this connection
 * @param tunnel       the tunnel that carried it, {@link Tunnel#NONE} for none
 * @param outerVlan    the outermost VLAN ID of its first packet, or -1
 * @param innerVlan    the second VLAN ID, or -1
 */
public record Connection(String uid, FourTuple tuple, long startNanos, long lastNanos, OpenKind opened,
                         Side orig, Side resp, ConnState connState, String history, long rttNanos,
                         Set<Anomaly> anomalies, Tunnel tunnel, int outerVlan, int innerVlan) {

    /** Zeek's duration: last packet minus first (zero when a capture's clock stepped back past the start). */
    public long durationNanos() {
        return Math.max(0, lastNanos - startNanos);
    }

    /** Zeek's missed_bytes: the sum over both directions. */
    public long missedBytes() {
        return orig.missedBytes() + resp.missedBytes();
    }
}
