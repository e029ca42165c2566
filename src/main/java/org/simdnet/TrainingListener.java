package org.simdnet;

/**
 * Told after each training epoch, on the training thread; returning false stops the run there
 * (the model keeps its last completed step). Interrupting the training thread stops it too,
 * between two steps, and leaves the thread's interrupt status set.
 */
@FunctionalInterface
public interface TrainingListener {

    /** Reports nothing and never stops. */
    TrainingListener NONE = (epoch, epochs, loss, accuracy) -> true;

    /**
     * Called after each epoch.
     *
     * @param epoch    1-based epoch just finished
     * @param epochs   epochs the run was configured for
     * @param loss     the epoch's mean training loss, measured during its steps
     * @param accuracy the epoch's training accuracy (NaN for regression)
     * @return true to go on, false to stop
     */
    boolean epochDone(int epoch, int epochs, double loss, double accuracy);
}
