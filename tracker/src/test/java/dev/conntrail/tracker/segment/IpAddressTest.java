package dev.conntrail.tracker.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IpAddressTest {
    @ParameterizedTest
    @CsvSource({
        "::1, ::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0db8:0000:0000:0000:0000:0002:0001, 2001:db8::2:1",
        "fe80::, fe80::",
        "0:0:0:0:0:0:0:0, ::",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    })
    void ipv6PrintsInRfc5952Form(String in, String expected) {
        assertEquals(expected, IpAddress.parse(in).toString());
    }

    @Test
    void ipv4IsHeldMappedAndPrintsDotted() {
        IpAddress a = IpAddress.parse("192.168.1.200");
        assertFalse(a.v6());
        assertEquals(0, a.hi());
        assertEquals(IpAddress.V4_MAPPED_PREFIX | 0xC0A801C8L, a.lo());
        assertEquals("192.168.1.200", a.toString());
        assertEquals(a, IpAddress.ofV4(0xC0A801C8));
    }

    @Test
    void anIpv6PacketWithAMappedAddressStaysIpv6() {
        IpAddress a = IpAddress.ofV6(0, IpAddress.mappedV4(0x0A000001));
        assertTrue(a.v6());
        assertEquals("::ffff:a00:1", a.toString());
    }

    @Test
    void nonsenseIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("300.1.1.1"));
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("1.2.3"));
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("1::2::3"));
    }
}
