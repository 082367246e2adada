package dev.conntrail.cli.process;

/**
 * The kernel's TCP socket states, by the number {@code /proc/net/tcp} (column {@code st}, in hex) and
 * sock_diag ({@code idiag_state}) give them ({@code include/net/tcp_states.h}).
 */
enum KernelTcpState {
    UNKNOWN(0),
    ESTABLISHED(1),
    SYN_SENT(2),
    /** Also how request sockets (a SYN answered, the handshake not yet complete) are listed. */
    SYN_RECV(3),
    FIN_WAIT1(4),
    FIN_WAIT2(5),
    TIME_WAIT(6),
    CLOSE(7),
    CLOSE_WAIT(8),
    LAST_ACK(9),
    LISTEN(10),
    CLOSING(11),
    NEW_SYN_RECV(12);

    private static final KernelTcpState[] BY_CODE = values();

    private final int code;

    KernelTcpState(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    static KernelTcpState of(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }
}
