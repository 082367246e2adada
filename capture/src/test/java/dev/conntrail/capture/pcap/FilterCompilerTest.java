package dev.conntrail.capture.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.LinkType;
import dev.conntrail.capture.bpf.BpfInterpreter;
import dev.conntrail.capture.bpf.BpfProgram;

/** libpcap compiles, Java runs: expressions keep tcpdump's meaning. */
class FilterCompilerTest {

    /**
     * A TCP SYN from 192.168.1.11:33779 to 209.87.249.18:53 (dns_tcp.pcap frame 1, cut to its headers):
     * {@code IP 192.168.1.11.33779 > 209.87.249.18.53: Flags [S]}.
     */
    private static final byte[] SYN = hex(
            "000c29a7 2bab0050 56c00008 08004500 003c0000 40004006 0000c0a8 010bd157 f91283f3 0035"
                    + "23ff 6d0c0000 0000a002 faf00000 0000");

    private static byte[] hex(String text) {
        String digits = text.replace(" ", "");
        byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    private static boolean matches(String expression, int linkType, byte[] frame) throws CaptureException {
        BpfProgram program = FilterCompiler.compile(expression, linkType);
        return new BpfInterpreter(program).matches(frame, 0, frame.length, frame.length);
    }

    @Test
    void tcpdumpExpressions_selectWhatTheySay() throws Exception {
        assertTrue(matches("tcp", LinkType.ETHERNET, SYN));
        assertTrue(matches("tcp port 53 and host 192.168.1.11", LinkType.ETHERNET, SYN));
        assertTrue(matches("tcp[tcpflags] & tcp-syn != 0", LinkType.ETHERNET, SYN));
        assertFalse(matches("tcp[tcpflags] & tcp-ack != 0", LinkType.ETHERNET, SYN));
        assertFalse(matches("udp or ip6", LinkType.ETHERNET, SYN));
        assertFalse(matches("not tcp", LinkType.ETHERNET, SYN));
    }

    @Test
    void programRecordsItsExpressionAndLinkType_andEndsInRet() throws Exception {
        BpfProgram program = FilterCompiler.compile("ip", LinkType.ETHERNET);

        assertEquals("ip", program.expression());
        assertEquals(LinkType.ETHERNET, program.linkType());
        // tcpdump -d ip: ldh [12]; jeq #0x800 jt 2 jf 3; ret #262144; ret #0
        assertEquals(4, program.length());
        assertEquals(BpfProgram.instruction(0x6, 0, 0, 262144), program.instructions()[2]);
    }

    @Test
    void rawIpLinkType101_compilesAsLibpcapsDlt12() throws Exception {
        byte[] ipv4 = java.util.Arrays.copyOfRange(SYN, 14, SYN.length);
        assertTrue(matches("tcp port 53", LinkType.RAW, ipv4));
        assertTrue(matches("tcp port 53", LinkType.RAW_BSD, ipv4));
        assertFalse(matches("ip6", LinkType.RAW, ipv4));
    }

    @Test
    void badExpression_isOneLineWithTheExpression() {
        assertEquals("bad filter \"tcp prot 80\": syntax error", assertThrows(CaptureException.class,
                () -> FilterCompiler.compile("tcp prot 80", LinkType.ETHERNET)).getMessage());
        assertEquals("bad filter \"port 99999\": illegal port number 99999 > 65535", assertThrows(CaptureException.class,
                () -> FilterCompiler.compile("port 99999", LinkType.ETHERNET)).getMessage());
    }

    @Test
    void expressionTheLinkTypeCannotCarry_isABadFilterForThatLinkType() {
        assertEquals("bad filter \"vlan and tcp\": no VLAN support for BSD loopback", assertThrows(CaptureException.class,
                () -> FilterCompiler.compile("vlan and tcp", LinkType.NULL)).getMessage());
    }
}
