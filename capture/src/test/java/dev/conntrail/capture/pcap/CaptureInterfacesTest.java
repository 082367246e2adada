package dev.conntrail.capture.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.conntrail.capture.CaptureException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which interface conntrail captures on when none is named, and how flags print. */
class CaptureInterfacesTest {
    private static CaptureInterface iface(String name, boolean up, boolean running, boolean loopback) {
        return new CaptureInterface(name, null, List.of(), up, running, loopback);
    }

    @Test
    void noInterfaceNamed_firstUpRunningNonLoopback() throws CaptureException {
        assertEquals("eth0", CaptureInterfaces.defaultOf(List.of(iface("lo", true, true, true),
                iface(CaptureInterface.ANY, true, true, false), iface("eth0", true, true, false),
                iface("eth1", true, true, false))));
    }

    @Test
    void noInterfaceNamed_runningPreferredOverMerelyUp() throws CaptureException {
        assertEquals("eth1", CaptureInterfaces.defaultOf(List.of(iface("eth0", true, false, false),
                iface("eth1", true, true, false))));
        assertEquals("eth0", CaptureInterfaces.defaultOf(List.of(iface("eth0", true, false, false),
                iface("eth1", false, false, false))));
    }

    @Test
    void noInterfaceNamed_onlyLoopbackAndDown_error() {
        CaptureException e = assertThrows(CaptureException.class, () -> CaptureInterfaces.defaultOf(List.of(
                iface("lo", true, true, true), iface("eth0", false, false, false), iface(CaptureInterface.ANY, true, true, false))));
        assertEquals("no interface to capture on: none is up except loopback; name one with -i (conntrail -D lists them)",
                e.getMessage());
    }

    @Test
    void flags_asTcpdumpPrintsThem() {
        assertEquals("[Up, Running, Loopback]", iface("lo", true, true, true).flags());
        assertEquals("[Up]", iface("eth0", true, false, false).flags());
        assertEquals("[none]", iface("ifb0", false, false, false).flags());
    }
}
