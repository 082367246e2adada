package dev.conntrail.cli.process;

/**
 * One TCP socket as the kernel lists it ({@code /proc/net/tcp} or sock_diag).
 *
 * @param state  the kernel's state
 * @param uid    the user that created the socket
 * @param inode  the socket's inode, which names it in {@code /proc/PID/fd} as {@code socket:[inode]};
 *               0 when no file refers to it: a request socket (SYN-RECV, not yet accepted), a TIME-WAIT
 *               socket, or one its process has closed
 */
record SocketEntry(KernelTcpState state, int uid, long inode) {

    boolean hasOwner() {
        return inode != 0;
    }
}
