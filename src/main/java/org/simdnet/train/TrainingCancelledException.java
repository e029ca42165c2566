package org.simdnet.train;

import java.util.concurrent.CancellationException;

/**
 * Training stopped between two steps because it was cancelled (the caller's cancellation flag,
 * see {@link Trainer#train(ProgressListener, java.util.function.BooleanSupplier)}) or its thread
 * was interrupted. The model holds the parameters of the last completed step; the exception says
 * how many steps and epochs completed. After an interrupt the thread's interrupt status is still
 * set.
 */
public final class TrainingCancelledException extends CancellationException {
    private static final long serialVersionUID = 1L;

    private final long completedSteps;
    private final int completedEpochs;
    private final boolean interrupted;

    TrainingCancelledException(long completedSteps, int completedEpochs, int epochs, boolean interrupted) {
        super("training " + (interrupted ? "interrupted" : "cancelled") + " after " + completedSteps + " steps ("
                + completedEpochs + " of " + epochs + " epochs complete); the model holds the last completed step");
        this.completedSteps = completedSteps;
        this.completedEpochs = completedEpochs;
        this.interrupted = interrupted;
    }

    /** Optimizer steps that completed (the model holds the parameters after the last of them). */
    public long completedSteps() {
        return completedSteps;
    }

    /** Epochs that completed. */
    public int completedEpochs() {
        return completedEpochs;
    }

    /** True when the thread was interrupted, false when the cancellation flag was raised. */
    public boolean interrupted() {
        return interrupted;
    }
}
