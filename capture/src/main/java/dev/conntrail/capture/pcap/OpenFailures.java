package dev.conntrail.capture.pcap;

/**
 * Turns libpcap's reasons for not opening a live capture into one line for the user, naming the interface.
 *
 * <p>Without capture rights libpcap fails at its first packet socket with {@code "socket: Operation not
 * permitted"} ({@code PCAP_ERROR_PERM_DENIED}), before it looks the interface up; so a name it does not
 * list is reported as unknown rather than as a permission problem.
 */
final class OpenFailures {

    /** How to get the rights to capture, in one line (the details are in docs/live-capture.md). */
    static final String HOW_TO_GRANT = "run it with sudo, or grant the capabilities to an unprivileged user "
            + "through a systemd unit (AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN) or setpriv "
            + "(--inh-caps=+net_raw,+net_admin --ambient-caps=+net_raw,+net_admin); see docs/live-capture.md";

    private OpenFailures() {
    }

    static String describe(String name, Integer code, String libpcapMessage, boolean promiscuous) {
        String prefix = "cannot capture on " + name + ": ";
        int rc = code == null ? LibPcap.NEXT_ERROR : code;
        switch (rc) {
            case LibPcap.ERROR_NO_SUCH_DEVICE:
                return prefix + unknown();
            case LibPcap.ERROR_PERM_DENIED:
                if (!name.equals(CaptureInterface.ANY) && !CaptureInterfaces.exists(name)) {
                    return prefix + unknown();
                }
                return prefix + "permission denied: capturing needs root or the CAP_NET_RAW capability"
                        + (promiscuous ? " (and CAP_NET_ADMIN for promiscuous mode)" : "") + "; " + HOW_TO_GRANT;
            case LibPcap.ERROR_PROMISC_PERM_DENIED:
                return prefix + "permission denied for promiscuous mode: it needs CAP_NET_ADMIN; add -p to "
                        + "capture without it, or " + HOW_TO_GRANT;
            case LibPcap.ERROR_IFACE_NOT_UP:
                return prefix + "the interface is down (ip link set " + name + " up)";
            default:
                return prefix + LibPcap.firstLine(libpcapMessage, "libpcap could not open it");
        }
    }

    private static String unknown() {
        return "no such interface (conntrail -D lists the interfaces)";
    }
}
