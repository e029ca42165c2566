package org.simdnet.train;

/**
 * What a training run reports: per-epoch curves (from the training steps themselves), the final
 * model's loss and accuracy on the training data, and timings.
 */
public final class TrainResult {

    private final double[] epochLoss;
    private final double[] epochAccuracy;
    private final double finalLoss;
    private final double finalAccuracy;
    private final long trainNanos;
    private final double medianStepMicros;

    TrainResult(double[] epochLoss, double[] epochAccuracy, double finalLoss, double finalAccuracy,
                long trainNanos, double medianStepMicros) {
        this.epochLoss = epochLoss;
        this.epochAccuracy = epochAccuracy;
        this.finalLoss = finalLoss;
        this.finalAccuracy = finalAccuracy;
        this.trainNanos = trainNanos;
        this.medianStepMicros = medianStepMicros;
    }

    /** Mean training loss of each epoch, measured during its steps (before each update). */
    public double[] epochLoss() {
        return epochLoss.clone();
    }

    /** Training accuracy of each epoch, measured during its steps (before each update). */
    public double[] epochAccuracy() {
        return epochAccuracy.clone();
    }

    /** Mean cross-entropy of the trained model over the training data. */
    public double finalLoss() {
        return finalLoss;
    }

    /** Accuracy of the trained model over the training data. */
    public double finalAccuracy() {
        return finalAccuracy;
    }

    public int epochs() {
        return epochLoss.length;
    }

    /** Wall time of the training loop, in milliseconds. */
    public double trainMillis() {
        return trainNanos / 1e6;
    }

    /** Median wall time of one optimizer step (one mini-batch), in microseconds. */
    public double medianStepMicros() {
        return medianStepMicros;
    }
}
