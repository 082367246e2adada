package dev.conntrail.cli;

/** Waiting for the threads a file's run starts. */
final class Threads {
    private Threads() {
    }

    /** Joins {@code t}, keeping an interrupt for later rather than giving up on the wait. */
    static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
