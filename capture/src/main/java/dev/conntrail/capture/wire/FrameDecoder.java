package dev.conntrail.capture.wire;

import dev.conntrail.capture.Frame;
import dev.conntrail.capture.LinkType;
import dev.conntrail.tracker.segment.ChecksumStatus;
import dev.conntrail.tracker.segment.TcpSegment;
import dev.conntrail.tracker.segment.Tunnel;

/**
 * Decodes captured frames into {@link TcpSegment}s: link layer, IP (with fragment reassembly), tunnels, TCP.
 *
 * <p>One decoder per thread. It reuses one set of flyweight views and scratch state, so decoding allocates
 * nothing per packet (fragment reassembly allocates a slot the first time it needs one, bounded by
 * {@link DecodeOptions#maxPendingDatagrams()}). Every read is checked against the captured bytes, never
 * against a length the packet claims, and nothing throws: each frame ends in a {@link DecodeOutcome}, which
 * is also counted.
 *
 * <h2>What is followed</h2>
 * <ul>
 *   <li>Link types: Ethernet (any number of 802.1Q/802.1ad tags, 802.3 with LLC/SNAP, MPLS, PPPoE session),
 *       BSD loopback NULL and LOOP, raw IP (12, 14, 101, 228, 229), PPP (9), PPP in HDLC framing (50, Cisco
 *       HDLC too), PPPoE without Ethernet (51), Cisco HDLC (104), FDDI (10), Linux cooked v1/v2 (113, 276),
 *       NFLOG (239), IP over InfiniBand (242), PKTAP (258), Linux ARCNET (129), Juniper Ethernet (178).</li>
 *   <li>IPv4 with options; IPv6 with extension-header chains and jumbograms; IPv4 total length 0 and IPv6
 *       payload length 0 without a jumbo option (segmentation offload) take the length from the frame, as
 *       tshark does.</li>
 *   <li>Tunnels Zeek decodes, to the configured depth: IP in IP, GRE (v0 incl. transparent Ethernet and
 *       ERSPAN II/III, v1/PPTP), VXLAN (UDP 4789), Geneve (6081), GTPv1-U (2152, 2123), Teredo (3544, and on
 *       any port when the payload passes Zeek's content test), AYIYA (5072). The segment carries the innermost
 *       IP and TCP headers; {@link TcpSegment#tunnel()} names the outermost tunnel.</li>
 * </ul>
 */
public final class FrameDecoder {
    private static final int VXLAN_PORT = 4789;
    private static final int GENEVE_PORT = 6081;
    private static final int GTP_U_PORT = 2152;
    private static final int GTP_C_PORT = 2123;
    private static final int TEREDO_PORT = 3544;
    private static final int AYIYA_PORT = 5072;
    private static final int VXLAN_HEADER_LENGTH = 8;
    private static final int ERSPAN_II_HEADER_LENGTH = 8;
    private static final int ERSPAN_III_HEADER_LENGTH = 12;
    private static final int ERSPAN_III_SUBHEADER_LENGTH = 8;
    private static final int ERSPAN_III_OPTIONAL_FLAG = 0x01;

    private final DecodeOptions options;
    private final DecodeCounters counters = new DecodeCounters();
    private final FragmentReassembler reassembler;
    private final FragmentReassembler.Fragment fragment = new FragmentReassembler.Fragment();

    private final EthernetView ethernet = new EthernetView();
    private final VlanTagView vlan = new VlanTagView();
    private final LlcSnapView llc = new LlcSnapView();
    private final MplsView mpls = new MplsView();
    private final PppoeView pppoe = new PppoeView();
    private final PppView ppp = new PppView();
    private final CiscoHdlcView ciscoHdlc = new CiscoHdlcView();
    private final LinuxSllView sll = new LinuxSllView();
    private final LoopbackView loopback = new LoopbackView();
    private final NflogView nflog = new NflogView();
    private final PktapView pktap = new PktapView();
    private final IpoibView ipoib = new IpoibView();
    private final FddiView fddi = new FddiView();
    private final JuniperView juniper = new JuniperView();
    private final ArcnetView arcnet = new ArcnetView();
    private final Ipv4View ipv4 = new Ipv4View();
    private final Ipv6View ipv6 = new Ipv6View();
    private final Ipv6ExtensionView extension = new Ipv6ExtensionView();
    private final TcpView tcp = new TcpView();
    private final UdpView udp = new UdpView();
    private final GreView gre = new GreView();
    private final GeneveView geneve = new GeneveView();
    private final GtpView gtp = new GtpView();
    private final AyiyaView ayiya = new AyiyaView();

    // ---- per-frame state, reset by decode() ---------------------------------------------------------
    private byte[] b;
    private TcpSegment out;
    private long timeNanos;
    private int tunnelDepth;
    private int outerVlan;
    private int innerVlan;
    private boolean reassembled;
    /** Innermost IP header, for the TCP pseudo header. */
    private boolean ipIsV6;
    /** Where the pseudo header's source and destination addresses are (they may sit in extension headers). */
    private int srcAddressOffset;
    private int dstAddressOffset;

    public FrameDecoder() {
        this(DecodeOptions.DEFAULTS);
    }

    public FrameDecoder(DecodeOptions options) {
        this.options = options;
        this.reassembler = new FragmentReassembler(options.maxPendingDatagrams(), options.fragmentTimeoutNanos(),
                counters);
    }

