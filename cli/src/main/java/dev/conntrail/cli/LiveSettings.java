package dev.conntrail.cli;

import java.time.Duration;

/**
 * What the command line asked of a live capture.
 *
 * @param interfaceName null to capture on the interface tcpdump would pick
 * @param filter        the tcpdump filter expression, or null
 * @param count         stop after this many packets (0: no limit)
 * @param duration      stop after this long (null: no limit)
 * @param statsInterval print capture statistics to stderr this often (null: only at the end)
 * @param user          become this user once the capture is open ({@code -Z}), or null
 */
record LiveSettings(String interfaceName, String filter, int snaplen, int bufferBytes, boolean promiscuous,
                    long count, Duration duration, Duration statsInterval, String user) {
}
