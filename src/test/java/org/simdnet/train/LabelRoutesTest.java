package org.simdnet.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.RowKernels;
import org.simdnet.kernel.RowOps;
import org.simdnet.kernel.ScalarRowKernels;
import org.simdnet.kernel.SmallMlpKernel;
import org.simdnet.layer.Dense;
import org.simdnet.layer.GELU;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.SoftmaxCrossEntropy;
import org.simdnet.nn.Backprop;
import org.simdnet.nn.FusedPath;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Workspace;

/**
 * An out-of-range label through every public route to the kernels that read labels is an
 * IllegalArgumentException naming it. The 3-class softmax's vector blocks used to score such a
 * row as no class at all, and the fused kernel read −1 as an empty lane: silent wrong answers.
 */
class LabelRoutesTest {

    private static final int ROWS = 48;          // three vector blocks of 16: the block paths run
    private static final int[] BAD = {3, -1, Integer.MIN_VALUE, Integer.MAX_VALUE};

    private static int[] labels(int bad, int at) {
        int[] labels = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = i % 3;
        }
        labels[at] = bad;
        return labels;
    }

    private static float[] values(int n) {
        SplittableRandom random = new SplittableRandom(1);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /**
     * The message names the label and its row: the data row, or ({@code orderedRow}, through an
     * order) its place in the batch.
     */
    private static void rejects(String route, int bad, int row, int orderedRow, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, route + ", label " + bad);
        String m = e.getMessage();
        assertTrue(m.contains("labels[" + row + "] is " + bad) || m.contains("labels[" + orderedRow + "] is " + bad)
                || m.contains("label " + bad + " of row " + row), route + ": " + m);
    }

    private static void rejects(String route, int bad, int row, Executable call) {
        rejects(route, bad, row, row, call);
    }

    /** Each route with each bad label at rows 0, 20 (inside a vector block) and the last. */
    private static void everyCase(String route, Consumer<int[]> call) {
        for (int bad : BAD) {
            for (int at : new int[] {0, 20, ROWS - 1}) {
                int[] labels = labels(bad, at);
                // the routes below with a reversed order may name the row's place in the batch
                rejects(route, bad, at, ROWS - 1 - at, () -> call.accept(labels));
            }
        }
    }

    @Test
    void rowKernelsBothTwinsAndRowOps() {
        float[] logits = values(ROWS * 3);
        for (RowKernels kernels : new RowKernels[] {Kernels.ROWS, new ScalarRowKernels()}) {
            everyCase(kernels.getClass().getSimpleName(), labels -> kernels.softmaxCrossEntropy(ROWS, 3, logits.clone(),
                    0, 3, labels, 0, ROWS, new float[ROWS * 3], 0, 3));
            float[] five = values(ROWS * 5);       // the general narrow-width blocks: 5 and -1 are bad there
            for (int bad : new int[] {5, -1}) {
                rejects(kernels.getClass().getSimpleName() + " 5 classes", bad, 20, () -> kernels.softmaxCrossEntropy(
                        ROWS, 5, five, 0, 5, labels(bad, 20), 0, ROWS, new float[ROWS * 5], 0, 5));
            }
        }
        everyCase("RowOps", labels -> RowOps.softmaxCrossEntropy(ROWS, 3, logits, 0, 3, labels, 0, ROWS,
                new float[ROWS * 3], 0, 3));
    }

    @Test
    void theHead() {
        float[] z = values(ROWS * 3);
        everyCase("SoftmaxCrossEntropy", labels -> new SoftmaxCrossEntropy().lossAndGradient(ROWS, 3, z.clone(),
                labels, null, ROWS, new float[ROWS * 3], new int[ROWS], new double[1]));
    }

    @Test
    void backpropOnTheLayerPathAndTheFusedKernel() {
        Mlp layered = Mlp.initialise(2, List.of(new Dense(2, 8), new GELU(), new Dense(8, 3)),
                new SoftmaxCrossEntropy(), 1);
        Mlp fused = Mlp.initialise(new int[] {2, 32, 3}, new ReLU(), 1);
        float[] x = values(ROWS * 2);
        int[] order = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            order[i] = ROWS - 1 - i;
        }
        for (Mlp mlp : new Mlp[] {layered, fused}) {
            String name = FusedPath.applies(mlp) ? "fused" : "layers";
            Workspace ws = new Workspace(mlp, ROWS);
            everyCase("Backprop.shard " + name, labels -> Backprop.shard(mlp, ws, x, labels, null, null, 0, ROWS,
                    ROWS, null, new double[1]));
            everyCase("Backprop.shard ordered " + name, labels -> Backprop.shard(mlp, ws, x, labels, null, order, 0,
                    ROWS, ROWS, null, new double[1]));
            everyCase("Backprop.lossAndGradient " + name, labels -> {
                ws.load(x, 2, labels, order, 0, ROWS);
                Backprop.lossAndGradient(mlp, ws, ROWS, ROWS, null);
            });
        }
    }

    @Test
    void theFusedKernelThroughKernels() {
        SmallMlpKernel kernel = Kernels.SMALL_MLP;
        assumeTrue(kernel != null, "the vector kernels are in use");
        Mlp mlp = Mlp.initialise(new int[] {2, 32, 3}, new ReLU(), 1);
        float[] x = values(ROWS * 2);
        float[] scratch = new float[kernel.scratchSize(2, 32, 3)];
        everyCase("SMALL_MLP", labels -> kernel.lossAndGradient(2, 32, 3, SmallMlpKernel.RELU, mlp.params(), 0, x,
                null, 0, ROWS, labels, ROWS, new float[mlp.params().length], 0, scratch, new int[1]));
    }

    @Test
    void theTrainerAndTheEvaluation() {
        Mlp mlp = Mlp.initialise(new int[] {2, 32, 3}, new ReLU(), 1);
        float[] x = values(ROWS * 2);
        everyCase("Trainer", labels -> new Trainer(mlp, x, labels, ROWS, TrainConfig.defaults()).close());
        everyCase("Evaluation", labels -> Evaluation.of(mlp, x, labels, ROWS));
    }
}