    /** Whether frames of this LINKTYPE_ / DLT_ value can be decoded (so a caller can refuse others up front). */
    public boolean supports(int linkType) {
        switch (linkType) {
            case LinkType.NULL:
            case LinkType.ETHERNET:
            case LinkType.PPP:
            case LinkType.FDDI:
            case LinkType.RAW_BSD:
            case LinkType.RAW_OPENBSD:
            case LinkType.PPP_HDLC:
            case LinkType.PPP_ETHER:
            case LinkType.RAW:
            case LinkType.C_HDLC:
            case LinkType.LOOP:
            case LinkType.LINUX_SLL:
            case LinkType.ARCNET_LINUX:
            case LinkType.JUNIPER_ETHER:
            case LinkType.IPV4:
            case LinkType.IPV6:
            case LinkType.NFLOG:
            case LinkType.IPOIB:
            case LinkType.PKTAP:
            case LinkType.LINUX_SLL2:
                return true;
            default:
                return false;
        }
    }

    /** Counts of outcomes and notes of every frame decoded so far (a live view). */
    public DecodeCounters counters() {
        return counters;
    }

    /**
     * Decodes one frame. On {@link DecodeOutcome#TCP} {@code out} holds the segment; otherwise its contents
     * are unspecified. {@code out} is reset first and may be reused for the next frame.
     */
    public DecodeOutcome decode(Frame frame, TcpSegment out) {
        this.out = out.reset();
        this.b = frame.data();
        this.timeNanos = frame.timeNanos();
        this.tunnelDepth = 0;
        this.outerVlan = TcpSegment.NO_VLAN;
        this.innerVlan = TcpSegment.NO_VLAN;
        this.reassembled = false;
        out.time(timeNanos);
        int off = frame.offset();
        int capEnd = off + Math.max(0, Math.min(frame.capturedLength(), b.length - off));
        int wireEnd = (int) Math.min(Integer.MAX_VALUE, (long) off + Math.max(frame.originalLength(), capEnd - off));
        DecodeOutcome outcome = off < 0 || off > b.length
                ? DecodeOutcome.TRUNCATED_LINK_HEADER
                : link(frame.linkType(), off, capEnd, wireEnd, true);
        counters.count(outcome);
        this.b = null;
        this.out = null;
        return outcome;
    }

    /**
     * End of input: drops the datagrams still waiting for fragments, counting their fragments as
     * {@link DecodeOutcome#FRAGMENT_DROPPED}.
     */
    public void finish() {
        reassembler.dropAll();
    }

    // ---- link layers --------------------------------------------------------------------------------

    private DecodeOutcome link(int linkType, int off, int capEnd, int wireEnd, boolean outermost) {
        int len = capEnd - off;
        switch (linkType) {
            case LinkType.ETHERNET:
                return ethernet(off, capEnd, wireEnd);
            case LinkType.NULL:
            case LinkType.LOOP:
                if (!loopback.bind(b, off, len)) {
                    return DecodeOutcome.TRUNCATED_LINK_HEADER;
                }
                return addressFamily(loopback.family(linkType == LinkType.LOOP), off + LoopbackView.HEADER_LENGTH,
                        capEnd, wireEnd);
            case LinkType.RAW_BSD:
            case LinkType.RAW_OPENBSD:
            case LinkType.RAW:
                return ipByVersion(off, capEnd, wireEnd);
            case LinkType.IPV4:
                return ip4(off, capEnd, wireEnd);
            case LinkType.IPV6:
                return ip6(off, capEnd, wireEnd);
            case LinkType.PPP:
                return ppp(off, capEnd, wireEnd);
            case LinkType.PPP_HDLC:
                return CiscoHdlcView.looksLikeCiscoHdlc(b, off, len)
                        ? ciscoHdlc(off, capEnd, wireEnd)
                        : ppp(off, capEnd, wireEnd);
            case LinkType.PPP_ETHER:
                return pppoe(off, capEnd, wireEnd);
            case LinkType.C_HDLC:
                return ciscoHdlc(off, capEnd, wireEnd);
            case LinkType.FDDI:
                if (!fddi.bind(b, off, len)) {
                    return DecodeOutcome.TRUNCATED_LINK_HEADER;
                }
                if (!fddi.isLlcFrame()) {
                    return DecodeOutcome.NOT_IP;
                }
                return llc(off + FddiView.HEADER_LENGTH, capEnd, wireEnd);
            case LinkType.LINUX_SLL:
            case LinkType.LINUX_SLL2:
                return linuxCooked(linkType == LinkType.LINUX_SLL2, off, capEnd, wireEnd);
            case LinkType.NFLOG:
                return nflog(off, capEnd);
            case LinkType.IPOIB:
                if (!ipoib.bind(b, off, len)) {
                    return DecodeOutcome.TRUNCATED_LINK_HEADER;
                }
                return etherType(ipoib.etherType(), off + IpoibView.HEADER_LENGTH, capEnd, wireEnd);
            case LinkType.PKTAP:
                return outermost ? pktap(off, capEnd, wireEnd) : DecodeOutcome.UNSUPPORTED_LINK_TYPE;
            case LinkType.ARCNET_LINUX:
                return arcnet(off, capEnd, wireEnd);
            case LinkType.JUNIPER_ETHER:
                return juniper(off, capEnd, wireEnd);
            default:
                return DecodeOutcome.UNSUPPORTED_LINK_TYPE;
        }
    }

