package dev.conntrail.cli;

import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM end a run the same way as the end of the input: the loop stops, every event
 * is flushed and the connections still open are reported. A second signal exits at once.
 */
final class Signals {
    private Signals() {
    }

    static void onStop(Runnable stop) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), new sun.misc.SignalHandler() {
                    private volatile boolean seen;

                    @Override
                    public void handle(Signal s) {
                        if (seen) {
                            Runtime.getRuntime().halt(128 + s.getNumber());
                        }
                        seen = true;
                        stop.run();
                    }
                });
            } catch (IllegalArgumentException e) {
                // the signal is not available here (or the JVM reserves it): the default applies
            }
        }
    }
}
