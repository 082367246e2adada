package dev.conntrail.capture.wire;

import java.util.EnumMap;
import java.util.Map;

/** How many frames ended in each {@link DecodeOutcome}; one counter per outcome, no allocation to count. */
public final class DecodeCounters {
    private static final DecodeOutcome[] OUTCOMES = DecodeOutcome.values();
    private static final DecodeNote[] NOTES = DecodeNote.values();
    private final long[] counts = new long[OUTCOMES.length];
    private final long[] notes = new long[NOTES.length];

    public void count(DecodeOutcome outcome) {
        counts[outcome.ordinal()]++;
    }

    public long get(DecodeOutcome outcome) {
        return counts[outcome.ordinal()];
    }

    public void note(DecodeNote note) {
        notes[note.ordinal()]++;
    }

    public long get(DecodeNote note) {
        return notes[note.ordinal()];
    }

    /** Frames counted under any outcome. {@code FRAGMENT_DROPPED} re-counts frames first counted as held. */
    public long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
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

    /** The notes that occurred at least once, in declaration order. */
    public Map<DecodeNote, Long> nonZeroNotes() {
        Map<DecodeNote, Long> m = new EnumMap<>(DecodeNote.class);
        for (DecodeNote n : NOTES) {
            if (notes[n.ordinal()] != 0) {
                m.put(n, notes[n.ordinal()]);
            }
        }
        return m;
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