    private DecodeOutcome ethernet(int off, int capEnd, int wireEnd) {
        if (!ethernet.bind(b, off, capEnd - off)) {
            return DecodeOutcome.TRUNCATED_LINK_HEADER;
        }
        return etherType(ethernet.typeOrLength(), off + EthernetView.HEADER_LENGTH, capEnd, wireEnd);
    }

    /**
     * Dispatches on an EtherType (or an 802.3 length, which means LLC follows), after stripping any number of
     * VLAN tags.
     */
    private DecodeOutcome etherType(int type, int off, int capEnd, int wireEnd) {
        int t = type;
        int p = off;
        while (EtherType.isVlanTag(t)) {
            if (!vlan.bind(b, p, capEnd - p)) {
                return DecodeOutcome.TRUNCATED_LINK_HEADER;
            }
            recordVlan(vlan.vlanId());
            t = vlan.typeOrLength();
            p += VlanTagView.LENGTH;
        }
        if (t <= EtherType.MAX_8023_LENGTH) {
            return llc(p, capEnd, wireEnd);
        }
        switch (t) {
            case EtherType.IPV4:
                return ip4(p, capEnd, wireEnd);
            case EtherType.IPV6:
                return ip6(p, capEnd, wireEnd);
            case EtherType.MPLS_UNICAST:
            case EtherType.MPLS_MULTICAST:
                return mpls(p, capEnd, wireEnd);
            case EtherType.PPPOE_SESSION:
                return pppoe(p, capEnd, wireEnd);
            default:
                return DecodeOutcome.NOT_IP;
        }
    }

    private void recordVlan(int id) {
        if (outerVlan == TcpSegment.NO_VLAN) {
            outerVlan = id;
        } else if (innerVlan == TcpSegment.NO_VLAN) {
            innerVlan = id;
        }
    }

    private DecodeOutcome llc(int off, int capEnd, int wireEnd) {
        if (!llc.bind(b, off, capEnd - off)) {
            return DecodeOutcome.TRUNCATED_LINK_HEADER;
        }
        if (llc.isSnap()) {
            return etherType(llc.snapEtherType(), off + LlcSnapView.SNAP_LENGTH, capEnd, wireEnd);
        }
        return llc.announcesSnap() ? DecodeOutcome.TRUNCATED_LINK_HEADER : DecodeOutcome.NOT_IP;
    }

    /** An MPLS label stack (RFC 3032); after the bottom label the version nibble says IPv4 or IPv6. */
    private DecodeOutcome mpls(int off, int capEnd, int wireEnd) {
        int p = off;
        while (true) {
            if (!mpls.bind(b, p, capEnd - p)) {
                return DecodeOutcome.TRUNCATED_LINK_HEADER;
            }
            p += MplsView.ENTRY_LENGTH;
            if (mpls.bottomOfStack()) {
                break;
            }
        }
        if (p >= capEnd) {
            return DecodeOutcome.TRUNCATED_IP_HEADER;
        }
        int version = Bytes.u8(b, p) >>> 4;
        if (version == 4) {
            return ip4(p, capEnd, wireEnd);
        }
        if (version == 6) {
            return ip6(p, capEnd, wireEnd);
        }
        return DecodeOutcome.UNSUPPORTED_ENCAPSULATION; // pseudowire control word, Ethernet over MPLS, ...
    }

    private DecodeOutcome pppoe(int off, int capEnd, int wireEnd) {
        if (!pppoe.bind(b, off, capEnd - off)) {
            return DecodeOutcome.TRUNCATED_LINK_HEADER;
        }
        if (!pppoe.isSessionData()) {
            return DecodeOutcome.NOT_IP;
        }
        return pppProtocol(pppoe.pppProtocol(), off + PppoeView.HEADER_LENGTH, capEnd, wireEnd);
    }

    private DecodeOutcome ppp(int off, int capEnd, int wireEnd) {
        if (!ppp.bind(b, off, capEnd - off)) {
            return DecodeOutcome.TRUNCATED_LINK_HEADER;
        }
        return pppProtocol(ppp.protocol(), off + ppp.headerLength(), capEnd, wireEnd);
    }

    private DecodeOutcome pppProtocol(int protocol, int off, int capEnd, int wireEnd) {
        switch (protocol) {
            case PppView.IPV4:
                return ip4(off, capEnd, wireEnd);
            case PppView.IPV6:
                return ip6(off, capEnd, wireEnd);
            case PppView.MPLS_UNICAST:
            case PppView.MPLS_MULTICAST:
                return mpls(off, capEnd, wireEnd);
            default:
                return DecodeOutcome.NOT_IP; // LCP, IPCP, CHAP, compressed data, ...
        }
    }

    private DecodeOutcome ciscoHdlc(int off, int capEnd, int wireEnd) {
        if (!ciscoHdlc.bind(b, off, capEnd - off)) {
            return DecodeOutcome.TRUNCATED_LINK_HEADER;
        }
        return etherType(ciscoHdlc.etherType(), off + CiscoHdlcView.HEADER_LENGTH, capEnd, wireEnd);
    }

