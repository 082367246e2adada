package dev.conntrail.cli;

/** conntrail's exit codes (documented in the README and in {@code --help}). */
final class ExitCodes {
    /** Everything read was processed (a live capture stopped by Ctrl-C, SIGTERM, -c or --duration included). */
    static final int OK = 0;
    /** Bad input: a file or interface that cannot be read, a damaged capture, a bad filter, no permission. */
    static final int BAD_INPUT = 1;
    /** Usage: an unknown option or a bad option value. */
    static final int USAGE = 2;

    private ExitCodes() {
    }
}
