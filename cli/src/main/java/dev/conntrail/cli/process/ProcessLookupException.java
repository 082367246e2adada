package dev.conntrail.cli.process;

/** A source of socket or process facts cannot be used (no netlink, no namespace access); callers fall back. */
final class ProcessLookupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProcessLookupException(String message) {
        super(message);
    }
}