    private DecodeOutcome linuxCooked(boolean v2, int off, int capEnd, int wireEnd) {
        if (!sll.bind(b, off, capEnd - off, v2)) {
            return DecodeOutcome.TRUNCATED_LINK_HEADER;
        }
        if (sll.arphrdType() == LinuxSllView.ARPHRD_NETLINK) {
            return DecodeOutcome.NOT_IP;
        }
        int protocol = sll.protocol();
        int p = off + sll.headerLength();
        if (protocol == LinuxSllView.PROTOCOL_LLC) {
            return llc(p, capEnd, wireEnd);
        }
        if (protocol < EtherType.MIN_ETHERTYPE) {
            return DecodeOutcome.NOT_IP;
        }
        return etherType(protocol, p, capEnd, wireEnd);
    }

    private DecodeOutcome addressFamily(int family, int off, int capEnd, int wireEnd) {
        if (family == LoopbackView.AF_INET) {
            return ip4(off, capEnd, wireEnd);
        }
        if (LoopbackView.isInet6(family)) {
            return ip6(off, capEnd, wireEnd);
        }
        return DecodeOutcome.NOT_IP;
    }

    private DecodeOutcome nflog(int off, int capEnd) {
        if (!nflog.bind(b, off, capEnd - off)) {
            return DecodeOutcome.TRUNCATED_LINK_HEADER;
        }
        if (!nflog.findPayload()) {
            return DecodeOutcome.NOT_IP;
        }
        int p = nflog.payloadOffset();
        long payloadEnd = (long) p + nflog.payloadLength();
        int wireEnd = (int) Math.min(payloadEnd, Integer.MAX_VALUE);
        int end = Math.min(capEnd, wireEnd);
        int family = nflog.family();
        if (family == NflogView.AF_INET) {
            return ip4(p, end, wireEnd);
        }
        if (family == NflogView.AF_INET6) {
            return ip6(p, end, wireEnd);
        }
        return ipByVersion(p, end, wireEnd);
    }

    private DecodeOutcome pktap(int off, int capEnd, int wireEnd) {
        if (!pktap.bind(b, off, capEnd - off)) {
            return DecodeOutcome.TRUNCATED_LINK_HEADER;
        }
        long headerLength = pktap.headerLength();
        if (headerLength < PktapView.MIN_LENGTH) {
            return DecodeOutcome.BAD_LINK_HEADER;
        }
        if (headerLength > capEnd - off) {
            return DecodeOutcome.TRUNCATED_LINK_HEADER;
        }
        return link(pktap.nextLinkType(), off + (int) headerLength, capEnd, wireEnd, false);
    }

    private DecodeOutcome arcnet(int off, int capEnd, int wireEnd) {
        if (!arcnet.bind(b, off, capEnd - off)) {
            return DecodeOutcome.TRUNCATED_LINK_HEADER;
        }
        int protocol = arcnet.protocol();
        boolean v4 = protocol == ArcnetView.PROTOCOL_IP_RFC1201 || protocol == ArcnetView.PROTOCOL_IP_RFC1051;
        if (!v4 && protocol != ArcnetView.PROTOCOL_IPV6) {
            return DecodeOutcome.NOT_IP;
        }
        int headerLength = arcnet.headerLength();
        if (headerLength < 0) {
            return DecodeOutcome.TRUNCATED_LINK_HEADER;
        }
        return v4 ? ip4(off + headerLength, capEnd, wireEnd) : ip6(off + headerLength, capEnd, wireEnd);
    }

    private DecodeOutcome juniper(int off, int capEnd, int wireEnd) {
        if (!juniper.bind(b, off, capEnd - off)) {
            return DecodeOutcome.TRUNCATED_LINK_HEADER;
        }
        if (!juniper.hasMagic()) {
            return DecodeOutcome.BAD_LINK_HEADER;
        }
        int headerLength = juniper.headerLength();
        if (headerLength < 0 || headerLength > capEnd - off) {
            return DecodeOutcome.TRUNCATED_LINK_HEADER;
        }
        int p = off + headerLength;
        return juniper.layer2Stripped() ? ipByVersion(p, capEnd, wireEnd) : ethernet(p, capEnd, wireEnd);
    }

    // ---- IP -----------------------------------------------------------------------------------------

    private DecodeOutcome ipByVersion(int off, int capEnd, int wireEnd) {
        if (off >= capEnd) {
            return DecodeOutcome.TRUNCATED_IP_HEADER;
        }
        int version = Bytes.u8(b, off) >>> 4;
        if (version == 4) {
            return ip4(off, capEnd, wireEnd);
        }
        if (version == 6) {
            return ip6(off, capEnd, wireEnd);
        }
        return DecodeOutcome.BAD_IP_VERSION;
    }

