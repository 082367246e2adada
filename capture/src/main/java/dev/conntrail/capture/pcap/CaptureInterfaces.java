package dev.conntrail.capture.pcap;

import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.tracker.segment.IpAddress;

/** The interfaces libpcap can capture on ({@code pcap_findalldevs}), and the one to use when none is named. */
public final class CaptureInterfaces {

    private CaptureInterfaces() {
    }

    /**
     * Every interface in libpcap's order (which puts up, running, non-loopback interfaces first). Needs
     * no capture rights; without them the list is what libpcap can see.
     */
    public static List<CaptureInterface> list() throws CaptureException {
        LibPcap.load();
        List<PcapNetworkInterface> devices;
        try {
            devices = Pcaps.findAllDevs();
        } catch (PcapNativeException e) {
            throw new CaptureException("cannot list interfaces: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CaptureException("cannot list interfaces: " + e, e);
        }
        List<CaptureInterface> out = new ArrayList<>(devices.size());
        for (PcapNetworkInterface d : devices) {
            List<String> addresses = new ArrayList<>();
            for (PcapAddress a : d.getAddresses()) {
                if (a.getAddress() != null) {
                    addresses.add(withPrefix(a.getAddress(), a.getNetmask()));
                }
            }
            out.add(new CaptureInterface(d.getName(), d.getDescription(), addresses, d.isUp(), d.isRunning(),
                    d.isLoopBack()));
        }
        return out;
    }

    /**
     * What tcpdump captures on when given no interface: the first interface that is up and not a loopback
     * (a running one before one that is merely up), never the {@code any} pseudo-device.
     *
     * @throws CaptureException if there is none
     */
    public static String defaultName() throws CaptureException {
        return defaultOf(list());
    }

    static String defaultOf(List<CaptureInterface> interfaces) throws CaptureException {
        CaptureInterface upOnly = null;
        for (CaptureInterface i : interfaces) {
            if (!i.up() || i.loopback() || i.name().equals(CaptureInterface.ANY)) {
                continue;
            }
            if (i.running()) {
                return i.name();
            }
            if (upOnly == null) {
                upOnly = i;
            }
        }
        if (upOnly != null) {
            return upOnly.name();
        }
        throw new CaptureException("no interface to capture on: none is up except loopback; name one with -i "
                + "(conntrail -D lists them)");
    }

    /** Whether libpcap lists an interface of this name. */
    public static boolean exists(String name) {
        try {
            for (CaptureInterface i : list()) {
                if (i.name().equals(name)) {
                    return true;
                }
            }
            return false;
        } catch (CaptureException e) {
            return true; // cannot tell: let the open report what it finds
        }
    }

    private static String withPrefix(InetAddress address, InetAddress netmask) {
        String text = address.getHostAddress();
        if (address instanceof Inet6Address) {
            ByteBuffer b = ByteBuffer.wrap(address.getAddress());
            text = IpAddress.ofV6(b.getLong(), b.getLong()).toString(); // RFC 5952 form, without a scope
        }
        if (netmask == null) {
            return text;
        }
        int prefix = 0;
        for (byte b : netmask.getAddress()) {
            prefix += Integer.bitCount(b & 0xff);
        }
        return text + "/" + prefix;
    }
}
