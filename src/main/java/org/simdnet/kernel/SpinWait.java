package org.simdnet.kernel;

import java.util.concurrent.locks.LockSupport;

/**
 * The wait used where a thread waits for pool helpers to finish shared work: spin, then yield,
 * then nap 20 µs at a time. Unlike {@code ForkJoinTask.join} and friends it never allocates (JDK
 * 16 and later allocate a wait node when a join blocks), and for the short waits inside a shared
 * GEMM or training step it wakes within microseconds. Waits that may be long (the end of a
 * training step) run only the active phase here, {@link #ACTIVE_PAUSES} pauses, and then park
 * until the thread that finishes the work unparks them.
 */
public final class SpinWait {

    /** Pauses of the active phase (spinning, then yielding) before a wait naps or parks. */
    public static final int ACTIVE_PAUSES = 400;

    private SpinWait() {
    }

    /**
     * One step of a wait loop: {@code for (int idle = 0; !ready(); ) idle = SpinWait.pause(idle);}
     *
     * @param idle how many steps this wait has taken so far
     * @return {@code idle + 1}
     */
    public static int pause(int idle) {
        if (idle < ACTIVE_PAUSES / 2) {
            Thread.onSpinWait();
        } else if (idle < ACTIVE_PAUSES) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(20_000L);
        }
        return idle + 1;
    }
}
