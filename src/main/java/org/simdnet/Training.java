package org.simdnet;

import java.util.Arrays;

import org.simdnet.nn.Mlp;
import org.simdnet.train.Evaluation;
import org.simdnet.train.TrainResult;
import org.simdnet.train.Trainer;
import org.simdnet.train.TrainingCancelledException;

/**
 * Runs {@link Model#train} on the trainer: a listener's "stop" becomes the trainer's cancellation
 * flag, checked between steps like an interrupt, and a stopped run still reports its curves.
 */
final class Training {

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
        boolean[] stop = new boolean[1];
        long start = System.nanoTime();
        try (Trainer trainer = labels != null ? new Trainer(mlp, x, labels, rows, config.inner())
                : new Trainer(mlp, x, targets, rows, config.inner())) {
            TrainResult r = trainer.train((epoch, total, epochLoss, epochAccuracy, stepsPerSecond) -> {
                loss[epoch - 1] = epochLoss;
                accuracy[epoch - 1] = epochAccuracy;
                stop[0] = !listener.epochDone(epoch, total, epochLoss, epochAccuracy);
            }, () -> stop[0]);
            return new TrainingResult(r.epochLoss(), r.epochAccuracy(), r.finalLoss(), r.finalAccuracy(),
                    r.trainMillis(), false);
        } catch (TrainingCancelledException cancelled) {
            double millis = (System.nanoTime() - start) / 1e6;
            int done = cancelled.completedEpochs();
            Evaluation e = labels != null ? Evaluation.of(mlp, x, labels, rows) : Evaluation.of(mlp, x, targets, rows);
            return new TrainingResult(Arrays.copyOf(loss, done), Arrays.copyOf(accuracy, done), e.loss(),
                    e.accuracy(), millis, true);
        }
    }
}
