package dev.conntrail.tracker;

import java.time.Duration;
import java.util.Locale;

/**
 * How long a connection may stay quiet in each phase before the tracker gives up on it. Time is always
 * packet time. Two presets exist: conntrail's own, and Zeek's defaults (so that a run can be compared with
 * Zeek's conn.log row for row).
 *
 * @param name                 preset name, for display
 * @param attempt              an unanswered SYN (reported as {@code unanswered})
 * @param attemptFromFirstSyn  whether the attempt timer runs from the first SYN (Zeek's
 *                             {@code tcp_attempt_delay}) instead of the last one
 * @param handshake            answered, handshake not complete
 * @param established          established and idle
 * @param midStream            picked up mid-stream and idle
 * @param halfClosed           one side has closed, the other is idle
 * @param closing              both sides sent FIN, the final ACK not seen
 * @param closedLinger         how long a closed connection stays to absorb stray segments (TIME-WAIT)
 * @param zeekRules            use Zeek's rule for when a connection is closed: a RST from either side, both
 *                             FINs, or a FIN from one side when the other never sent anything; rather than
 *                             conntrail's: a RST accepted in its window, or both FINs acknowledged
 */
public record Timeouts(String name, Duration attempt, boolean attemptFromFirstSyn, Duration handshake,
                       Duration established, Duration midStream, Duration halfClosed, Duration closing,
                       Duration closedLinger, boolean zeekRules) {

    /**
     * conntrail's defaults, in the spirit of netfilter's: a SYN is retried for about two minutes by common
     * stacks, an idle established connection is kept two hours (the default TCP keepalive interval), a
     * closed one ten seconds.
     */
    public static final Timeouts CONNTRAIL = new Timeouts("conntrail",
            Duration.ofSeconds(120), false, Duration.ofSeconds(60), Duration.ofHours(2), Duration.ofHours(2),
            Duration.ofSeconds(120), Duration.ofSeconds(30), Duration.ofSeconds(10), false);

    /**
     * Zeek's defaults (scripts/base/init-bare.zeek): tcp_attempt_delay 5 s from the first SYN,
     * tcp_inactivity_timeout 5 min, tcp_close_delay / tcp_connection_linger 5 s.
     */
    public static final Timeouts ZEEK = new Timeouts("zeek",
            Duration.ofSeconds(5), true, Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5),
            Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofSeconds(5), true);

    public static Timeouts preset(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "conntrail":
            case "default":
                return CONNTRAIL;
            case "zeek":
                return ZEEK;
            default:
                throw new IllegalArgumentException("unknown timeout preset '" + name + "' (known: conntrail, zeek)");
        }
    }

    Duration of(TimeoutClass c) {
        switch (c) {
            case ATTEMPT:
                return attempt;
            case HANDSHAKE:
                return handshake;
            case ESTABLISHED:
                return established;
            case MID_STREAM:
                return midStream;
            case HALF_CLOSED:
                return halfClosed;
            case CLOSING:
                return closing;
            case CLOSED:
                return closedLinger;
            default:
                throw new AssertionError(c);
        }
    }

    public Timeouts withAttempt(Duration d) {
        return new Timeouts(name + "+", d, attemptFromFirstSyn, handshake, established, midStream, halfClosed,
                closing, closedLinger, zeekRules);
    }

    public Timeouts withEstablished(Duration d) {
        return new Timeouts(name + "+", attempt, attemptFromFirstSyn, handshake, d, d, halfClosed, closing,
                closedLinger, zeekRules);
    }

    public Timeouts withHalfClosed(Duration d) {
        return new Timeouts(name + "+", attempt, attemptFromFirstSyn, handshake, established, midStream, d, closing,
                closedLinger, zeekRules);
    }

    public Timeouts withClosedLinger(Duration d) {
        return new Timeouts(name + "+", attempt, attemptFromFirstSyn, handshake, established, midStream, halfClosed,
                closing, d, zeekRules);
    }
}
