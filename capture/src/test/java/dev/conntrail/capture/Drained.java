package dev.conntrail.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything a {@link PacketSource} delivers until it stops, copied out of the reused {@link Frame} so
 * tests can compare readers and look at frames afterwards.
 */
public record Drained(List<Seen> frames, ReadResult result, String problem, long framesRead) {

    /** One delivered frame, copied. */
    public record Seen(long number, long timeNanos, int capturedLength, int originalLength, int linkType,
                       int interfaceId, byte[] data) {

        static Seen of(Frame frame) {
            return new Seen(frame.number(), frame.timeNanos(), frame.capturedLength(), frame.originalLength(),
                    frame.linkType(), frame.interfaceId(), Arrays.copyOfRange(frame.data(), frame.offset(),
                            frame.offset() + frame.capturedLength()));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Seen that && number == that.number && timeNanos == that.timeNanos
                    && capturedLength == that.capturedLength && originalLength == that.originalLength
                    && linkType == that.linkType && interfaceId == that.interfaceId
                    && Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(number) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "frame " + number + " @" + timeNanos + "ns " + capturedLength + "/" + originalLength
                    + " bytes, link " + linkType + ", if " + interfaceId;
        }
    }

    /** Reads {@code source} to its end (it stays open). */
    public static Drained from(PacketSource source) {
        List<Seen> frames = new ArrayList<>();
        Frame frame = new Frame();
        ReadResult result;
        while ((result = source.next(frame)) == ReadResult.FRAME) {
            frames.add(Seen.of(frame));
        }
        return new Drained(frames, result, source.problem(), source.framesRead());
    }

    public Seen frame(int index) {
        return frames.get(index);
    }

    public int count() {
        return frames.size();
    }
}