    /**
     * An IPv4 datagram at {@code off}. {@code capEnd} bounds what may be read; {@code wireEnd} is where the
     * enclosing frame or datagram ended on the wire, the bound for the length this header claims.
     */
    private DecodeOutcome ip4(int off, int capEnd, int wireEnd) {
        if (!ipv4.bind(b, off, capEnd - off)) {
            return DecodeOutcome.TRUNCATED_IP_HEADER;
        }
        if (ipv4.version() != 4) {
            return DecodeOutcome.BAD_IP_VERSION;
        }
        int headerLength = ipv4.headerLength();
        if (headerLength < Ipv4View.MIN_HEADER_LENGTH) {
            return DecodeOutcome.BAD_IPV4_HEADER_LENGTH;
        }
        if (headerLength > capEnd - off) {
            return DecodeOutcome.TRUNCATED_IP_HEADER;
        }
        int totalLength = ipv4.totalLength();
        if (totalLength == 0) {
            // segmentation offload (TSO, BIG TCP): the NIC fills the length in later; tshark uses the frame's
            totalLength = wireEnd - off;
            counters.note(DecodeNote.IP_LENGTH_FROM_FRAME);
        }
        if (totalLength < headerLength) {
            return DecodeOutcome.BAD_IPV4_HEADER_LENGTH;
        }
        if (totalLength > wireEnd - off) {
            return DecodeOutcome.IP_LENGTH_BEYOND_FRAME;
        }
        int end = off + totalLength;
        int protocol = ipv4.protocol();
        out.ipv4(ipv4.source(), ipv4.destination(), totalLength, ipv4.identification(), ipv4.ttl());
        ipIsV6 = false;
        srcAddressOffset = off + Ipv4View.SOURCE;
        dstAddressOffset = off + Ipv4View.DESTINATION;
        if (ipv4.moreFragments() || ipv4.fragmentOffset() != 0) {
            FragmentReassembler.Fragment f = fragment;
            f.v6 = false;
            f.srcHi = 0;
            f.srcLo = ipv4.source();
            f.dstHi = 0;
            f.dstLo = ipv4.destination();
            f.id = ipv4.identification();
            f.protocol = protocol;
            f.headerOffset = off;
            f.headerLength = headerLength;
            f.nextHeaderField = -1;
            f.fragmentOffset = ipv4.fragmentOffset();
            f.more = ipv4.moreFragments();
            return reassemble(off + headerLength, capEnd, end);
        }
        return transport(protocol, off + headerLength, Math.min(capEnd, end), end);
    }

    /** An IPv6 packet at {@code off}, its extension headers, then the transport. */
    private DecodeOutcome ip6(int off, int capEnd, int wireEnd) {
        if (!ipv6.bind(b, off, capEnd - off)) {
            return DecodeOutcome.TRUNCATED_IP_HEADER;
        }
        if (ipv6.version() != 6) {
            return DecodeOutcome.BAD_IP_VERSION;
        }
        int payloadLength = ipv6.payloadLength();
        int next = ipv6.nextHeader();
        int previousNextField = off + Ipv6View.NEXT_HEADER_OFFSET;
        int p = off + Ipv6View.HEADER_LENGTH;
        long jumbo = -1;
        int fragmentHeader = -1;
        int ipId = 0;
        int src = off + Ipv6View.SOURCE;
        int dst = off + Ipv6View.DESTINATION;
        while (true) {
            if (next == IpProtocol.FRAGMENT) {
                if (!extension.bind(b, p, capEnd - p, next)) {
                    return DecodeOutcome.TRUNCATED_EXTENSION_HEADER;
                }
                ipId = extension.identification();
                if (extension.fragmentOffset() != 0 || extension.moreFragments()) {
                    fragmentHeader = p;
                    break;
                }
                // an atomic fragment (RFC 8200 4.5, RFC 6946) is a whole packet
            } else if (IpProtocol.isGenericIpv6Extension(next) || next == IpProtocol.AH) {
                if (!extension.bind(b, p, capEnd - p, next)) {
                    return DecodeOutcome.TRUNCATED_EXTENSION_HEADER;
                }
                if (next == IpProtocol.HOP_BY_HOP && p == off + Ipv6View.HEADER_LENGTH && payloadLength == 0) {
                    jumbo = extension.jumboPayloadLength();
                }
                int home = extension.homeAddressOffset();
                if (home >= 0) {
                    src = home;
                }
                int last = extension.finalDestinationOffset();
                if (last >= 0) {
                    dst = last;
                }
            } else {
                break;
            }
            previousNextField = p;
            next = extension.nextHeader();
            p += extension.headerLength();
        }
        long datagramLength;
        if (payloadLength != 0) {
            datagramLength = Ipv6View.HEADER_LENGTH + payloadLength;
        } else if (jumbo > 0) {
            datagramLength = Ipv6View.HEADER_LENGTH + jumbo; // RFC 2675 jumbogram
            counters.note(DecodeNote.IPV6_JUMBOGRAM);
        } else if (next == IpProtocol.NO_NEXT_HEADER || wireEnd - off <= Ipv6View.HEADER_LENGTH) {
            datagramLength = Ipv6View.HEADER_LENGTH;
        } else {
            datagramLength = wireEnd - off; // GSO without a jumbo option: the length comes from the frame
            counters.note(DecodeNote.IP_LENGTH_FROM_FRAME);
        }
        if (datagramLength > wireEnd - off) {
            return DecodeOutcome.IP_LENGTH_BEYOND_FRAME;
        }
        int end = off + (int) datagramLength;
        if (p > end) {
            return DecodeOutcome.BAD_IP_TOTAL_LENGTH;
        }
        // the transport's endpoints: the home address and the final destination when extension headers name them
        out.ipv6(Bytes.u64(b, src), Bytes.u64(b, src + 8), Bytes.u64(b, dst), Bytes.u64(b, dst + 8),
                (int) datagramLength, ipId, ipv6.hopLimit());
        ipIsV6 = true;
        srcAddressOffset = src;
        dstAddressOffset = dst;
        if (fragmentHeader >= 0) {
            if (fragmentHeader + Ipv6ExtensionView.FRAGMENT_HEADER_LENGTH > end) {
                return DecodeOutcome.BAD_IP_TOTAL_LENGTH;
            }
            FragmentReassembler.Fragment f = fragment;
            f.v6 = true;
            f.srcHi = ipv6.sourceHi();
            f.srcLo = ipv6.sourceLo();
            f.dstHi = ipv6.destinationHi();
            f.dstLo = ipv6.destinationLo();
            f.id = extension.identification();
            f.protocol = extension.nextHeader();
            f.headerOffset = off;
            f.headerLength = fragmentHeader - off;
            f.nextHeaderField = previousNextField - off;
            f.fragmentOffset = extension.fragmentOffset();
            f.more = extension.moreFragments();
            return reassemble(fragmentHeader + Ipv6ExtensionView.FRAGMENT_HEADER_LENGTH, capEnd, end);
        }
        return transport(next, p, Math.min(capEnd, end), end);
    }

