package dev.conntrail.cli;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.pcap.CaptureInterface;
import dev.conntrail.capture.pcap.CaptureInterfaces;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code -D}: the interfaces libpcap can capture on, numbered and flagged as {@code tcpdump -D} prints
 * them, each followed by its addresses:
 *
 * <pre>
 * 1.eth0 [Up, Running]
 *     192.0.2.2/24 fd00::2/64 fe80::fc:ff:fe00:1/64
 * 2.any (Pseudo-device that captures on all interfaces) [Up, Running]
 * 3.lo [Up, Running, Loopback]
 *     127.0.0.1/8 ::1/128
 * </pre>
 */
final class InterfaceList {
    private InterfaceList() {
    }

    static int print(PrintWriter out) {
        List<CaptureInterface> interfaces;
        try {
            interfaces = CaptureInterfaces.list();
        } catch (CaptureException e) {
            throw new UserError(e.getMessage());
        }
        int n = 1;
        for (CaptureInterface i : interfaces) {
            out.print(n++ + "." + i.name());
            if (i.description() != null && !i.description().isBlank()) {
                out.print(" (" + i.description() + ")");
            }
            out.println(" " + i.flags());
            if (!i.addresses().isEmpty()) {
                out.println("    " + String.join(" ", i.addresses()));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
