package dev.conntrail.capture;

import java.util.Map;

/**
 * Link-layer header types (LINKTYPE_ values from pcap/pcapng files, DLT_ values from libpcap), with the
 * names tcpdump prints ({@code EN10MB (Ethernet)}).
 *
 * <p>Where a LINKTYPE_ value differs from the platform's DLT_ value (raw IP: LINKTYPE 101 is DLT 12 or 14
 * on some BSDs), both numbers are listed and decode the same way.
 */
public final class LinkType {
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    public static final int PPP = 9;
    public static final int FDDI = 10;
    public static final int RAW_BSD = 12;
    public static final int RAW_OPENBSD = 14;
    public static final int PPP_HDLC = 50;
    public static final int PPP_ETHER = 51;
    public static final int RAW = 101;
    public static final int C_HDLC = 104;
    public static final int IEEE802_11 = 105;
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int NFLOG = 239;
    public static final int IPOIB = 242;
    public static final int NETLINK = 253;
    public static final int PKTAP = 258;
    public static final int ARCNET_LINUX = 129;
    public static final int JUNIPER_ETHER = 178;
    public static final int LINUX_SLL2 = 276;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(NULL, "NULL (BSD loopback)"),
            Map.entry(ETHERNET, "EN10MB (Ethernet)"),
            Map.entry(PPP, "PPP"),
            Map.entry(FDDI, "FDDI"),
            Map.entry(RAW_BSD, "RAW (Raw IP)"),
            Map.entry(RAW_OPENBSD, "RAW (Raw IP, OpenBSD)"),
            Map.entry(PPP_HDLC, "PPP_SERIAL (PPP over serial)"),
            Map.entry(PPP_ETHER, "PPP_ETHER (PPPoE)"),
            Map.entry(RAW, "RAW (Raw IP)"),
            Map.entry(C_HDLC, "C_HDLC (Cisco HDLC)"),
            Map.entry(IEEE802_11, "IEEE802_11 (802.11)"),
            Map.entry(LOOP, "LOOP (OpenBSD loopback)"),
            Map.entry(LINUX_SLL, "LINUX_SLL (Linux cooked v1)"),
            Map.entry(IPV4, "IPV4 (Raw IPv4)"),
            Map.entry(IPV6, "IPV6 (Raw IPv6)"),
            Map.entry(NFLOG, "NFLOG (Linux netfilter log messages)"),
            Map.entry(IPOIB, "IPOIB (IP over InfiniBand)"),
            Map.entry(NETLINK, "NETLINK (Linux netlink)"),
            Map.entry(PKTAP, "PKTAP (Apple DLT_PKTAP)"),
            Map.entry(ARCNET_LINUX, "ARCNET_LINUX (Linux ARCNET)"),
            Map.entry(JUNIPER_ETHER, "JUNIPER_ETHER (Juniper Ethernet)"),
            Map.entry(LINUX_SLL2, "LINUX_SLL2 (Linux cooked v2)"));

    private LinkType() {
    }

    /** tcpdump-style name, e.g. {@code "EN10MB (Ethernet)"}, or {@code "DLT 147"} for one without a name. */
    public static String describe(int linkType) {
        String name = NAMES.get(linkType);
        return name != null ? name : "DLT " + linkType;
    }
}
