package dev.conntrail.cli.process;

import dev.conntrail.tracker.segment.IpAddress;

/**
 * The TCP sockets of one network namespace, looked up by address. IPv4 addresses also match dual-stack
 * IPv6 sockets that hold them IPv4-mapped.
 */
interface SocketTable extends AutoCloseable {

    /** The socket whose own end is {@code local:localPort} and whose peer is {@code remote:remotePort}, or null. */
    SocketEntry connected(IpAddress local, int localPort, IpAddress remote, int remotePort);

    /** The listening socket that accepts connections to {@code local:localPort} (bound to it or to any address), or null. */
    SocketEntry listener(IpAddress local, int localPort);

    @Override
    default void close() {
    }
}
