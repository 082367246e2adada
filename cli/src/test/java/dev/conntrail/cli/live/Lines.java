package dev.conntrail.cli.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Lines read from a child process, each with the wall-clock time (epoch nanoseconds) it arrived. */
final class Lines {
    /** One line and when it arrived. */
    record Line(String text, long arrivedNanos) {
    }

    private final List<Line> lines = new ArrayList<>();
    private boolean ended;

    synchronized void add(String text) {
        Instant now = Instant.now();
        lines.add(new Line(text, now.getEpochSecond() * 1_000_000_000L + now.getNano()));
        notifyAll();
    }

    /** The stream reached its end: no line will come any more. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    synchronized List<Line> all() {
        return new ArrayList<>(lines);
    }

    synchronized List<String> texts() {
        List<String> out = new ArrayList<>(lines.size());
        for (Line l : lines) {
            out.add(l.text());
        }
        return out;
    }

    /** Waits until a line matches, or the time is up, or the stream ends; returns it, or null. */
    synchronized Line await(Predicate<String> matches, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < lines.size(); seen++) {
                if (matches.test(lines.get(seen).text())) {
                    return lines.get(seen);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || ended) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