    /**
     * Hands the fragment whose data is {@code [dataOffset, end)} to the reassembler; on completion decodes
     * the rebuilt datagram in its place.
     */
    private DecodeOutcome reassemble(int dataOffset, int capEnd, int end) {
        if (reassembled) {
            return DecodeOutcome.BAD_FRAGMENT; // a fragment inside a reassembled datagram
        }
        FragmentReassembler.Fragment f = fragment;
        f.bytes = b;
        f.dataOffset = dataOffset;
        f.dataLength = end - dataOffset;
        f.dataCaptured = Math.max(0, Math.min(capEnd, end) - dataOffset);
        FragmentReassembler.Result result = reassembler.add(f, timeNanos);
        f.bytes = null;
        if (reassembler.lastOverlapped()) {
            counters.note(DecodeNote.FRAGMENT_OVERLAP);
        }
        switch (result) {
            case HELD:
                return DecodeOutcome.FRAGMENT_HELD;
            case BAD:
                return DecodeOutcome.BAD_FRAGMENT;
            default:
                break;
        }
        counters.note(DecodeNote.DATAGRAM_REASSEMBLED);
        boolean v6 = f.v6;
        int id = f.id;
        reassembled = true;
        b = reassembler.datagram();
        int captured = reassembler.datagramCaptured();
        int length = reassembler.datagramLength();
        DecodeOutcome outcome = v6 ? ip6(0, captured, length) : ip4(0, captured, length);
        if (v6 && outcome == DecodeOutcome.TCP) {
            out.ipv6(out.srcHi(), out.srcLo(), out.dstHi(), out.dstLo(), out.ipLength(), id, out.ttl());
        }
        return outcome;
    }

    // ---- transport and tunnels ----------------------------------------------------------------------

    /**
     * The transport at {@code off} inside a datagram that ends at {@code end} ({@code capEnd} bounds what was
     * captured of it).
     */
    private DecodeOutcome transport(int protocol, int off, int capEnd, int end) {
        int proto = protocol;
        int p = off;
        while (proto == IpProtocol.AH) {
            if (!extension.bind(b, p, capEnd - p, proto)) {
                return DecodeOutcome.TRUNCATED_EXTENSION_HEADER;
            }
            proto = extension.nextHeader();
            p += extension.headerLength();
            if (p > end) {
                return DecodeOutcome.BAD_IP_TOTAL_LENGTH;
            }
        }
        switch (proto) {
            case IpProtocol.TCP:
                return tcp(p, capEnd, end);
            case IpProtocol.UDP:
                return udp(p, capEnd, end);
            case IpProtocol.IPIP:
                return enterTunnel(Tunnel.IP_IN_IP) ? ip4(p, capEnd, end) : DecodeOutcome.TUNNEL_TOO_DEEP;
            case IpProtocol.IPV6:
                return enterTunnel(Tunnel.IP_IN_IP) ? ip6(p, capEnd, end) : DecodeOutcome.TUNNEL_TOO_DEEP;
            case IpProtocol.GRE:
                return gre(p, capEnd, end);
            default:
                return DecodeOutcome.NOT_TCP;
        }
    }

    /** Counts one more tunnel level; false when that would exceed the configured depth. */
    private boolean enterTunnel(Tunnel kind) {
        if (tunnelDepth >= options.maxTunnelDepth()) {
            return false;
        }
        tunnelDepth++;
        if (out.tunnel() == Tunnel.NONE) {
            out.tunnel(kind);
        }
        return true;
    }

    private DecodeOutcome tcp(int off, int capEnd, int end) {
        if (end - off < TcpView.MIN_HEADER_LENGTH) {
            return DecodeOutcome.BAD_IP_TOTAL_LENGTH; // the IP length leaves no room for a TCP header
        }
        if (!tcp.bind(b, off, capEnd - off)) {
            return DecodeOutcome.TRUNCATED_TCP_HEADER;
        }
        int headerLength = tcp.headerLength();
        if (headerLength < TcpView.MIN_HEADER_LENGTH || headerLength > end - off) {
            return DecodeOutcome.BAD_TCP_DATA_OFFSET;
        }
        if (headerLength > capEnd - off) {
            return DecodeOutcome.TRUNCATED_TCP_HEADER;
        }
        out.tcp(tcp.sourcePort(), tcp.destinationPort(), tcp.sequence(), tcp.acknowledgment(), tcp.flags(),
                tcp.window(), headerLength, end - off - headerLength);
        if (!reassembled) {
            out.capturedPayload(Math.min(capEnd, end) - off - headerLength);
        }
        if (!TcpOptions.parse(b, off + TcpView.MIN_HEADER_LENGTH, off + headerLength, out)) {
            counters.note(DecodeNote.BAD_TCP_OPTIONS);
        }
        out.checksum(checksum(off, capEnd, end));
        out.vlans(outerVlan, innerVlan);
        return DecodeOutcome.TCP;
    }

