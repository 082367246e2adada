package dev.conntrail.cli.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The expected TCP conn.log rows of a Zeek test trace ({@code shared/corpus/zeek/expected/*.conn.tsv}). */
final class ZeekConnLog {
    record Row(Map<String, String> cells) {
        String get(String column) {
            String v = cells.get(column);
            return v == null ? "-" : v;
        }

        boolean has(String column) {
            return cells.containsKey(column) && !get(column).equals("-");
        }

        long ts() {
            String t = get("ts");
            int dot = t.indexOf('.');
            long sec = Long.parseLong(t.substring(0, dot));
            String frac = (t.substring(dot + 1) + "000000000").substring(0, 9);
            return sec * 1_000_000_000L + Long.parseLong(frac);
        }
    }

    static List<Row> read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            String[] header = lines.get(0).split("\t", -1);
            List<Row> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                Map<String, String> m = new HashMap<>();
                for (int i = 0; i < header.length && i < f.length; i++) {
                    m.put(header[i], f[i]);
                }
                rows.add(new Row(m));
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ZeekConnLog() {
    }
}
