package dev.conntrail.cli.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conntrail.capture.ReadResult;
import dev.conntrail.tracker.TrackerConfig;
import dev.conntrail.tracker.event.ConnectionEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every capture in the shared corpus gives identical events through both of conntrail's readers (its own
 * pcap/pcapng reader and libpcap's), except where libpcap itself cannot read a file: those are listed with
 * libpcap's reason, and there the libpcap reader must stop with a message rather than differ silently.
 */
class ReaderEquivalenceTest {

    /**
     * Files the two readers end differently, with why. Each is checked: libpcap stops early (it refuses a
     * pcapng whose interfaces differ), or conntrail's reader refuses the file while libpcap finds no TCP in it.
     */
    static final Map<String, String> LIBPCAP_CANNOT = Map.of(
            "pcapng-example.pcapng", "interfaces with different link types or snap lengths",
            "pcapng-example-cut-mid-block.pcapng", "interfaces with different link types or snap lengths",
            "many_interfaces-1.pcapng", "interfaces with different link types or snap lengths",
            "modify-request.pcapng", "interfaces with different link types or snap lengths",
            "gopacket-be-test005.pcapng", "interfaces with different link types or snap lengths",
            "gopacket-be-test201.pcapng", "interfaces with different link types or snap lengths",
            "gopacket-le-test100.pcapng", "interfaces with different link types or snap lengths",
            "gopacket-le-test201.pcapng", "interfaces with different link types or snap lengths",
            "gap-data-missing.pcapng", "interfaces with different link types or snap lengths",
            "linktype-reserved-field-not-zero.pcap", "libpcap reads the reserved bits as part of the link type "
                    + "(DLT 3145728) and finds nothing it can decode; conntrail's reader refuses the header");

    @Test
    void bothReadersGiveIdenticalEventsOnTheWholeCorpus() {
        TrackerConfig config = TrackerConfig.defaults();
        List<Path> files = new ArrayList<>(Corpus.files(Corpus.captures()));
        files.addAll(Corpus.files(Corpus.zeek().resolve("traces")));
        int identical = 0;
        int events = 0;
        List<String> differ = new ArrayList<>();
        for (Path f : files) {
            CorpusRun java = CorpusRun.of(f, config, CorpusRun.Reader.JAVA);
            CorpusRun libpcap = CorpusRun.of(f, config, CorpusRun.Reader.LIBPCAP);
            String name = f.getFileName().toString();
            if (LIBPCAP_CANNOT.containsKey(name)) {
                boolean libpcapStopped = libpcap.openError != null || libpcap.ending == ReadResult.DAMAGED
                        || libpcap.frames < java.frames;
                boolean javaRefused = java.openError != null && libpcap.events.isEmpty();
                assertTrue(libpcapStopped || javaRefused, name + ": expected the readers to end differently ("
                        + LIBPCAP_CANNOT.get(name) + ")");
                System.out.printf(Locale.ROOT, "  %-48s %s%n", name, libpcapStopped
                        ? "libpcap stops: " + (libpcap.openError != null ? libpcap.openError : libpcap.problem)
                        : "conntrail refuses: " + java.openError);
                continue;
            }
            List<String> a = render(java.events);
            List<String> b = render(libpcap.events);
            if (a.equals(b) && java.frames == libpcap.frames) {
                identical++;
                events += a.size();
            } else {
                differ.add(name + " (java " + a.size() + " events from " + java.frames + " frames, libpcap "
                        + b.size() + " from " + libpcap.frames + ")");
            }
        }
        System.out.printf(Locale.ROOT, "identical events from both readers: %d files, %d events; differ: %s%n",
                identical, events, differ);
        assertEquals(List.of(), differ);
    }

    /** Events as comparable text: every field of every record (records print all their components). */
    private static List<String> render(List<ConnectionEvent> events) {
        List<String> out = new ArrayList<>(events.size());
        for (ConnectionEvent e : events) {
            out.add(e.toString());
        }
        return out;
    }
}
