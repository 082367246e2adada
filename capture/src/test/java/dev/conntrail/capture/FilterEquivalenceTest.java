package dev.conntrail.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.conntrail.capture.CorpusEquivalenceTest.Outcome;

/**
 * Filters mean the same on both paths: for each expression, on every corpus file libpcap can read, the Java
 * reader (libpcap's compiler, Java's interpreter) selects exactly the frames that libpcap's own filtering
 * selects, up to where libpcap stops reading.
 */
class FilterEquivalenceTest {

    /** Expressions of every kind the CLI will see; addresses are real ones from the corpus files. */
    private static final List<String> EXPRESSIONS = List.of(
            "tcp",
            "tcp port 80",
            "host 192.168.1.11", // dns_tcp.pcap
            "src host 212.199.202.9 and tcp", // example.pcap
            "ip6 host 2001:6f8:900:7c0::2", // ipv6_http.pcap
            "net 10.0.0.0/8",
            "vlan and tcp",
            "ip6 and tcp",
            "tcp[tcpflags] & tcp-syn != 0",
            "tcp[tcpflags] & (tcp-rst|tcp-fin) != 0 and not port 22",
            "not tcp",
            "udp or icmp",
            "pppoes and tcp",
            "ip[6:2] & 0x1fff != 0", // IPv4 fragments
            "greater 1000",
            "tcp portrange 1000-2000 or udp dst port 53");

    /** expression -> "files compared, frames selected, files where the expression does not apply". */
    private static final Map<String, int[]> TOTALS = new TreeMap<>();

    @TestFactory
    Stream<DynamicTest> javaInterpreterSelectsWhatLibpcapSelects() {
        Corpus corpus = Corpus.require();
        List<Path> readable = corpus.files().stream()
                .filter(file -> !Outcome.libpcap(file, null).refused() && !Outcome.java(file, null).refused())
                .toList();
        return EXPRESSIONS.stream().map(expression -> DynamicTest.dynamicTest(expression, () -> {
            int[] totals = new int[3];
            for (Path file : readable) {
                compare(file, expression, totals);
            }
            TOTALS.put(expression, totals);
            assertTrue(totals[1] > 0, "\"" + expression + "\" selects nothing in the corpus; it proves nothing");
        }));
    }

    private static void compare(Path file, String expression, int[] totals) {
        Outcome libpcap = Outcome.libpcap(file, expression);
        Outcome java = Outcome.java(file, expression);
        String where = file.getFileName() + " with \"" + expression + "\": ";
        if (libpcap.refused()) {
            // The expression does not compile for the file's link type: the Java reader must say the same,
            // at open for pcap, or at the interface for pcapng.
            assertTrue(libpcap.refusal().startsWith("bad filter"), where + libpcap.refusal());
            String reason = java.refused() ? java.refusal() : String.valueOf(java.drained().problem());
            assertTrue(reason.contains(libpcap.refusal()), where + "java says " + reason + ", libpcap " + libpcap.refusal());
            totals[2]++;
            return;
        }
        if (java.refused()) {
            fail(where + "only the Java reader refused: " + java.refusal());
        }
        long libpcapRead = libpcap.drained().framesRead();
        List<Long> selectedByLibpcap = numbers(libpcap.drained());
        List<Long> selectedByJava = numbers(java.drained()).stream().filter(n -> n <= libpcapRead).toList();
        assertEquals(selectedByLibpcap, selectedByJava, where + "selected frames");
        if (libpcap.drained().result() == ReadResult.END) {
            assertEquals(ReadResult.END, java.drained().result(), where + "end");
            assertEquals(libpcapRead, java.drained().framesRead(), where + "frames read (all, not just selected)");
        }
        totals[0]++;
        totals[1] += selectedByLibpcap.size();
    }

    private static List<Long> numbers(Drained drained) {
        return drained.frames().stream().map(Drained.Seen::number).toList();
    }

    @AfterAll
    static void printReport() {
        if (TOTALS.isEmpty()) {
            return;
        }
        StringBuilder report = new StringBuilder(String.format(
                "%nFilter equivalence (Java interpreter vs libpcap), per expression:%n%-58s %6s %8s %s%n",
                "expression", "files", "frames", "files where it does not compile for the link type"));
        TOTALS.forEach((expression, t) -> report.append(String.format("%-58s %6d %8d %d%n",
                "\"" + expression + "\"", t[0], t[1], t[2])));
        System.out.println(report);
    }
}
