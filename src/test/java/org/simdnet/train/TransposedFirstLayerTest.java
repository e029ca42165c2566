package org.simdnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.simdnet.layer.Dense;
import org.simdnet.layer.Head;
import org.simdnet.layer.Layer;
import org.simdnet.layer.MeanSquaredError;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.SoftmaxCrossEntropy;
import org.simdnet.layer.Tanh;
import org.simdnet.nn.Mlp;
import org.simdnet.optim.OptimizerSpec;

/**
 * Training with the first layer's weights transposed ({@link TransposedFirstLayer}) must give the
 * model layout's bits: the same parameters after every epoch (as the listener sees them), at the
 * end, and when a run is cancelled; and a listener's change to the model must be trained on.
 */
class TransposedFirstLayerTest {

    @AfterEach
    void restore() {
        Trainer.transposeFirstLayer = true;
    }

    /** Parameters as the listener saw them after each epoch, then at the end; and the curves. */
    private record Run(List<float[]> epochs, float[] last, double[] losses, boolean transposed) {
    }

    private static Run train(boolean transposed, int[] widths, Layer activation, Head head, OptimizerSpec optimizer,
                             int batch, int threads, int shardRows) {
        Trainer.transposeFirstLayer = transposed;
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i + 1 < widths.length; i++) {
            if (i > 0) {
                layers.add(activation);
            }
            layers.add(new Dense(widths[i], widths[i + 1]));
        }
        Mlp mlp = Mlp.initialise(widths[0], layers, head, 7);
        int rows = 203, inputs = widths[0], outputs = widths[widths.length - 1];
        SplittableRandom random = new SplittableRandom(3);
        float[] x = new float[rows * inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        TrainConfig config = TrainConfig.defaults().withEpochs(3).withBatchSize(batch).withThreads(threads)
                .withShardRows(shardRows).withOptimizer(optimizer).withSeed(5);
        List<float[]> epochs = new ArrayList<>();
        ProgressListener listener = (epoch, total, loss, accuracy, stepsPerSecond) -> epochs.add(mlp.params().clone());
        TrainResult result;
        boolean used;
        if (head.usesLabels()) {
            int[] labels = new int[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = random.nextInt(outputs);
            }
            try (Trainer trainer = new Trainer(mlp, x, labels, rows, config)) {
                used = trainer.firstLayerTransposed();
                result = trainer.train(listener);
            }
        } else {
            float[] targets = new float[rows * outputs];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = (float) random.nextGaussian();
            }
            try (Trainer trainer = new Trainer(mlp, x, targets, rows, config)) {
                used = trainer.firstLayerTransposed();
                result = trainer.train(listener);
            }
        }
        return new Run(epochs, mlp.params().clone(), result.epochLoss(), used);
    }

    private static void sameBits(int[] widths, Layer activation, Head head, OptimizerSpec optimizer, int batch,
                                 int threads, int shardRows) {
        Run model = train(false, widths, activation, head, optimizer, batch, threads, shardRows);
        Run transposed = train(true, widths, activation, head, optimizer, batch, threads, shardRows);
        assertFalse(model.transposed());
        assertTrue(transposed.transposed(), "the layout was not used: the comparison would prove nothing");
        String what = Arrays.toString(widths) + " " + optimizer + " batch " + batch + " threads " + threads;
        assertArrayEquals(model.losses(), transposed.losses(), what + ": epoch losses");
        for (int e = 0; e < model.epochs().size(); e++) {
            assertArrayEquals(model.epochs().get(e), transposed.epochs().get(e), what + ": parameters after epoch " + (e + 1));
        }
        assertArrayEquals(model.last(), transposed.last(), what + ": final parameters");
    }

    @Test
    void digitsShapedNetWithAdam() {
        sameBits(new int[] {64, 128, 10}, new ReLU(), new SoftmaxCrossEntropy(), OptimizerSpec.adam(1e-3f), 32, 1, 0);
    }

    @Test
    void twoThreadsAndSmallShards() {
        sameBits(new int[] {64, 128, 10}, new ReLU(), new SoftmaxCrossEntropy(), OptimizerSpec.adam(1e-3f), 32, 2, 8);
    }

    @Test
    void moreInputsThanUnitsOddBatchSgdWithMomentumAndDecay() {
        sameBits(new int[] {37, 19, 24, 3}, new Tanh(), new SoftmaxCrossEntropy(),
                OptimizerSpec.sgd(0.05f, 0.9f, 1e-3f), 17, 1, 0);
    }

    @Test
    void regressionWithAdamW() {
        sameBits(new int[] {3, 40, 2}, new ReLU(), new MeanSquaredError(), OptimizerSpec.adamW(1e-2f), 50, 1, 0);
    }

    /** 64 rows of 16 Gaussian features and 4 classes, for the small net of the tests below. */
    private static final int ROWS = 64;
    private static final float[] X = new float[ROWS * 16];
    private static final int[] LABELS = new int[ROWS];

    static {
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < X.length; i++) {
            X[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < ROWS; i++) {
            LABELS[i] = random.nextInt(4);
        }
    }

    /** A listener that halves the model's weights after the first epoch: both layouts train on from the halved ones. */
    @Test
    void aListenersChangeToTheModelIsTrainedOn() {
        float[][] results = new float[2][];
        for (int t = 0; t < 2; t++) {
            Trainer.transposeFirstLayer = t == 1;
            Mlp mlp = Mlp.initialise(16, List.of(new Dense(16, 32), new ReLU(), new Dense(32, 4)), new SoftmaxCrossEntropy(), 1);
            TrainConfig config = TrainConfig.defaults().withEpochs(3).withBatchSize(16).withOptimizer(OptimizerSpec.adam(1e-2f));
            try (Trainer trainer = new Trainer(mlp, X, LABELS, ROWS, config)) {
                assertEquals(t == 1, trainer.firstLayerTransposed());
                trainer.train((epoch, total, loss, accuracy, stepsPerSecond) -> {
                    if (epoch == 1) {
                        float[] p = mlp.params();
                        for (int i = 0; i < 16 * 32; i++) {
                            p[i] *= 0.5f;
                        }
                    }
                });
            }
            results[t] = mlp.params().clone();
        }
        assertArrayEquals(results[0], results[1]);
    }

    /** Cancelled in the middle of an epoch, the model holds the last completed step in both layouts. */
    @Test
    void aCancelledRunLeavesTheLastStepInTheModel() {
        float[][] results = new float[2][];
        for (int t = 0; t < 2; t++) {
            Trainer.transposeFirstLayer = t == 1;
            Mlp mlp = Mlp.initialise(16, List.of(new Dense(16, 32), new ReLU(), new Dense(32, 4)), new SoftmaxCrossEntropy(), 1);
            int[] calls = {0};
            TrainConfig config = TrainConfig.defaults().withEpochs(3).withBatchSize(16).withOptimizer(OptimizerSpec.adam(1e-2f));
            try (Trainer trainer = new Trainer(mlp, X, LABELS, ROWS, config)) {
                assertThrows(TrainingCancelledException.class,
                        () -> trainer.train(ProgressListener.NONE, () -> ++calls[0] > 6));
            }
            results[t] = mlp.params().clone();
        }
        assertArrayEquals(results[0], results[1]);
    }

    @Test
    void clippingKeepsTheModelLayout() {
        Mlp mlp = Mlp.initialise(16, List.of(new Dense(16, 32), new ReLU(), new Dense(32, 4)), new SoftmaxCrossEntropy(), 1);
        float[] x = new float[16 * 4];
        int[] labels = new int[4];
        try (Trainer trainer = new Trainer(mlp, x, labels, 4, TrainConfig.defaults().withClipNorm(1f))) {
            assertFalse(trainer.firstLayerTransposed(), "the clipping norm sums the gradient in the model's order");
        }
    }
}
