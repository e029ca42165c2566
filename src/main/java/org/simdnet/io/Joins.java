package org.simdnet.io;

/** Waiting for a helper thread that must be waited for (it writes or reads a file the caller is about to close). */
public final class Joins {

    private Joins() {
    }

    /**
     * Waits until {@code thread} has ended, even when the caller is interrupted meanwhile; the
     * caller's interrupt status is set again afterwards, for its own code to see.
     */
    public static void uninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
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
