package dev.conntrail.capture.pcap;

import java.lang.reflect.Field;

import com.sun.jna.Pointer;

import org.pcap4j.core.PcapHandle;

import dev.conntrail.capture.CaptureException;

/** The one place that reaches into pcap4j for the {@code pcap_t*} it wraps. */
final class Pcap4jHandles {

    private Pcap4jHandles() {
    }

    /**
     * {@code PcapHandle} keeps its {@code pcap_t*} in the private field {@code handle} (pcap4j 1.8.2) and
     * offers no accessor. We read it once, right after opening; the handle stays owned by pcap4j, which
     * closes it. On failure the handle is closed and the caller gets one line.
     */
    static Pointer pcapOf(PcapHandle handle) throws CaptureException {
        try {
            Field field = PcapHandle.class.getDeclaredField("handle");
            field.setAccessible(true);
            Pointer pointer = (Pointer) field.get(handle);
            if (pointer == null) {
                throw new IllegalStateException("null pcap_t");
            }
            return pointer;
        } catch (ReflectiveOperationException | RuntimeException e) {
            handle.close();
            throw new CaptureException("cannot reach libpcap's handle inside pcap4j (" + e
                    + "); is the pcap4j version 1.8.2?", e);
        }
    }
}
