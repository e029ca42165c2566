package org.simdnet;

import java.util.Arrays;

import org.simdnet.nn.Mlp;
import org.simdnet.train.Evaluation;
import org.simdnet.train.TrainResult;
import org.simdnet.train.Trainer;

/** Runs {@link Model#train} on the trainer, turning a listener's "stop" into an early end. */
final class Training {

    /** Thrown through the trainer's loop to end it after an epoch; never escapes. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    private Training() {
    }

    static TrainingResult run(Mlp mlp, float[] x, int[] labels, float[] targets, int rows, TrainingConfig config,
                              TrainingListener listener) {
        if (config == null || listener == null) {
            throw new IllegalArgumentException("config and listener must not be null (use TrainingListener.NONE)");
        }
        int epochs = config.epochs();
        double[] loss = new double[epochs];
        double[] accuracy = new double[epochs];
        int[] done = new int[1];
        long start = System.nanoTime();
        try (Trainer trainer = labels != null ? new Trainer(mlp, x, labels, rows, config.inner())
                : new Trainer(mlp, x, targets, rows, config.inner())) {
            TrainResult r = trainer.train((epoch, total, epochLoss, epochAccuracy, stepsPerSecond) -> {
                loss[epoch - 1] = epochLoss;
                accuracy[epoch - 1] = epochAccuracy;
                done[0] = epoch;
                if (!listener.epochDone(epoch, total, epochLoss, epochAccuracy) || Thread.currentThread().isInterrupted()) {
                    throw new Stop();
                }
            });
            return new TrainingResult(r.epochLoss(), r.epochAccuracy(), r.finalLoss(), r.finalAccuracy(),
                    r.trainMillis(), false);
        } catch (Stop stop) {
            double millis = (System.nanoTime() - start) / 1e6;
            Evaluation e = labels != null ? Evaluation.of(mlp, x, labels, rows) : Evaluation.of(mlp, x, targets, rows);
            return new TrainingResult(Arrays.copyOf(loss, done[0]), Arrays.copyOf(accuracy, done[0]), e.loss(),
                    e.accuracy(), millis, true);
        }
    }
}
