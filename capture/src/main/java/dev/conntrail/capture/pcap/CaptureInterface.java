package dev.conntrail.capture.pcap;

import java.util.List;

/**
 * An interface libpcap can capture on, as {@code tcpdump -D} lists it.
 *
 * @param description libpcap's description (pseudo-devices such as {@code any} have one), or null
 * @param addresses   its addresses with prefix length, e.g. {@code 198.18.0.1/24}, {@code fe80::1/64}
 */
public record CaptureInterface(String name, String description, List<String> addresses, boolean up,
                               boolean running, boolean loopback) {

    /** The pseudo-device that captures on every interface at once (Linux). */
    public static final String ANY = "any";

    public CaptureInterface {
        addresses = List.copyOf(addresses);
    }

    /** tcpdump's flag list: {@code [Up, Running, Loopback]}, {@code [none]} for none. */
    public String flags() {
        StringBuilder b = new StringBuilder("[");
        if (up) {
            b.append("Up");
        }
        if (running) {
            b.append(b.length() > 1 ? ", " : "").append("Running");
        }
        if (loopback) {
            b.append(b.length() > 1 ? ", " : "").append("Loopback");
        }
        return b.append(b.length() > 1 ? "]" : "none]").toString();
    }
}
