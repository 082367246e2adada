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

    /** Throws, on this thread, what another thread failed with (unchecked as it was, or wrapped). */
    static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(failure);
    }
}
