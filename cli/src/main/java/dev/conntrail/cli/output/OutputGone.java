package dev.conntrail.cli.output;

/** Whoever reads our output has gone away (a closed pipe, as after {@code | head}): stop quietly. */
public final class OutputGone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutputGone(Throwable cause) {
        super("output closed", cause, false, false);
    }
}
