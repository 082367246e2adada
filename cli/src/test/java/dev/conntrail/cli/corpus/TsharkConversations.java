package dev.conntrail.cli.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tshark -q -n -r F -z conv,tcp}: one line per TCP 4-tuple, A on the left, then frames and bytes
 * B to A ({@code <-}), A to B ({@code ->}), total, relative start, duration.
 */
final class TsharkConversations {
    record Conversation(String a, int aPort, String b, int bPort, long framesBtoA, long framesAtoB) {
        String key() {
            return Tuples.key(a, aPort, b, bPort);
        }
    }

    private static final Pattern LINE = Pattern.compile(
            "^(\\S+):(\\d+)\\s+<->\\s+(\\S+):(\\d+)\\s+(\\d+)\\s+\\S+\\s+\\S+\\s+(\\d+)\\s+\\S+\\s+\\S+.*$");

    static List<Conversation> read(Path file) {
        List<Conversation> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                Matcher m = LINE.matcher(line.trim());
                if (m.matches()) {
                    out.add(new Conversation(m.group(1), Integer.parseInt(m.group(2)), m.group(3),
                            Integer.parseInt(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6))));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /**
     * One entry per 4-tuple: tshark lists a 4-tuple once per TCP stream when its ports are reused, and those
     * lines are summed (with the first line's orientation).
     */
    static List<Conversation> merged(Path file) {
        java.util.Map<String, Conversation> byKey = new java.util.LinkedHashMap<>();
        for (Conversation c : read(file)) {
            Conversation prev = byKey.get(c.key());
            if (prev == null) {
                byKey.put(c.key(), c);
                continue;
            }
            boolean same = prev.a().equals(c.a()) && prev.aPort() == c.aPort();
            long bToA = prev.framesBtoA() + (same ? c.framesBtoA() : c.framesAtoB());
            long aToB = prev.framesAtoB() + (same ? c.framesAtoB() : c.framesBtoA());
            byKey.put(c.key(), new Conversation(prev.a(), prev.aPort(), prev.b(), prev.bPort(), bToA, aToB));
        }
        return new ArrayList<>(byKey.values());
    }

    private TsharkConversations() {
    }
}
