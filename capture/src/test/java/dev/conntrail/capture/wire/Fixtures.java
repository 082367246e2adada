package dev.conntrail.capture.wire;

import dev.conntrail.capture.Frame;

/**
 * Byte fixtures for the decoder tests, each under the line tcpdump 4.99 prints for it (where tcpdump does
 * not look inside a tunnel, a note says what is there). Unless a name says otherwise the inner packet is
 * the same SYN: 192.0.2.1:40000 to 198.51.100.2:80 (IPv6: 2001:db8::1 to 2001:db8::2), seq 1000, window
 * 64240, options MSS 1460, SACK permitted, timestamps 1/0, NOP, window scale 7, checksums correct.
 */
final class Fixtures {
    static final long TIME = 1_700_000_000_000_000_000L;

    private Fixtures() {
    }

    /** Parses hex digits, ignoring whitespace. */
    static byte[] hex(String text) {
        String digits = text.replaceAll("\\s", "");
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** A whole frame of {@code bytes}, as captured. */
    static Frame frame(int linkType, byte[] bytes) {
        return frame(linkType, bytes, bytes.length, bytes.length);
    }

    /** The first {@code captured} bytes of a frame that was {@code original} bytes long on the wire. */
    static Frame frame(int linkType, byte[] bytes, int captured, int original) {
        Frame f = new Frame();
        f.set(bytes, 0, captured, original, TIME, linkType, 0, 1);
        return f;
    }

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] ETHERNET_IPV4_SYN = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            003c 1234 4000 4006 3c51 c000 0201 c633
            6402 9c40 0050 0000 03e8 0000 0000 a002
            faf0 c05e 0000 0204 05b4 0402 080a 0000
            0001 0000 0000 0103 0307
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [P.], seq 1001:1006, ack 5001, win 64240, options [nop,nop,TS val 2 ecr 1], length 5: HTTP} */
    static final byte[] ETHERNET_IPV4_DATA = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            0039 1234 4000 4006 3c54 c000 0201 c633
            6402 9c40 0050 0000 03e9 0000 1389 8018
            faf0 97b0 0000 0101 080a 0000 0002 0000
            0001 6865 6c6c 6f
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [.], ack 5001, win 64240, length 0} */
    static final byte[] ETHERNET_IPV4_DATA_PADDED = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            0028 1234 4000 4006 3c65 c000 0201 c633
            6402 9c40 0050 0000 03e9 0000 1389 5010
            faf0 14aa 0000 0000 0000 0000
            """);

    /** {@code IP6 2001:db8::1.40000 > 2001:db8::2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] ETHERNET_IPV6_SYN = hex("""
            0200 0000 0002 0200 0000 0001 86dd 6000
            0000 0028 0640 2001 0db8 0000 0000 0000
            0000 0000 0001 2001 0db8 0000 0000 0000
            0000 0000 0002 9c40 0050 0000 03e8 0000
            0000 a002 faf0 5121 0000 0204 05b4 0402
            080a 0000 0001 0000 0000 0103 0307
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] ETHERNET_VLAN_VLAN_IPV4_SYN = hex("""
            0200 0000 0002 0200 0000 0001 88a8 0064
            8100 00c8 0800 4500 003c 1234 4000 4006
            3c51 c000 0201 c633 6402 9c40 0050 0000
            03e8 0000 0000 a002 faf0 c05e 0000 0204
            05b4 0402 080a 0000 0001 0000 0000 0103
            0307
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] ETHERNET_3VLAN_IPV4_SYN = hex("""
            0200 0000 0002 0200 0000 0001 8100 000a
            8100 0014 8100 001e 0800 4500 003c 1234
            4000 4006 3c51 c000 0201 c633 6402 9c40
            0050 0000 03e8 0000 0000 a002 faf0 c05e
            0000 0204 05b4 0402 080a 0000 0001 0000
            0000 0103 0307
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] ETHERNET_LLC_SNAP_IPV4_SYN = hex("""
            0200 0000 0002 0200 0000 0001 0044 aaaa
            0300 0000 0800 4500 003c 1234 4000 4006
            3c51 c000 0201 c633 6402 9c40 0050 0000
            03e8 0000 0000 a002 faf0 c05e 0000 0204
            05b4 0402 080a 0000 0001 0000 0000 0103
            0307
            """);

    /** {@code MPLS (label 16, tc 0, ttl 64) (label 17, tc 0, [S], ttl 64) IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] ETHERNET_MPLS2_IPV4_SYN = hex("""
            0200 0000 0002 0200 0000 0001 8847 0001
            0040 0001 1140 4500 003c 1234 4000 4006
            3c51 c000 0201 c633 6402 9c40 0050 0000
            03e8 0000 0000 a002 faf0 c05e 0000 0204
            05b4 0402 080a 0000 0001 0000 0000 0103
            0307
            """);

    /** {@code PPPoE  [ses 0x1] IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] ETHERNET_PPPOE_IPV4_SYN = hex("""
            0200 0000 0002 0200 0000 0001 8864 1100
            0001 003e 0021 4500 003c 1234 4000 4006
            3c51 c000 0201 c633 6402 9c40 0050 0000
            03e8 0000 0000 a002 faf0 c05e 0000 0204
            05b4 0402 080a 0000 0001 0000 0000 0103
            0307
            """);

    /** {@code ARP, Request who-has 198.51.100.2 tell 192.0.2.1, length 28} */
    static final byte[] ETHERNET_ARP = hex("""
            0200 0000 0002 0200 0000 0001 0806 0001
            0800 0604 0001 0200 0000 0001 c000 0201
            0000 0000 0000 c633 6402
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] ETHERNET_IPV4_OPTIONS_SYN = hex("""
            0200 0000 0002 0200 0000 0001 0800 4700
            0044 1234 4000 4006 2f42 c000 0201 c633
            6402 0707 0400 0000 0000 9c40 0050 0000
            03e8 0000 0000 a002 faf0 c05e 0000 0204
            05b4 0402 080a 0000 0001 0000 0000 0103
            0307
            """);

    /** {@code IP bad-len 0} */
    static final byte[] ETHERNET_IPV4_TSO_DATA = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            0000 1234 4000 4006 3c8d c000 0201 c633
            6402 9c40 0050 0000 03e9 0000 1389 5010
            faf0 8cbe 0000 7878 7878 7878 7878 7878
            7878 7878 7878 7878 7878 7878 7878 7878
            7878 7878 7878 7878 7878 7878 7878 7878
            7878 7878 7878 7878 7878 7878 7878 7878
            7878 7878 7878 7878 7878 7878 7878 7878
            7878 7878 7878 7878 7878 7878 7878 7878
            7878 7878 7878 7878 7878
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [.], ack 5001, win 64240, options [nop,nop,sack 3 {4294966784:4294967040}{4294967280:16}{4294967056:4294967072}], length 0} */
    static final byte[] ETHERNET_IPV4_SACK = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            0044 1234 4000 4006 3c49 c000 0201 c633
            6402 9c40 0050 0000 03e9 0000 1389 c010
            faf0 a33d 0000 0101 051a ffff fe00 ffff
            ff00 ffff fff0 0000 0010 ffff ff10 ffff
            ff20
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [FSRP.UEW], seq 1000, ack 0, win 64240, urg 0, length 0} */
    static final byte[] ETHERNET_IPV4_ALL_FLAGS = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            0028 1234 4000 4006 3c65 c000 0201 c633
            6402 9c40 0050 0000 03e8 0000 0000 51ff
            faf0 2645 0000
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] ETHERNET_IPV4_BAD_CHECKSUM = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            003c 1234 4000 4006 3c51 c000 0201 c633
            6402 9c40 0050 0000 03e8 0000 0000 a002
            faf0 d14f 0000 0204 05b4 0402 080a 0000
            0001 0000 0000 0103 0307
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,[bad opt]]} */
    static final byte[] ETHERNET_IPV4_BAD_OPTIONS = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            0030 1234 4000 4006 3c5d c000 0201 c633
            6402 9c40 0050 0000 03e8 0000 0000 7002
            faf0 f677 0000 0204 05b4 0309 0701
            """);

    /** {@code IP6 2001:db8::1 > 2001:db8::2: HBH RT6 (len=2, type=0 [Deprecated], segleft=0, [0]2001:db8::9) DSTOPT 40000 > 80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] ETHERNET_IPV6_EXT_CHAIN_SYN = hex("""
            0200 0000 0002 0200 0000 0001 86dd 6000
            0000 0050 0040 2001 0db8 0000 0000 0000
            0000 0000 0001 2001 0db8 0000 0000 0000
            0000 0000 0002 2b00 0104 0000 0000 3c02
            0000 0000 0000 2001 0db8 0000 0000 0000
            0000 0000 0009 0600 0104 0000 0000 9c40
            0050 0000 03e8 0000 0000 a002 faf0 5121
            0000 0204 05b4 0402 080a 0000 0001 0000
            0000 0103 0307
            """);

    /** {@code IP6 2001:db8::1 > 2001:db8::2: HBH 40000 > 80: Flags [.], seq 1001:81001, ack 5001, win 64240, length 80000: HTTP}<br>header-only capture: 94 of 80082 bytes */
    static final byte[] ETHERNET_IPV6_JUMBO_DATA = hex("""
            0200 0000 0002 0200 0000 0001 86dd 6000
            0000 0000 0040 2001 0db8 0000 0000 0000
            0000 0000 0001 2001 0db8 0000 0000 0000
            0000 0000 0002 0600 c204 0001 389c 9c40
            0050 0000 03e9 0000 1389 5010 faf0 f977
            0000 6a6a 6a6a 6a6a 6a6a 6a6a 6a6a
            """);

    /** {@code IP6 2001:db8::1 > 2001:db8::2: frag (0|40) 40000 > 80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] ETHERNET_IPV6_ATOMIC_FRAGMENT_SYN = hex("""
            0200 0000 0002 0200 0000 0001 86dd 6000
            0000 0030 2c40 2001 0db8 0000 0000 0000
            0000 0000 0001 2001 0db8 0000 0000 0000
            0000 0000 0002 0600 0000 abcd ef01 9c40
            0050 0000 03e8 0000 0000 a002 faf0 5121
            0000 0204 05b4 0402 080a 0000 0001 0000
            0000 0103 0307
            """);

    /** {@code IP6 2001:db8::1 > 2001:db8::2: ESP(spi=0x00000100,seq=0x1), length 24} */
    static final byte[] ETHERNET_IPV6_ESP = hex("""
            0200 0000 0002 0200 0000 0001 86dd 6000
            0000 0018 3240 2001 0db8 0000 0000 0000
            0000 0000 0001 2001 0db8 0000 0000 0000
            0000 0000 0002 0000 0100 0000 0001 0000
            0000 0000 0000 0000 0000 0000 0000
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S] [bad hdr length 40 - too long, > 24]} */
    static final byte[] IPV4_FRAGMENT_1_OF_2 = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            002c 4242 2000 4006 2c53 c000 0201 c633
            6402 9c40 0050 0000 03e8 0000 0000 a002
            faf0 c05e 0000 0204 05b4
            """);

    /** {@code IP 192.0.2.1 > 198.51.100.2: ip-proto-6} */
    static final byte[] IPV4_FRAGMENT_2_OF_2 = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            0024 4242 0003 4006 4c58 c000 0201 c633
            6402 0402 080a 0000 0001 0000 0000 0103
            0307
            """);

    /** {@code IP6 2001:db8::1 > 2001:db8::2: frag (0|32) 40000 > 80: Flags [P.], seq 1001:1013, ack 5001, win 64240, length 12: HTTP} */
    static final byte[] IPV6_FRAGMENT_1_OF_2 = hex("""
            0200 0000 0002 0200 0000 0001 86dd 6000
            0000 0028 2c40 2001 0db8 0000 0000 0000
            0000 0000 0001 2001 0db8 0000 0000 0000
            0000 0000 0002 0600 0001 0000 004d 9c40
            0050 0000 03e9 0000 1389 5018 faf0 8728
            0000 7979 7979 7979 7979 7979 7979
            """);

    /** {@code IP6 2001:db8::1 > 2001:db8::2: frag (32|18)} */
    static final byte[] IPV6_FRAGMENT_2_OF_2 = hex("""
            0200 0000 0002 0200 0000 0001 86dd 6000
            0000 001a 2c40 2001 0db8 0000 0000 0000
            0000 0000 0001 2001 0db8 0000 0000 0000
            0000 0000 0002 0600 0020 0000 004d 7979
            7979 7979 7979 7979 7979 7979 7979 7979
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] NULL_HOST_ORDER_IPV4_SYN = hex("""
            0200 0000 4500 003c 1234 4000 4006 3c51
            c000 0201 c633 6402 9c40 0050 0000 03e8
            0000 0000 a002 faf0 c05e 0000 0204 05b4
            0402 080a 0000 0001 0000 0000 0103 0307
            """);

    /** {@code IP6 2001:db8::1.40000 > 2001:db8::2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] NULL_NETWORK_ORDER_IPV6_SYN = hex("""
            0000 001e 6000 0000 0028 0640 2001 0db8
            0000 0000 0000 0000 0000 0001 2001 0db8
            0000 0000 0000 0000 0000 0002 9c40 0050
            0000 03e8 0000 0000 a002 faf0 5121 0000
            0204 05b4 0402 080a 0000 0001 0000 0000
            0103 0307
            """);

    /** {@code IP6 2001:db8::1.40000 > 2001:db8::2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] LOOP_IPV6_SYN = hex("""
            0000 0018 6000 0000 0028 0640 2001 0db8
            0000 0000 0000 0000 0000 0001 2001 0db8
            0000 0000 0000 0000 0000 0002 9c40 0050
            0000 03e8 0000 0000 a002 faf0 5121 0000
            0204 05b4 0402 080a 0000 0001 0000 0000
            0103 0307
            """);

    /** {@code IP6 2001:db8::1.40000 > 2001:db8::2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] RAW_IPV6_SYN = hex("""
            6000 0000 0028 0640 2001 0db8 0000 0000
            0000 0000 0000 0001 2001 0db8 0000 0000
            0000 0000 0000 0002 9c40 0050 0000 03e8
            0000 0000 a002 faf0 5121 0000 0204 05b4
            0402 080a 0000 0001 0000 0000 0103 0307
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] IPV4_LINKTYPE_SYN = hex("""
            4500 003c 1234 4000 4006 3c51 c000 0201
            c633 6402 9c40 0050 0000 03e8 0000 0000
            a002 faf0 c05e 0000 0204 05b4 0402 080a
            0000 0001 0000 0000 0103 0307
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] PPP_IPV4_SYN = hex("""
            ff03 0021 4500 003c 1234 4000 4006 3c51
            c000 0201 c633 6402 9c40 0050 0000 03e8
            0000 0000 a002 faf0 c05e 0000 0204 05b4
            0402 080a 0000 0001 0000 0000 0103 0307
            """);

    /** {@code MPLS: MPLS (label 100, tc 0, [S], ttl 64) IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] PPP_HDLC_MPLS_IPV4_SYN = hex("""
            ff03 0281 0006 4140 4500 003c 1234 4000
            4006 3c51 c000 0201 c633 6402 9c40 0050
            0000 03e8 0000 0000 a002 faf0 c05e 0000
            0204 05b4 0402 080a 0000 0001 0000 0000
            0103 0307
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] C_HDLC_IPV4_SYN = hex("""
            0f00 0800 4500 003c 1234 4000 4006 3c51
            c000 0201 c633 6402 9c40 0050 0000 03e8
            0000 0000 a002 faf0 c05e 0000 0204 05b4
            0402 080a 0000 0001 0000 0000 0103 0307
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] SLL_IPV4_SYN = hex("""
            0000 0001 0006 0200 0000 0001 0000 0800
            4500 003c 1234 4000 4006 3c51 c000 0201
            c633 6402 9c40 0050 0000 03e8 0000 0000
            a002 faf0 c05e 0000 0204 05b4 0402 080a
            0000 0001 0000 0000 0103 0307
            """);

    /** {@code ifb0  Out IP6 2001:db8::1.40000 > 2001:db8::2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] SLL2_IPV6_SYN = hex("""
            86dd 0000 0000 0002 0001 0406 0200 0000
            0001 0000 6000 0000 0028 0640 2001 0db8
            0000 0000 0000 0000 0000 0001 2001 0db8
            0000 0000 0000 0000 0000 0002 9c40 0050
            0000 03e8 0000 0000 a002 faf0 5121 0000
            0204 05b4 0402 080a 0000 0001 0000 0000
            0103 0307
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] NFLOG_IPV4_SYN = hex("""
            0200 0000 0800 0100 0800 0100 0800 0a00
            0000 0000 4000 0900 4500 003c 1234 4000
            4006 3c51 c000 0201 c633 6402 9c40 0050
            0000 03e8 0000 0000 a002 faf0 c05e 0000
            0204 05b4 0402 080a 0000 0001 0000 0000
            0103 0307
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] IPOIB_IPV4_SYN = hex("""
            0000 0000 0000 0000 0000 0000 0000 0000
            0000 0000 0000 0000 0000 0000 0000 0000
            0000 0000 0000 0000 0800 0000 4500 003c
            1234 4000 4006 3c51 c000 0201 c633 6402
            9c40 0050 0000 03e8 0000 0000 a002 faf0
            c05e 0000 0204 05b4 0402 080a 0000 0001
            0000 0000 0103 0307
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] PKTAP_ETHERNET_IPV4_SYN = hex("""
            6c00 0000 0100 0000 0100 0000 0000 0000
            0000 0000 0000 0000 0000 0000 0000 0000
            0000 0000 0000 0000 0000 0000 0000 0000
            0000 0000 0000 0000 0000 0000 0000 0000
            0000 0000 0000 0000 0000 0000 0000 0000
            0000 0000 0000 0000 0000 0000 0000 0000
            0000 0000 0000 0000 0000 0000 0200 0000
            0002 0200 0000 0001 0800 4500 003c 1234
            4000 4006 3c51 c000 0201 c633 6402 9c40
            0050 0000 03e8 0000 0000 a002 faf0 c05e
            0000 0204 05b4 0402 080a 0000 0001 0000
            0000 0103 0307
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] FDDI_SNAP_IPV4_SYN = hex("""
            5002 0000 0000 0202 0000 0000 01aa aa03
            0000 0008 0045 0000 3c12 3440 0040 063c
            51c0 0002 01c6 3364 029c 4000 5000 0003
            e800 0000 00a0 02fa f0c0 5e00 0002 0405
            b404 0208 0a00 0000 0100 0000 0001 0303
            07
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] ARCNET_IPV4_SYN = hex("""
            0102 0000 d400 0001 4500 003c 1234 4000
            4006 3c51 c000 0201 c633 6402 9c40 0050
            0000 03e8 0000 0000 a002 faf0 c05e 0000
            0204 05b4 0402 080a 0000 0001 0000 0000
            0103 0307
            """);

    /** {@code IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] JUNIPER_ETHERNET_IPV4_SYN = hex("""
            4d47 4381 0004 0102 0000 0200 0000 0002
            0200 0000 0001 0800 4500 003c 1234 4000
            4006 3c51 c000 0201 c633 6402 9c40 0050
            0000 03e8 0000 0000 a002 faf0 c05e 0000
            0204 05b4 0402 080a 0000 0001 0000 0000
            0103 0307
            """);

    /** {@code IP 10.0.0.1 > 10.0.0.2: IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] IPV4_IN_IPV4_SYN = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            0050 1234 4000 4004 1474 0a00 0001 0a00
            0002 4500 003c 1234 4000 4006 3c51 c000
            0201 c633 6402 9c40 0050 0000 03e8 0000
            0000 a002 faf0 c05e 0000 0204 05b4 0402
            080a 0000 0001 0000 0000 0103 0307
            """);

    /** {@code IP 10.0.0.1 > 10.0.0.2: IP6 2001:db8::1.40000 > 2001:db8::2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] IPV6_IN_IPV4_SYN = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            0064 1234 4000 4029 143b 0a00 0001 0a00
            0002 6000 0000 0028 0640 2001 0db8 0000
            0000 0000 0000 0000 0001 2001 0db8 0000
            0000 0000 0000 0000 0002 9c40 0050 0000
            03e8 0000 0000 a002 faf0 5121 0000 0204
            05b4 0402 080a 0000 0001 0000 0000 0103
            0307
            """);

    /** {@code IP6 2001:db8:ff::1 > 2001:db8:ff::2: IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] IPV4_IN_IPV6_SYN = hex("""
            0200 0000 0002 0200 0000 0001 86dd 6000
            0000 003c 0440 2001 0db8 00ff 0000 0000
            0000 0000 0001 2001 0db8 00ff 0000 0000
            0000 0000 0002 4500 003c 1234 4000 4006
            3c51 c000 0201 c633 6402 9c40 0050 0000
            03e8 0000 0000 a002 faf0 c05e 0000 0204
            05b4 0402 080a 0000 0001 0000 0000 0103
            0307
            """);

    /** {@code IP 10.0.0.1 > 10.0.0.2: GREv0, off 0x0, key=0x2a, seq 7, length 76: IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] GRE_KEY_SEQ_CSUM_IPV4_SYN = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            0060 1234 4000 402f 1439 0a00 0001 0a00
            0002 b000 0800 0000 0000 0000 002a 0000
            0007 4500 003c 1234 4000 4006 3c51 c000
            0201 c633 6402 9c40 0050 0000 03e8 0000
            0000 a002 faf0 c05e 0000 0204 05b4 0402
            080a 0000 0001 0000 0000 0103 0307
            """);

    /** {@code IP 10.0.0.1 > 10.0.0.2: GREv0, length 78: IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] GRE_ETHERNET_IPV4_SYN = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            0062 1234 4000 402f 1437 0a00 0001 0a00
            0002 0000 6558 0200 0000 0002 0200 0000
            0001 0800 4500 003c 1234 4000 4006 3c51
            c000 0201 c633 6402 9c40 0050 0000 03e8
            0000 0000 a002 faf0 c05e 0000 0204 05b4
            0402 080a 0000 0001 0000 0000 0103 0307
            """);

    /** {@code IP 10.0.0.1 > 10.0.0.2: GREv0, seq 1, length 90: gre-proto-0x88be}<br>inside: ERSPAN type II header (8 bytes), then the Ethernet IPv4 SYN */
    static final byte[] GRE_ERSPAN2_IPV4_SYN = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            006e 1234 4000 402f 142b 0a00 0001 0a00
            0002 1000 88be 0000 0001 1001 0000 0000
            0005 0200 0000 0002 0200 0000 0001 0800
            4500 003c 1234 4000 4006 3c51 c000 0201
            c633 6402 9c40 0050 0000 03e8 0000 0000
            a002 faf0 c05e 0000 0204 05b4 0402 080a
            0000 0001 0000 0000 0103 0307
            """);

    /** {@code IP 10.0.0.1 > 10.0.0.2: GREv1, call 9, seq 5, length 76: IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] GRE_PPTP_IPV4_SYN = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            0060 1234 4000 402f 1439 0a00 0001 0a00
            0002 3001 880b 0040 0009 0000 0005 ff03
            0021 4500 003c 1234 4000 4006 3c51 c000
            0201 c633 6402 9c40 0050 0000 03e8 0000
            0000 a002 faf0 c05e 0000 0204 05b4 0402
            080a 0000 0001 0000 0000 0103 0307
            """);

    /** {@code IP 10.0.0.1.50000 > 10.0.0.2.4789: VXLAN, flags [I] (0x08), vni 123}<br>inside: Ethernet, IP 192.0.2.1.40000 > 198.51.100.2.80 [S] */
    static final byte[] VXLAN_IPV4_SYN = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            006e 1234 4000 4011 1449 0a00 0001 0a00
            0002 c350 12b5 005a 0000 0800 0000 0000
            7b00 0200 0000 0002 0200 0000 0001 0800
            4500 003c 1234 4000 4006 3c51 c000 0201
            c633 6402 9c40 0050 0000 03e8 0000 0000
            a002 faf0 c05e 0000 0204 05b4 0402 080a
            0000 0001 0000 0000 0103 0307
            """);

    /** {@code IP 10.0.0.1.50000 > 10.0.0.2.6081: Geneve, Flags [none], vni 0x7b, options [8 bytes]: IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] GENEVE_OPTIONS_IPV4_SYN = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            0076 1234 4000 4011 1441 0a00 0001 0a00
            0002 c350 17c1 0062 0000 0200 6558 0000
            7b00 0103 8001 0102 0304 0200 0000 0002
            0200 0000 0001 0800 4500 003c 1234 4000
            4006 3c51 c000 0201 c633 6402 9c40 0050
            0000 03e8 0000 0000 a002 faf0 c05e 0000
            0204 05b4 0402 080a 0000 0001 0000 0000
            0103 0307
            """);

    /** {@code IP 10.0.0.1.2152 > 10.0.0.2.2152: UDP, length 76}<br>inside: GTPv1-U G-PDU, TEID 0x11223344, one PDU-session extension header, then the IPv4 SYN */
    static final byte[] GTP_U_EXTENSION_IPV4_SYN = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            0068 1234 4000 4011 144f 0a00 0001 0a00
            0002 0868 0868 0054 0000 34ff 0044 1122
            3344 0000 0085 0110 0000 4500 003c 1234
            4000 4006 3c51 c000 0201 c633 6402 9c40
            0050 0000 03e8 0000 0000 a002 faf0 c05e
            0000 0204 05b4 0402 080a 0000 0001 0000
            0000 0103 0307
            """);

    /** {@code IP 10.0.0.1.3544 > 10.0.0.2.50000: UDP, length 88}<br>inside: Teredo origin indication (192.0.2.77:40000), then IP6 2001:0:4136:e378::1.40000 > 2001:db8::2.80 [S] */
    static final byte[] TEREDO_ORIGIN_IPV6_SYN = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            0074 1234 4000 4011 1443 0a00 0001 0a00
            0002 0dd8 c350 0060 0000 0000 63bf 3fff
            fdb2 6000 0000 0028 0640 2001 0000 4136
            e378 0000 0000 0000 0001 2001 0db8 0000
            0000 0000 0000 0000 0002 9c40 0050 0000
            03e8 0000 0000 a002 faf0 3a2a 0000 0204
            05b4 0402 080a 0000 0001 0000 0000 0103
            0307
            """);

    /** {@code IP 10.0.0.1.50001 > 10.0.0.2.32900: UDP, length 80}<br>inside: bare Teredo, IP6 2001:0:4136:e378::1.40000 > 2001:db8::2.80 [S] (source in 2001:0::/32) */
    static final byte[] TEREDO_OTHER_PORT_IPV6_SYN = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            006c 1234 4000 4011 144b 0a00 0001 0a00
            0002 c351 8084 0058 0000 6000 0000 0028
            0640 2001 0000 4136 e378 0000 0000 0000
            0001 2001 0db8 0000 0000 0000 0000 0000
            0002 9c40 0050 0000 03e8 0000 0000 a002
            faf0 3a2a 0000 0204 05b4 0402 080a 0000
            0001 0000 0000 0103 0307
            """);

    /** {@code IP 10.0.0.1.5072 > 10.0.0.2.5072: UDP, length 124}<br>inside: AYIYA forward, 16-byte identity, 20-byte signature, then the IPv6 SYN */
    static final byte[] AYIYA_IPV6_SYN = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            0098 1234 4000 4011 141f 0a00 0001 0a00
            0002 13d0 13d0 0084 0000 4152 1129 0000
            04d2 0000 0000 0000 0000 0000 0000 0000
            0000 0000 0000 0000 0000 0000 0000 0000
            0000 0000 0000 6000 0000 0028 0640 2001
            0db8 0000 0000 0000 0000 0000 0001 2001
            0db8 0000 0000 0000 0000 0000 0002 9c40
            0050 0000 03e8 0000 0000 a002 faf0 5121
            0000 0204 05b4 0402 080a 0000 0001 0000
            0000 0103 0307
            """);

    /** {@code IP 10.0.0.1 > 10.0.0.2: IP 10.1.0.1 > 10.1.0.2: IP 10.2.0.1 > 10.2.0.2: IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0} */
    static final byte[] IPIP_IN_IPIP_IN_IPIP_SYN = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            0078 1234 4000 4004 144c 0a00 0001 0a00
            0002 4500 0064 1234 4000 4004 145e 0a01
            0001 0a01 0002 4500 0050 1234 4000 4004
            1470 0a02 0001 0a02 0002 4500 003c 1234
            4000 4006 3c51 c000 0201 c633 6402 9c40
            0050 0000 03e8 0000 0000 a002 faf0 c05e
            0000 0204 05b4 0402 080a 0000 0001 0000
            0000 0103 0307
            """);

    /** {@code IP 192.0.2.1.53000 > 198.51.100.2.53: 4660+ A? www.example.com. (33)} */
    static final byte[] UDP_DNS = hex("""
            0200 0000 0002 0200 0000 0001 0800 4500
            003d 1234 4000 4011 3c45 c000 0201 c633
            6402 cf08 0035 0029 0000 1234 0100 0001
            0000 0000 0000 0377 7777 0765 7861 6d70
            6c65 0363 6f6d 0000 0100 01
            """);
}
