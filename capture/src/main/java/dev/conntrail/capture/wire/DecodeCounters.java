package dev.conntrail.capture.wire;

import java.util.EnumMap;
import java.util.Map;

/** How many frames ended in each {@link DecodeOutcome}; one counter per outcome, no allocation to count. */
public final class DecodeCounters {
    private static final DecodeOutcome[] OUTCOMES = DecodeOutcome.values();
    private final long[] counts = new long[OUTCOMES.length];

    public void count(DecodeOutcome outcome) {
        counts[outcome.ordinal()]++;
    }

    public long get(DecodeOutcome outcome) {
        return counts[outcome.ordinal()];
    }

    public long total(DecodeOutcome.Category category) {
        long sum = 0;
        for (DecodeOutcome o : OUTCOMES) {
            if (o.category() == category) {
                sum += counts[o.ordinal()];
            }
        }
        return sum;
    }

    /** The outcomes that occurred at least once, in declaration order. */
    public Map<DecodeOutcome, Long> nonZero() {
        Map<DecodeOutcome, Long> m = new EnumMap<>(DecodeOutcome.class);
        for (DecodeOutcome o : OUTCOMES) {
            if (counts[o.ordinal()] != 0) {
                m.put(o, counts[o.ordinal()]);
            }
        }
        return m;
    }
}
