package dev.conntrail.capture;

/**
 * A source could not be opened or configured: a missing or unreadable file, a file that is not a capture,
 * an unknown link type, a bad filter, an interface that does not exist or needs rights.
 *
 * <p>The message is one line written for the user, naming the file or interface and what is wrong, for
 * example {@code "trace.pcap: not a pcap or pcapng file (starts with 3c 68 74 6d)"}. It never carries a
 * native library's exception type or a stack trace.
 */
public class CaptureException extends Exception {
    private static final long serialVersionUID = 1L;

    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
