package dev.conntrail.capture.wire;

import static dev.conntrail.capture.wire.Fixtures.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conntrail.capture.Frame;
import dev.conntrail.capture.LinkType;
import dev.conntrail.tracker.segment.ChecksumStatus;
import dev.conntrail.tracker.segment.IpAddress;
import dev.conntrail.tracker.segment.TcpFlags;
import dev.conntrail.tracker.segment.TcpSegment;
import dev.conntrail.tracker.segment.Tunnel;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Scenarios per encapsulation: what comes out of one frame. Fixtures and their tcpdump lines: {@link Fixtures}. */
class FrameDecoderTest {
    private static final IpAddress CLIENT4 = IpAddress.parse("192.0.2.1");
    private static final IpAddress SERVER4 = IpAddress.parse("198.51.100.2");
    private static final IpAddress CLIENT6 = IpAddress.parse("2001:db8::1");
    private static final IpAddress SERVER6 = IpAddress.parse("2001:db8::2");
    /** Offsets in the plain Ethernet IPv4 fixtures. */
    private static final int IP = 14;
    private static final int TCP = 34;

    private final FrameDecoder decoder = new FrameDecoder();
    private final TcpSegment segment = new TcpSegment();

    private DecodeOutcome decode(Frame frame) {
        return decoder.decode(frame, segment);
    }

    private DecodeOutcome decode(int linkType, byte[] bytes) {
        return decode(frame(linkType, bytes));
    }

    /** The fixture's SYN, seen through whatever carried it. */
    private void assertIsTheSyn4() {
        assertEquals(CLIENT4, segment.src());
        assertEquals(SERVER4, segment.dst());
        assertEquals(40000, segment.srcPort());
        assertEquals(80, segment.dstPort());
        assertEquals(1000, segment.seq());
        assertEquals(TcpFlags.SYN, segment.flags());
        assertEquals(60, segment.ipLength());
        assertEquals(0, segment.payloadLength());
    }

    private void assertIsTheSyn6() {
        assertEquals(CLIENT6, segment.src());
        assertEquals(SERVER6, segment.dst());
        assertEquals(40000, segment.srcPort());
        assertEquals(80, segment.dstPort());
        assertEquals(TcpFlags.SYN, segment.flags());
        assertEquals(0, segment.payloadLength());
    }

    static byte[] mutate(byte[] bytes, int at, int... values) {
        byte[] copy = bytes.clone();
        for (int i = 0; i < values.length; i++) {
            copy[at + i] = (byte) values[i];
        }
        return copy;
    }

