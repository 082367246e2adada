package dev.conntrail.cli.output;

import dev.conntrail.tracker.event.Connection;

/**
 * The standard conn.log columns for one TCP connection, as Zeek fills them: duration, orig_bytes and
 * resp_bytes unset when the duration is zero; service and tunnel_parents unset (conntrail runs no
 * application analyzers and keeps no outer-connection ids); local_orig / local_resp only with local nets.
 */
final class ZeekConnRow {
    static final String[] FIELDS = {"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto",
        "service", "duration", "orig_bytes", "resp_bytes", "conn_state", "local_orig", "local_resp", "missed_bytes",
        "history", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes", "tunnel_parents"};
    static final String[] TYPES = {"time", "string", "addr", "port", "addr", "port", "enum", "string", "interval",
        "count", "count", "string", "bool", "bool", "count", "string", "count", "count", "count", "count",
        "set[string]"};

    /** Unset cells are null. Numbers are their Zeek text. */
    static String[] cells(Connection c, LocalNets local) {
        boolean hasDuration = c.durationNanos() > 0;
        return new String[] {
            Numbers.epoch(c.startNanos()),
            c.uid(),
            c.tuple().origAddr().toString(),
            Integer.toString(c.tuple().origPort()),
            c.tuple().respAddr().toString(),
            Integer.toString(c.tuple().respPort()),
            "tcp",
            null,
            hasDuration ? Numbers.seconds(c.durationNanos()) : null,
            hasDuration ? Long.toString(c.orig().bytes()) : null,
            hasDuration ? Long.toString(c.resp().bytes()) : null,
            c.connState().name(),
            local.configured() ? (local.contains(c.tuple().origAddr()) ? "T" : "F") : null,
            local.configured() ? (local.contains(c.tuple().respAddr()) ? "T" : "F") : null,
            Long.toString(c.missedBytes()),
            c.history().isEmpty() ? null : c.history(),
            Long.toString(c.orig().packets()),
            Long.toString(c.orig().ipBytes()),
            Long.toString(c.resp().packets()),
            Long.toString(c.resp().ipBytes()),
            null,
        };
    }

    private ZeekConnRow() {
    }
}