    /** Verifies the TCP checksum over the pseudo header (RFC 9293 3.1, RFC 8200 8.1) when all was captured. */
    private ChecksumStatus checksum(int off, int capEnd, int end) {
        if (!options.verifyChecksums() || reassembled || end > capEnd) {
            return ChecksumStatus.UNVERIFIED;
        }
        int length = end - off;
        long pseudo = IpProtocol.TCP + (length >>> 16) + (length & 0xFFFF);
        int addressLength = ipIsV6 ? 16 : 4;
        pseudo = InternetChecksum.add(pseudo, b, srcAddressOffset, srcAddressOffset + addressLength);
        pseudo = InternetChecksum.add(pseudo, b, dstAddressOffset, dstAddressOffset + addressLength);
        long sum = InternetChecksum.add(pseudo, b, off, end);
        if (InternetChecksum.fold(sum) == 0xFFFF) {
            return ChecksumStatus.GOOD;
        }
        // captured on the sending host before the card computed it: the field holds the pseudo-header sum only
        if (Bytes.u16(b, off + TcpView.CHECKSUM) == InternetChecksum.fold(pseudo)) {
            counters.note(DecodeNote.TCP_CHECKSUM_OFFLOADED);
            return ChecksumStatus.OFFLOADED;
        }
        counters.note(DecodeNote.BAD_TCP_CHECKSUM);
        return ChecksumStatus.BAD;
    }

    /**
     * UDP: only interesting when it carries a tunnel. As in Zeek, a registered port picks the tunnel
     * (destination first, then source), and otherwise the payload may still be recognised as Teredo.
     */
    private DecodeOutcome udp(int off, int capEnd, int end) {
        if (!udp.bind(b, off, capEnd - off) || end - off < UdpView.HEADER_LENGTH) {
            return DecodeOutcome.NOT_TCP;
        }
        int p = off + UdpView.HEADER_LENGTH;
        int kind = tunnelPort(udp.destinationPort());
        if (kind == 0) {
            kind = tunnelPort(udp.sourcePort());
        }
        switch (kind) {
            case VXLAN_PORT:
                return vxlan(p, capEnd, end);
            case GENEVE_PORT:
                return geneve(p, capEnd, end);
            case GTP_U_PORT:
                return gtp(p, capEnd, end);
            case TEREDO_PORT:
                return teredo(p, capEnd, end);
            case AYIYA_PORT:
                return ayiya(p, capEnd, end);
            default:
                return TeredoView.looksLikeTeredo(b, p, capEnd - p) ? teredo(p, capEnd, end) : DecodeOutcome.NOT_TCP;
        }
    }

    /** The tunnel registered for a UDP port (GTP-C's port is GTP-U's), as the port constant, or 0. */
    private static int tunnelPort(int port) {
        switch (port) {
            case VXLAN_PORT:
            case GENEVE_PORT:
            case GTP_U_PORT:
            case TEREDO_PORT:
            case AYIYA_PORT:
                return port;
            case GTP_C_PORT:
                return GTP_U_PORT;
            default:
                return 0;
        }
    }

    /** VXLAN (RFC 7348 section 5): 8 bytes of flags and VNI, then an Ethernet frame. */
    private DecodeOutcome vxlan(int off, int capEnd, int end) {
        if (capEnd - off < VXLAN_HEADER_LENGTH) {
            return DecodeOutcome.TRUNCATED_TUNNEL_HEADER;
        }
        if (!enterTunnel(Tunnel.VXLAN)) {
            return DecodeOutcome.TUNNEL_TOO_DEEP;
        }
        return ethernet(off + VXLAN_HEADER_LENGTH, capEnd, end);
    }

    private DecodeOutcome geneve(int off, int capEnd, int end) {
        if (!geneve.bind(b, off, capEnd - off) || geneve.headerLength() > capEnd - off) {
            return DecodeOutcome.TRUNCATED_TUNNEL_HEADER;
        }
        if (geneve.version() != 0) {
            return DecodeOutcome.UNSUPPORTED_ENCAPSULATION;
        }
        int protocol = geneve.protocol();
        int p = off + geneve.headerLength();
        if (protocol != EtherType.TRANSPARENT_ETHERNET && protocol != EtherType.IPV4 && protocol != EtherType.IPV6) {
            return DecodeOutcome.UNSUPPORTED_ENCAPSULATION;
        }
        if (!enterTunnel(Tunnel.GENEVE)) {
            return DecodeOutcome.TUNNEL_TOO_DEEP;
        }
        return protocol == EtherType.TRANSPARENT_ETHERNET ? ethernet(p, capEnd, end) : etherType(protocol, p, capEnd, end);
    }