    @Nested
    class Ethernet {
        @Test
        void ipv4SynFillsEveryField() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_IPV4_SYN));
            assertIsTheSyn4();
            assertFalse(segment.isIpv6());
            assertEquals(Fixtures.TIME, segment.timeNanos());
            assertEquals(0x1234, segment.ipId());
            assertEquals(64, segment.ttl());
            assertEquals(0, segment.ack());
            assertEquals(64240, segment.window());
            assertEquals(40, segment.headerLength());
            assertEquals(1460, segment.mss());
            assertEquals(7, segment.windowScale());
            assertTrue(segment.sackPermitted());
            assertTrue(segment.hasTimestamps());
            assertEquals(1, segment.tsVal());
            assertEquals(0, segment.tsEcr());
            assertEquals(0, segment.sackBlocks());
            assertEquals(ChecksumStatus.GOOD, segment.checksum());
            assertEquals(TcpSegment.NO_VLAN, segment.outerVlan());
            assertEquals(Tunnel.NONE, segment.tunnel());
        }

        @Test
        void dataSegmentCountsPayloadFromIpLength() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_IPV4_DATA));
            assertEquals(5, segment.payloadLength());
            assertEquals(32, segment.headerLength());
            assertEquals(TcpFlags.PSH | TcpFlags.ACK, segment.flags());
            assertEquals(5001, segment.ack());
            assertEquals(TcpSegment.ABSENT, segment.mss());
            assertEquals(2, segment.tsVal());
            assertEquals(ChecksumStatus.GOOD, segment.checksum());
        }

        @Test
        void paddingAfterTheDatagramIsNotPayload() {
            assertEquals(60, Fixtures.ETHERNET_IPV4_DATA_PADDED.length);
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_IPV4_DATA_PADDED));
            assertEquals(40, segment.ipLength());
            assertEquals(0, segment.payloadLength());
            assertEquals(ChecksumStatus.GOOD, segment.checksum());
        }

        @Test
        void ipv6SynFillsAddressesAndHopLimit() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_IPV6_SYN));
            assertIsTheSyn6();
            assertTrue(segment.isIpv6());
            assertEquals(80, segment.ipLength());
            assertEquals(64, segment.ttl());
            assertEquals(0, segment.ipId());
            assertEquals(ChecksumStatus.GOOD, segment.checksum());
        }

        @Test
        void vlanTaggedTwiceRecordsBothIds() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_VLAN_VLAN_IPV4_SYN));
            assertIsTheSyn4();
            assertEquals(100, segment.outerVlan());
            assertEquals(200, segment.innerVlan());
        }

        @Test
        void threeStackedTagsRecordTheOuterTwo() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_3VLAN_IPV4_SYN));
            assertIsTheSyn4();
            assertEquals(10, segment.outerVlan());
            assertEquals(20, segment.innerVlan());
        }

        @Test
        void ieee8023WithLlcSnapCarriesIpv4() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_LLC_SNAP_IPV4_SYN));
            assertIsTheSyn4();
        }

        @Test
        void mplsLabelStackEndsInIpv4() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_MPLS2_IPV4_SYN));
            assertIsTheSyn4();
        }

        @Test
        void pppoeSessionCarriesIpv4() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_PPPOE_IPV4_SYN));
            assertIsTheSyn4();
        }

        @Test
        void arpIsSkippedAsNotIp() {
            assertEquals(DecodeOutcome.NOT_IP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_ARP));
        }

        @Test
        void udpWithoutATunnelIsNotTcp() {
            assertEquals(DecodeOutcome.NOT_TCP, decode(LinkType.ETHERNET, Fixtures.UDP_DNS));
        }
    }

    @Nested
    class Ipv4 {
        @Test
        void optionsLengthenTheHeader() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_IPV4_OPTIONS_SYN));
            assertEquals(68, segment.ipLength());
            assertEquals(0, segment.payloadLength());
            assertEquals(ChecksumStatus.GOOD, segment.checksum());
        }

        @Test
        void totalLengthZeroTakesTheLengthFromTheFrameLikeTshark() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_IPV4_TSO_DATA));
            assertEquals(140, segment.ipLength());
            assertEquals(100, segment.payloadLength());
            assertEquals(1, decoder.counters().get(DecodeNote.IP_LENGTH_FROM_FRAME));
        }

        @Test
        void headerOnlyCaptureStillCountsThePayloadTheIpLengthClaims() {
            byte[] big = Fixtures.ETHERNET_IPV4_DATA.clone();
            int claimed = 1500;
            big[IP + 2] = (byte) (claimed >>> 8);
            big[IP + 3] = (byte) claimed;
            assertEquals(DecodeOutcome.TCP, decode(frame(LinkType.ETHERNET, big, 66, 14 + claimed)));
            assertEquals(claimed, segment.ipLength());
            assertEquals(claimed - 20 - 32, segment.payloadLength());
            assertEquals(ChecksumStatus.UNVERIFIED, segment.checksum());
        }

        @Test
        void headerLengthBelowFiveWordsIsMalformed() {
            byte[] b = mutate(Fixtures.ETHERNET_IPV4_SYN, IP, 0x44);
            assertEquals(DecodeOutcome.BAD_IPV4_HEADER_LENGTH, decode(LinkType.ETHERNET, b));
        }

        @Test
        void headerLengthBeyondTheCaptureIsTruncated() {
            byte[] b = mutate(Fixtures.ETHERNET_IPV4_SYN, IP, 0x4F);
            assertEquals(DecodeOutcome.TRUNCATED_IP_HEADER, decode(frame(LinkType.ETHERNET, b, 50, 74)));
        }

        @Test
        void totalLengthBelowTheHeaderLengthIsMalformed() {
            byte[] b = mutate(Fixtures.ETHERNET_IPV4_SYN, IP + 2, 0, 16);
            assertEquals(DecodeOutcome.BAD_IPV4_HEADER_LENGTH, decode(LinkType.ETHERNET, b));
        }

        @Test
        void totalLengthLeavingNoRoomForTcpIsBadTotalLength() {
            byte[] b = mutate(Fixtures.ETHERNET_IPV4_SYN, IP + 2, 0, 30);
            assertEquals(DecodeOutcome.BAD_IP_TOTAL_LENGTH, decode(LinkType.ETHERNET, b));
        }

        @Test
        void totalLengthBeyondTheFrameOnTheWireIsMalformed() {
            byte[] b = mutate(Fixtures.ETHERNET_IPV4_SYN, IP + 2, 0x03, 0x34);
            assertEquals(DecodeOutcome.IP_LENGTH_BEYOND_FRAME, decode(LinkType.ETHERNET, b));
        }

        @Test
        void versionOtherThanFourIsBadVersion() {
            byte[] b = mutate(Fixtures.ETHERNET_IPV4_SYN, IP, 0x55);
            assertEquals(DecodeOutcome.BAD_IP_VERSION, decode(LinkType.ETHERNET, b));
        }
    }

    @Nested
    class Ipv6 {
        @Test
        void extensionHeaderChainIsWalkedToTcp() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_IPV6_EXT_CHAIN_SYN));
            assertIsTheSyn6();
            assertEquals(120, segment.ipLength());
            assertEquals(ChecksumStatus.GOOD, segment.checksum());
        }

        @Test
        void jumbogramTakesItsLengthFromTheJumboOption() {
            Frame f = frame(LinkType.ETHERNET, Fixtures.ETHERNET_IPV6_JUMBO_DATA, 94, 80082);
            assertEquals(DecodeOutcome.TCP, decode(f));
            assertEquals(40 + 8 + 20 + 80000, segment.ipLength());
            assertEquals(80000, segment.payloadLength());
            assertEquals(ChecksumStatus.UNVERIFIED, segment.checksum());
            assertEquals(1, decoder.counters().get(DecodeNote.IPV6_JUMBOGRAM));
        }

        @Test
        void atomicFragmentIsAPlainPacketWithItsIdentification() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_IPV6_ATOMIC_FRAGMENT_SYN));
            assertIsTheSyn6();
            assertEquals(0xabcdef01, segment.ipId());
            assertEquals(88, segment.ipLength());
        }

        @Test
        void espEndsTheChainAsNotTcp() {
            assertEquals(DecodeOutcome.NOT_TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_IPV6_ESP));
        }

        @Test
        void extensionHeaderRunningPastTheCaptureIsTruncated() {
            // the routing header claims 255 * 8 + 8 bytes
            byte[] b = mutate(Fixtures.ETHERNET_IPV6_EXT_CHAIN_SYN, 14 + 40 + 8 + 1, 255);
            assertEquals(DecodeOutcome.TRUNCATED_EXTENSION_HEADER, decode(LinkType.ETHERNET, b));
        }

        @Test
        void payloadLengthShorterThanTheExtensionHeadersIsBadTotalLength() {
            byte[] b = mutate(Fixtures.ETHERNET_IPV6_EXT_CHAIN_SYN, 14 + 4, 0, 16);
            assertEquals(DecodeOutcome.BAD_IP_TOTAL_LENGTH, decode(LinkType.ETHERNET, b));
        }
    }

    @Nested
    class Tcp {
        @Test
        void allNineFlagBitsComeThrough() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_IPV4_ALL_FLAGS));
            int all = TcpFlags.FIN | TcpFlags.SYN | TcpFlags.RST | TcpFlags.PSH | TcpFlags.ACK | TcpFlags.URG
                    | TcpFlags.ECE | TcpFlags.CWR | TcpFlags.AE;
            assertEquals(all, segment.flags());
            assertEquals(2, segment.sequenceLength());
        }

        @Test
        void sackBlocksGiveCountAndHighestRightEdgeAcrossTheWrap() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_IPV4_SACK));
            assertEquals(3, segment.sackBlocks());
            assertEquals(0x10, segment.sackRightEdge());
        }

        @Test
        void badChecksumIsReportedNotDropped() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_IPV4_BAD_CHECKSUM));
            assertEquals(ChecksumStatus.BAD, segment.checksum());
            assertEquals(1, decoder.counters().get(DecodeNote.BAD_TCP_CHECKSUM));
        }

        @Test
        void checksumIsUnverifiedWhenVerificationIsOff() {
            FrameDecoder off = new FrameDecoder(DecodeOptions.DEFAULTS.withVerifyChecksums(false));
            assertEquals(DecodeOutcome.TCP, off.decode(frame(LinkType.ETHERNET, Fixtures.ETHERNET_IPV4_BAD_CHECKSUM),
                    segment));
            assertEquals(ChecksumStatus.UNVERIFIED, segment.checksum());
        }

        @Test
        void malformedOptionListKeepsTheSegmentAndIsCounted() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.ETHERNET_IPV4_BAD_OPTIONS));
            assertEquals(1460, segment.mss()); // parsed before the fault
            assertEquals(TcpSegment.ABSENT, segment.windowScale());
            assertEquals(1, decoder.counters().get(DecodeNote.BAD_TCP_OPTIONS));
        }

        @Test
        void dataOffsetBelowFiveWordsIsMalformed() {
            byte[] b = mutate(Fixtures.ETHERNET_IPV4_SYN, TCP + 12, 0x40);
            assertEquals(DecodeOutcome.BAD_TCP_DATA_OFFSET, decode(LinkType.ETHERNET, b));
        }

        @Test
        void dataOffsetBeyondTheSegmentIsMalformed() {
            byte[] b = mutate(Fixtures.ETHERNET_IPV4_DATA_PADDED, TCP + 12, 0xF0);
            assertEquals(DecodeOutcome.BAD_TCP_DATA_OFFSET, decode(LinkType.ETHERNET, b));
        }

        @Test
        void optionsCutOffByTheSnapLengthAreATruncatedHeader() {
            assertEquals(DecodeOutcome.TRUNCATED_TCP_HEADER,
                    decode(frame(LinkType.ETHERNET, Fixtures.ETHERNET_IPV4_SYN, 68, 74)));
        }
    }

    @Nested
    class Fragments {
        @Test
        void tcpHeaderSplitAcrossTwoFragmentsGivesOneSegment() {
            assertEquals(DecodeOutcome.FRAGMENT_HELD, decode(LinkType.ETHERNET, Fixtures.IPV4_FRAGMENT_1_OF_2));
            Frame last = frame(LinkType.ETHERNET, Fixtures.IPV4_FRAGMENT_2_OF_2);
            last.set(Fixtures.IPV4_FRAGMENT_2_OF_2, 0, 50, 50, Fixtures.TIME + 5, LinkType.ETHERNET, 0, 2);
            assertEquals(DecodeOutcome.TCP, decode(last));
            assertIsTheSyn4();
            assertEquals(1460, segment.mss());
            assertEquals(7, segment.windowScale());
            assertEquals(0x4242, segment.ipId());
            assertEquals(Fixtures.TIME + 5, segment.timeNanos());
            assertEquals(ChecksumStatus.UNVERIFIED, segment.checksum());
        }

        @Test
        void fragmentsArrivingInReverseOrderComplete() {
            assertEquals(DecodeOutcome.FRAGMENT_HELD, decode(LinkType.ETHERNET, Fixtures.IPV4_FRAGMENT_2_OF_2));
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.IPV4_FRAGMENT_1_OF_2));
            assertIsTheSyn4();
        }

        @Test
        void duplicateFragmentIsHeldAndCountedAsOverlap() {
            decode(LinkType.ETHERNET, Fixtures.IPV4_FRAGMENT_1_OF_2);
            assertEquals(DecodeOutcome.FRAGMENT_HELD, decode(LinkType.ETHERNET, Fixtures.IPV4_FRAGMENT_1_OF_2));
            assertEquals(1, decoder.counters().get(DecodeNote.FRAGMENT_OVERLAP));
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.IPV4_FRAGMENT_2_OF_2));
        }

        @Test
        void ipv6FragmentsReassembleWithTheFragmentIdentification() {
            assertEquals(DecodeOutcome.FRAGMENT_HELD, decode(LinkType.ETHERNET, Fixtures.IPV6_FRAGMENT_1_OF_2));
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.IPV6_FRAGMENT_2_OF_2));
            assertEquals(CLIENT6, segment.src());
            assertEquals(90, segment.ipLength());
            assertEquals(30, segment.payloadLength());
            assertEquals(77, segment.ipId());
            assertEquals(TcpFlags.PSH | TcpFlags.ACK, segment.flags());
        }

        @Test
        void datagramNeverCompletedIsDroppedAfterSixtySecondsOfPacketTime() {
            decode(LinkType.ETHERNET, Fixtures.IPV4_FRAGMENT_1_OF_2);
            Frame late = new Frame();
            late.set(Fixtures.IPV4_FRAGMENT_2_OF_2, 0, 50, 50, Fixtures.TIME + 61_000_000_000L, LinkType.ETHERNET, 0,
                    2);
            assertEquals(DecodeOutcome.FRAGMENT_HELD, decode(late));
            assertEquals(1, decoder.counters().get(DecodeOutcome.FRAGMENT_DROPPED));
        }

        @Test
        void finishDropsWhatIsStillHeld() {
            decode(LinkType.ETHERNET, Fixtures.IPV4_FRAGMENT_1_OF_2);
            decoder.finish();
            assertEquals(1, decoder.counters().get(DecodeOutcome.FRAGMENT_DROPPED));
        }

        @Test
        void fragmentEndingBeyond65535BytesIsBad() {
            // offset field 8190 (65520 bytes) plus 16 bytes of data
            byte[] b = mutate(Fixtures.IPV4_FRAGMENT_2_OF_2, IP + 6, 0x1F, 0xFE);
            assertEquals(DecodeOutcome.BAD_FRAGMENT, decode(LinkType.ETHERNET, b));
        }

        @Test
        void fullTableDropsTheOldestDatagram() {
            FrameDecoder small = new FrameDecoder(new DecodeOptions(true, 2, 1, 60_000_000_000L));
            small.decode(frame(LinkType.ETHERNET, Fixtures.IPV4_FRAGMENT_1_OF_2), segment);
            small.decode(frame(LinkType.ETHERNET, mutate(Fixtures.IPV4_FRAGMENT_1_OF_2, IP + 4, 0x99)), segment);
            assertEquals(1, small.counters().get(DecodeOutcome.FRAGMENT_DROPPED));
            assertEquals(DecodeOutcome.FRAGMENT_HELD,
                    small.decode(frame(LinkType.ETHERNET, Fixtures.IPV4_FRAGMENT_2_OF_2), segment));
        }
    }

    @Nested
    class LinkTypes {
        @Test
        void bsdLoopbackInHostOrderCarriesIpv4() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.NULL, Fixtures.NULL_HOST_ORDER_IPV4_SYN));
            assertIsTheSyn4();
        }

        @Test
        void bsdLoopbackInNetworkOrderWithDarwinInet6CarriesIpv6() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.NULL, Fixtures.NULL_NETWORK_ORDER_IPV6_SYN));
            assertIsTheSyn6();
        }

        @Test
        void everyBsdInet6FamilyIsIpv6() {
            for (int family : new int[] {24, 28, 30}) {
                byte[] b = mutate(Fixtures.NULL_NETWORK_ORDER_IPV6_SYN, 3, family);
                assertEquals(DecodeOutcome.TCP, decode(LinkType.NULL, b), "family " + family);
                assertEquals(DecodeOutcome.TCP, decode(LinkType.LOOP, b), "family " + family);
            }
        }

        @Test
        void openBsdLoopIsNetworkOrder() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.LOOP, Fixtures.LOOP_IPV6_SYN));
            assertIsTheSyn6();
        }

        @Test
        void rawIpTakesTheVersionFromTheFirstNibble() {
            for (int linkType : new int[] {LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_OPENBSD}) {
                assertEquals(DecodeOutcome.TCP, decode(linkType, Fixtures.RAW_IPV6_SYN));
                assertIsTheSyn6();
            }
        }

        @Test
        void linktypeIpv4And6InsistOnTheirVersion() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.IPV4, Fixtures.IPV4_LINKTYPE_SYN));
            assertIsTheSyn4();
            assertEquals(DecodeOutcome.BAD_IP_VERSION, decode(LinkType.IPV6, Fixtures.IPV4_LINKTYPE_SYN));
            assertEquals(DecodeOutcome.BAD_IP_VERSION, decode(LinkType.IPV4, Fixtures.RAW_IPV6_SYN));
        }

        @Test
        void pppWithAddressAndControlCarriesIpv4() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.PPP, Fixtures.PPP_IPV4_SYN));
            assertIsTheSyn4();
        }

        @Test
        void pppInHdlcFramingCarriesMpls() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.PPP_HDLC, Fixtures.PPP_HDLC_MPLS_IPV4_SYN));
            assertIsTheSyn4();
        }

        @Test
        void ciscoHdlcCarriesIpv4AlsoUnderThePppSerialLinkType() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.C_HDLC, Fixtures.C_HDLC_IPV4_SYN));
            assertIsTheSyn4();
            assertEquals(DecodeOutcome.TCP, decode(LinkType.PPP_HDLC, Fixtures.C_HDLC_IPV4_SYN));
        }

        @Test
        void linuxCookedV1AndV2() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.LINUX_SLL, Fixtures.SLL_IPV4_SYN));
            assertIsTheSyn4();
            assertEquals(DecodeOutcome.TCP, decode(LinkType.LINUX_SLL2, Fixtures.SLL2_IPV6_SYN));
            assertIsTheSyn6();
        }

        @Test
        void nflogFindsThePayloadAttribute() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.NFLOG, Fixtures.NFLOG_IPV4_SYN));
            assertIsTheSyn4();
        }

        @Test
        void ipOverInfiniBandSkipsTheHardwareAddresses() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.IPOIB, Fixtures.IPOIB_IPV4_SYN));
            assertIsTheSyn4();
        }

        @Test
        void pktapHeaderLengthLeadsToTheInnerEthernetFrame() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.PKTAP, Fixtures.PKTAP_ETHERNET_IPV4_SYN));
            assertIsTheSyn4();
        }

        @Test
        void pktapHeaderLengthBelowItsOwnFieldsIsBad() {
            byte[] b = mutate(Fixtures.PKTAP_ETHERNET_IPV4_SYN, 0, 5);
            assertEquals(DecodeOutcome.BAD_LINK_HEADER, decode(LinkType.PKTAP, b));
        }

        @Test
        void fddiWithSnapCarriesIpv4() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.FDDI, Fixtures.FDDI_SNAP_IPV4_SYN));
            assertIsTheSyn4();
        }

        @Test
        void linuxArcnetRfc1201CarriesIpv4() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ARCNET_LINUX, Fixtures.ARCNET_IPV4_SYN));
            assertIsTheSyn4();
        }

        @Test
        void juniperEthernetSkipsItsExtensions() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.JUNIPER_ETHER, Fixtures.JUNIPER_ETHERNET_IPV4_SYN));
            assertIsTheSyn4();
            assertEquals(DecodeOutcome.BAD_LINK_HEADER,
                    decode(LinkType.JUNIPER_ETHER, mutate(Fixtures.JUNIPER_ETHERNET_IPV4_SYN, 0, 'X')));
        }

        @Test
        void unsupportedLinkTypeIsSkippedAndNotSupported() {
            assertEquals(DecodeOutcome.UNSUPPORTED_LINK_TYPE, decode(LinkType.IEEE802_11, Fixtures.ETHERNET_IPV4_SYN));
            assertFalse(decoder.supports(LinkType.IEEE802_11));
            assertFalse(decoder.supports(LinkType.NETLINK));
            for (int lt : new int[] {0, 1, 9, 10, 12, 14, 50, 51, 101, 104, 108, 113, 129, 178, 228, 229, 239, 242,
                    258, 276}) {
                assertTrue(decoder.supports(lt), "link type " + lt);
            }
        }
    }

    @Nested
    class Tunnels {
        @Test
        void ipv4InIpv4TracksTheInnerConnection() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.IPV4_IN_IPV4_SYN));
            assertIsTheSyn4();
            assertEquals(Tunnel.IP_IN_IP, segment.tunnel());
            assertEquals(ChecksumStatus.GOOD, segment.checksum());
        }

        @Test
        void ipv6InIpv4AndIpv4InIpv6() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.IPV6_IN_IPV4_SYN));
            assertIsTheSyn6();
            assertEquals(Tunnel.IP_IN_IP, segment.tunnel());
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.IPV4_IN_IPV6_SYN));
            assertIsTheSyn4();
        }

        @Test
        void greWithChecksumKeyAndSequenceCarriesIpv4() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.GRE_KEY_SEQ_CSUM_IPV4_SYN));
            assertIsTheSyn4();
            assertEquals(Tunnel.GRE, segment.tunnel());
        }

        @Test
        void greTransparentEthernetBridging() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.GRE_ETHERNET_IPV4_SYN));
            assertIsTheSyn4();
        }

        @Test
        void greErspanTypeTwo() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.GRE_ERSPAN2_IPV4_SYN));
            assertIsTheSyn4();
        }

        @Test
        void enhancedGreOfPptpCarriesPpp() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.GRE_PPTP_IPV4_SYN));
            assertIsTheSyn4();
            assertEquals(Tunnel.GRE, segment.tunnel());
        }

        @Test
        void greWithRoutingPresentIsUnsupported() {
            byte[] b = mutate(Fixtures.GRE_KEY_SEQ_CSUM_IPV4_SYN, 34, 0xF0);
            assertEquals(DecodeOutcome.UNSUPPORTED_ENCAPSULATION, decode(LinkType.ETHERNET, b));
        }

        @Test
        void vxlanOnItsPort() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.VXLAN_IPV4_SYN));
            assertIsTheSyn4();
            assertEquals(Tunnel.VXLAN, segment.tunnel());
        }

        @Test
        void geneveSkipsItsOptionsByLength() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.GENEVE_OPTIONS_IPV4_SYN));
            assertIsTheSyn4();
            assertEquals(Tunnel.GENEVE, segment.tunnel());
        }

        @Test
        void geneveOptionLengthBeyondTheCaptureIsTruncated() {
            byte[] b = mutate(Fixtures.GENEVE_OPTIONS_IPV4_SYN, 42, 0x3F);
            assertEquals(DecodeOutcome.TRUNCATED_TUNNEL_HEADER, decode(frame(LinkType.ETHERNET, b, 100, 132)));
        }

        @Test
        void gtpUWithAnExtensionHeader() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.GTP_U_EXTENSION_IPV4_SYN));
            assertIsTheSyn4();
            assertEquals(Tunnel.GTP_U, segment.tunnel());
        }

        @Test
        void teredoOnItsPortWithAnOriginIndication() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.TEREDO_ORIGIN_IPV6_SYN));
            assertEquals(IpAddress.parse("2001:0:4136:e378::1"), segment.src());
            assertEquals(Tunnel.TEREDO, segment.tunnel());
            assertEquals(ChecksumStatus.GOOD, segment.checksum());
        }

        @Test
        void teredoOnAnyPortWhenTheInnerAddressHasTheTeredoPrefixAsZeekDecides() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.TEREDO_OTHER_PORT_IPV6_SYN));
            assertEquals(Tunnel.TEREDO, segment.tunnel());
        }

        @Test
        void ayiyaSkipsIdentityAndSignature() {
            assertEquals(DecodeOutcome.TCP, decode(LinkType.ETHERNET, Fixtures.AYIYA_IPV6_SYN));
            assertIsTheSyn6();
            assertEquals(Tunnel.AYIYA, segment.tunnel());
        }

        @Test
        void threeNestedTunnelsExceedTheDefaultDepthOfTwo() {
            assertEquals(DecodeOutcome.TUNNEL_TOO_DEEP, decode(LinkType.ETHERNET, Fixtures.IPIP_IN_IPIP_IN_IPIP_SYN));
            FrameDecoder deep = new FrameDecoder(DecodeOptions.DEFAULTS.withMaxTunnelDepth(3));
            assertEquals(DecodeOutcome.TCP, deep.decode(frame(LinkType.ETHERNET, Fixtures.IPIP_IN_IPIP_IN_IPIP_SYN),
                    segment));
            assertIsTheSyn4();
            assertEquals(Tunnel.IP_IN_IP, segment.tunnel());
        }
    }

    @Nested
    class Counting {
        @Test
        void everyFrameIsCountedUnderItsOutcome() {
            decode(LinkType.ETHERNET, Fixtures.ETHERNET_IPV4_SYN);
            decode(LinkType.ETHERNET, Fixtures.ETHERNET_ARP);
            decode(LinkType.IEEE802_11, Fixtures.ETHERNET_ARP);
            DecodeCounters c = decoder.counters();
            assertEquals(1, c.get(DecodeOutcome.TCP));
            assertEquals(1, c.get(DecodeOutcome.NOT_IP));
            assertEquals(1, c.get(DecodeOutcome.UNSUPPORTED_LINK_TYPE));
            assertEquals(3, c.total());
            assertEquals(2, c.total(DecodeOutcome.Category.SKIPPED));
        }

        @Test
        void frameInsideALargerBufferIsReadOnlyWithinItsCapturedBytes() {
            byte[] syn = Fixtures.ETHERNET_IPV4_DATA_PADDED;
            byte[] buffer = new byte[syn.length + 20];
            java.util.Arrays.fill(buffer, (byte) 0x5A);
            System.arraycopy(syn, 0, buffer, 7, syn.length);
            Frame f = new Frame();
            f.set(buffer, 7, syn.length, syn.length, Fixtures.TIME, LinkType.ETHERNET, 0, 1);
            assertEquals(DecodeOutcome.TCP, decode(f));
            assertEquals(40, segment.ipLength());
            assertEquals(ChecksumStatus.GOOD, segment.checksum());
        }
    }
}
