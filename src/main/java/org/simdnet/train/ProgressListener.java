package org.simdnet.train;

/** Told after each epoch; the CLI prints a progress line from it. */
@FunctionalInterface
public interface ProgressListener {

    /** No progress reporting. */
    ProgressListener NONE = (epoch, epochs, loss, accuracy, stepsPerSecond) -> { };

    /**
     * @param epoch          1-based epoch just finished
     * @param stepsPerSecond optimizer steps per second over the run so far
     */
    void epochDone(int epoch, int epochs, double loss, double accuracy, double stepsPerSecond);
}
