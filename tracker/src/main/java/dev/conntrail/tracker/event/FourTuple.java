package dev.conntrail.tracker.event;

import dev.conntrail.tracker.segment.IpAddress;

/** A connection's 4-tuple, oriented: the originator (client) first, then the responder (server). */
public record FourTuple(IpAddress origAddr, int origPort, IpAddress respAddr, int respPort) {

    /** {@code 10.0.0.1:51234 -> 10.0.0.2:443}, IPv6 as {@code [::1]:5173 -> [::1]:8080}. */
    @Override
    public String toString() {
        return endpoint(origAddr, origPort) + " -> " + endpoint(respAddr, respPort);
    }

    /** One endpoint as {@code addr:port}, with IPv6 addresses in brackets (RFC 5952 section 6). */
    public static String endpoint(IpAddress addr, int port) {
        return addr.v6() ? "[" + addr + "]:" + port : addr + ":" + port;
    }
}
