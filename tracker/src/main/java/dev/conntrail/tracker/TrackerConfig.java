package dev.conntrail.tracker;

import java.time.Duration;
import java.util.BitSet;

/**
 * How the tracker keys, times and reports connections.
 *
 * @param timeouts        per-phase timeouts (a preset, possibly adjusted)
 * @param vlanAware       whether VLAN IDs are part of the connection key (Zeek's {@code vlan_fivetuple})
 * @param serverPorts     likely server ports: decide who is the originator when no SYN was seen
 * @param closedReport    when the {@code closed} event is emitted
 * @param updateInterval  emit an {@code update} event for every open connection this often (packet time);
 *                        zero for never
 * @param maxConnections  table capacity, at most {@link #MAX_CONNECTIONS}; when full, the connection nearest
 *                        its timeout is evicted
 */
public record TrackerConfig(Timeouts timeouts, boolean vlanAware, BitSet serverPorts, ClosedReport closedReport,
                            Duration updateInterval, int maxConnections) {

    /** When to report a connection as closed. */
    public enum ClosedReport {
        /** The moment the close is seen (the connection then lingers to absorb stray segments). */
        AT_CLOSE,
        /** When it leaves the table, after the linger, with every stray segment counted (as Zeek writes conn.log). */
        AT_REMOVAL
    }

    public static final int DEFAULT_MAX_CONNECTIONS = 1 << 20;
    /** The most connections the table can address. */
    public static final int MAX_CONNECTIONS = ConnectionStore.MAX_SLOTS;

    public TrackerConfig {
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("maxConnections must be between 1 and " + MAX_CONNECTIONS);
        }
        serverPorts = (BitSet) serverPorts.clone();
    }

    public static TrackerConfig defaults() {
        return new TrackerConfig(Timeouts.CONNTRAIL, false, ServerPorts.defaults(), ClosedReport.AT_CLOSE,
                Duration.ZERO, DEFAULT_MAX_CONNECTIONS);
    }

    public TrackerConfig withTimeouts(Timeouts t) {
        return new TrackerConfig(t, vlanAware, serverPorts, closedReport, updateInterval, maxConnections);
    }

    public TrackerConfig withVlanAware(boolean v) {
        return new TrackerConfig(timeouts, v, serverPorts, closedReport, updateInterval, maxConnections);
    }

    public TrackerConfig withServerPorts(BitSet ports) {
        return new TrackerConfig(timeouts, vlanAware, ports, closedReport, updateInterval, maxConnections);
    }

    public TrackerConfig withClosedReport(ClosedReport r) {
        return new TrackerConfig(timeouts, vlanAware, serverPorts, r, updateInterval, maxConnections);
    }

    public TrackerConfig withUpdateInterval(Duration d) {
        return new TrackerConfig(timeouts, vlanAware, serverPorts, closedReport, d, maxConnections);
    }

    public TrackerConfig withMaxConnections(int n) {
        return new TrackerConfig(timeouts, vlanAware, serverPorts, closedReport, updateInterval, n);
    }
}