    private DecodeOutcome gtp(int off, int capEnd, int end) {
        if (!gtp.bind(b, off, capEnd - off)) {
            return DecodeOutcome.TRUNCATED_TUNNEL_HEADER;
        }
        if (!gtp.isGtpV1() || gtp.messageType() != GtpView.MESSAGE_G_PDU) {
            return DecodeOutcome.NOT_TCP; // GTPv2-C, GTP', signalling: no user packet inside
        }
        int headerLength = gtp.headerLength();
        if (headerLength == GtpView.BAD_LENGTH) {
            return DecodeOutcome.TRUNCATED_TUNNEL_HEADER;
        }
        int p = off + headerLength;
        if (p >= capEnd) {
            return DecodeOutcome.TRUNCATED_TUNNEL_HEADER;
        }
        int version = Bytes.u8(b, p) >>> 4;
        if (version != 4 && version != 6) {
            return DecodeOutcome.UNSUPPORTED_ENCAPSULATION; // PPP or Ethernet PDU sessions
        }
        if (!enterTunnel(Tunnel.GTP_U)) {
            return DecodeOutcome.TUNNEL_TOO_DEEP;
        }
        return version == 4 ? ip4(p, capEnd, end) : ip6(p, capEnd, end);
    }

    private DecodeOutcome teredo(int off, int capEnd, int end) {
        int inner = TeredoView.innerOffset(b, off, capEnd - off);
        if (inner < 0) {
            return DecodeOutcome.NOT_TCP; // not Teredo after all, or a bare indicator
        }
        if (!enterTunnel(Tunnel.TEREDO)) {
            return DecodeOutcome.TUNNEL_TOO_DEEP;
        }
        return ip6(off + inner, capEnd, end);
    }

    private DecodeOutcome ayiya(int off, int capEnd, int end) {
        if (!ayiya.bind(b, off, capEnd - off) || ayiya.headerLength() > capEnd - off) {
            return DecodeOutcome.TRUNCATED_TUNNEL_HEADER;
        }
        int next = ayiya.nextHeader();
        if (!ayiya.isForward() || (next != IpProtocol.IPIP && next != IpProtocol.IPV6)) {
            return DecodeOutcome.NOT_TCP; // echo, heartbeat, or a payload that is not IP
        }
        if (!enterTunnel(Tunnel.AYIYA)) {
            return DecodeOutcome.TUNNEL_TOO_DEEP;
        }
        int p = off + ayiya.headerLength();
        return next == IpProtocol.IPIP ? ip4(p, capEnd, end) : ip6(p, capEnd, end);
    }

    /** GRE as Zeek follows it: version 0 by protocol type (Ethernet, ERSPAN, IP, MPLS), version 1 with PPP. */
    private DecodeOutcome gre(int off, int capEnd, int end) {
        if (!gre.bind(b, off, capEnd - off)) {
            return DecodeOutcome.TRUNCATED_TUNNEL_HEADER;
        }
        if (gre.hasUnsupportedFlags() || gre.version() > 1) {
            return DecodeOutcome.UNSUPPORTED_ENCAPSULATION;
        }
        int headerLength = gre.headerLength();
        if (headerLength > capEnd - off) {
            return DecodeOutcome.TRUNCATED_TUNNEL_HEADER;
        }
        int p = off + headerLength;
        int protocol = gre.protocol();
        if (gre.version() == 1) {
            if (protocol != EtherType.PPP) {
                return DecodeOutcome.UNSUPPORTED_ENCAPSULATION;
            }
            if (p >= end) {
                return DecodeOutcome.NOT_TCP; // an acknowledgement without payload
            }
            if (!ppp.bind(b, p, capEnd - p)) {
                return DecodeOutcome.TRUNCATED_TUNNEL_HEADER;
            }
            int pppProtocol = ppp.protocol();
            if (pppProtocol != PppView.IPV4 && pppProtocol != PppView.IPV6) {
                return DecodeOutcome.NOT_TCP; // PPP control or compressed/encrypted data
            }
            if (!enterTunnel(Tunnel.GRE)) {
                return DecodeOutcome.TUNNEL_TOO_DEEP;
            }
            return pppProtocol(pppProtocol, p + ppp.headerLength(), capEnd, end);
        }
        switch (protocol) {
            case EtherType.ERSPAN_II:
                if (gre.sequencePresent()) {
                    p += ERSPAN_II_HEADER_LENGTH; // type II; without a sequence number it is type I, headerless
                }
                break;
            case EtherType.ERSPAN_III:
                if (capEnd - p < ERSPAN_III_HEADER_LENGTH) {
                    return DecodeOutcome.TRUNCATED_TUNNEL_HEADER;
                }
                boolean subheader = (Bytes.u8(b, p + ERSPAN_III_HEADER_LENGTH - 1) & ERSPAN_III_OPTIONAL_FLAG) != 0;
                p += ERSPAN_III_HEADER_LENGTH + (subheader ? ERSPAN_III_SUBHEADER_LENGTH : 0);
                break;
            case EtherType.TRANSPARENT_ETHERNET:
            case EtherType.IPV4:
            case EtherType.IPV6:
            case EtherType.MPLS_UNICAST:
            case EtherType.MPLS_MULTICAST:
                break;
            default:
                return DecodeOutcome.UNSUPPORTED_ENCAPSULATION; // Aruba WLAN, WCCP, ...
        }
        if (p > capEnd) {
            return DecodeOutcome.TRUNCATED_TUNNEL_HEADER;
        }
        if (!enterTunnel(Tunnel.GRE)) {
            return DecodeOutcome.TUNNEL_TOO_DEEP;
        }
        boolean carriesEthernet = protocol == EtherType.TRANSPARENT_ETHERNET || protocol == EtherType.ERSPAN_II
                || protocol == EtherType.ERSPAN_III;
        return carriesEthernet ? ethernet(p, capEnd, end) : etherType(protocol, p, capEnd, end);
    }
}
