package org.simdnet;

import java.util.Arrays;

/**
 * What a training run reports: per-epoch loss and accuracy (measured during the steps), the
 * trained model's loss and accuracy over the training data, timings, and whether it was stopped
 * early.
 */
public final class TrainingResult {

    private final double[] epochLoss;
    private final double[] epochAccuracy;
    private final double finalLoss;
    private final double finalAccuracy;
    private final double trainMillis;
    private final boolean stopped;

    TrainingResult(double[] epochLoss, double[] epochAccuracy, double finalLoss, double finalAccuracy,
                   double trainMillis, boolean stopped) {
        this.epochLoss = epochLoss;
        this.epochAccuracy = epochAccuracy;
        this.finalLoss = finalLoss;
        this.finalAccuracy = finalAccuracy;
        this.trainMillis = trainMillis;
        this.stopped = stopped;
    }

    /**
     * Epochs completed.
     *
     * @return the number of epochs completed
     */
    public int epochs() {
        return epochLoss.length;
    }

    /**
     * Mean training loss of each completed epoch.
     *
     * @return one value per completed epoch
     */
    public double[] epochLoss() {
        return epochLoss.clone();
    }

    /**
     * Training accuracy of each completed epoch (NaN for regression).
     *
     * @return one value per completed epoch
     */
    public double[] epochAccuracy() {
        return epochAccuracy.clone();
    }

    /**
     * The trained model's mean loss over the training data.
     *
     * @return the loss
     */
    public double finalLoss() {
        return finalLoss;
    }

    /**
     * The trained model's accuracy over the training data (NaN for regression).
     *
     * @return the accuracy
     */
    public double finalAccuracy() {
        return finalAccuracy;
    }

    /**
     * Wall time of the training loop, in milliseconds.
     *
     * @return milliseconds
     */
    public double trainMillis() {
        return trainMillis;
    }

    /**
     * True when the listener or an interrupt stopped the run before its last epoch.
     *
     * @return true when stopped early
     */
    public boolean stopped() {
        return stopped;
    }

    @Override
    public String toString() {
        return "TrainingResult[epochs " + epochs() + (stopped ? " (stopped)" : "") + ", loss "
                + finalLoss + ", accuracy " + finalAccuracy + ", " + Math.round(trainMillis) + " ms, epoch losses "
                + Arrays.toString(Arrays.copyOf(epochLoss, Math.min(3, epochLoss.length))) + "…]";
    }
}
