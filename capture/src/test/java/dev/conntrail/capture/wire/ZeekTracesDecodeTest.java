package dev.conntrail.capture.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conntrail.capture.Corpus;
import dev.conntrail.tracker.segment.ChecksumStatus;
import dev.conntrail.tracker.segment.TcpSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Decodes Zeek's test traces (tunnels, VLAN/MPLS, PPPoE, fragments, padding) and checks, per TCP 4-tuple,
 * that we produce as many segments, and as many IP bytes (the innermost IP lengths), as Zeek's expected
 * conn.log rows count ({@code orig_pkts + resp_pkts} and {@code orig_ip_bytes + resp_ip_bytes}, summed over
 * the rows of that 4-tuple). Zeek runs without {@code -C} drop segments with a bad checksum, so there those
 * are left out of our count.
 */
class ZeekTracesDecodeTest {

    /** Traces whose counts differ from Zeek's for a reason outside the decoder: trace, then cause. */
    static final Map<String, String> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("missing_ldap_logs.pcapng", "three segments carry IPv4 total length 0 (segmentation offload);"
                + " we take the length from the frame (1848-1880 bytes, as tshark does) while Zeek's ConnSize adds"
                + " the raw header field, 0; packet counts agree");
    }

    private static final Pattern IGNORES_CHECKSUMS = Pattern.compile("(^|\\s)-[A-Za-z]*C");

    @Test
    void innerConnectionsOfZeekTracesComeOutWithZeeksPacketCounts() throws IOException {
        Corpus corpus = Corpus.require();
        List<String> manifest = Files.readAllLines(corpus.zeek("MANIFEST.tsv"));
        List<String> header = List.of(manifest.get(0).split("\t", -1));
        int traceCol = header.indexOf("trace");
        int cmdCol = header.indexOf("zeek_cmd");
        List<String> problems = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        int matched = 0;
        for (String line : manifest.subList(1, manifest.size())) {
            String[] cols = line.split("\t", -1);
            String trace = cols[traceCol];
            boolean ignoreChecksums = IGNORES_CHECKSUMS.matcher(cols[cmdCol]).find();
            Map<String, long[]> expected = expectedPackets(corpus.zeek("expected").resolve(trace + ".conn.tsv"));
            Map<String, long[]> ours = decode(corpus.zeek("traces").resolve(trace), ignoreChecksums);
            List<String> mismatches = new ArrayList<>();
            for (Map.Entry<String, long[]> e : expected.entrySet()) {
                long want = e.getValue()[0];
                long wantBytes = e.getValue()[1];
                long[] got = ours.getOrDefault(e.getKey(), want == 0 ? new long[] {0, 0} : null);
                if (got == null) {
                    mismatches.add(e.getKey() + " missing (Zeek " + (want < 0 ? "has a row" : want + " pkts") + ")");
                } else if (want >= 0 && got[0] != want) {
                    mismatches.add(e.getKey() + " ours " + got[0] + " pkts, Zeek " + want);
                } else if (wantBytes >= 0 && got[1] != wantBytes) {
                    mismatches.add(e.getKey() + " ours " + got[1] + " IP bytes, Zeek " + wantBytes);
                }
            }
            String verdict;
            if (mismatches.isEmpty()) {
                matched++;
                verdict = "ok";
                if (KNOWN.containsKey(trace)) {
                    problems.add(trace + ": matches Zeek now; remove it from KNOWN");
                }
            } else if (KNOWN.containsKey(trace)) {
                verdict = "known: " + KNOWN.get(trace) + " " + mismatches;
            } else {
                verdict = "DIFFERS " + mismatches;
                problems.add(trace + ": " + mismatches);
            }
            report.append(String.format("%-45s %4d tuples expected, %4d decoded  %s%n", trace, expected.size(),
                    ours.size(), verdict));
        }
        report.append(String.format("%d of %d traces match Zeek's per-connection packet counts%n", matched,
                manifest.size() - 1));
        System.out.println(report);
        assertTrue(problems.isEmpty(), () -> "unexplained differences:\n" + String.join("\n", problems));
    }

    /** Unordered 4-tuple to summed packets and IP bytes; -1 where the baseline lacks the columns. */
    private static Map<String, long[]> expectedPackets(Path conn) throws IOException {
        List<String> lines = Files.readAllLines(conn);
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int oh = header.indexOf("id.orig_h");
        int op = header.indexOf("id.orig_p");
        int rh = header.indexOf("id.resp_h");
        int rp = header.indexOf("id.resp_p");
        int opk = header.indexOf("orig_pkts");
        int rpk = header.indexOf("resp_pkts");
        int ob = header.indexOf("orig_ip_bytes");
        int rb = header.indexOf("resp_ip_bytes");
        Map<String, long[]> m = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split("\t", -1);
            String key = tuple(c[oh], c[op], c[rh], c[rp]);
            long[] sum = m.computeIfAbsent(key, k -> new long[] {0, 0});
            add(sum, 0, c, opk, rpk);
            add(sum, 1, c, ob, rb);
        }
        return m;
    }

    private static void add(long[] sum, int i, String[] c, int a, int b) {
        if (a < 0 || b < 0 || c[a].equals("-") || c[b].equals("-") || sum[i] < 0) {
            sum[i] = -1;
        } else {
            sum[i] += Long.parseLong(c[a]) + Long.parseLong(c[b]);
        }
    }

    private static Map<String, long[]> decode(Path trace, boolean ignoreChecksums) {
        FrameDecoder decoder = new FrameDecoder();
        TcpSegment s = new TcpSegment();
        Map<String, long[]> counts = new TreeMap<>();
        CorpusDecodeTest.forEachFrame(trace, frame -> {
            if (decoder.decode(frame, s) == DecodeOutcome.TCP
                    && (ignoreChecksums || s.checksum() != ChecksumStatus.BAD
                        && s.checksum() != ChecksumStatus.OFFLOADED)) { // Zeek drops offloaded ones too
                long[] c = counts.computeIfAbsent(tuple(s.src().toString(), Integer.toString(s.srcPort()),
                        s.dst().toString(), Integer.toString(s.dstPort())), k -> new long[2]);
                c[0]++;
                c[1] += s.ipLength();
            }
        });
        return counts;
    }

    private static String tuple(String a, String ap, String b, String bp) {
        String x = a + "." + ap;
        String y = b + "." + bp;
        return x.compareTo(y) <= 0 ? x + " <> " + y : y + " <> " + x;
    }
}
