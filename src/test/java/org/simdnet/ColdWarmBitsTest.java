package org.simdnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.simdnet.data.Spiral;
import org.simdnet.kernel.KernelWarmUp;
import org.simdnet.kernel.Kernels;
import org.simdnet.optim.OptimizerSpec;

/**
 * Results do not depend on when the engine switched from the scalar twins to the vector kernels
 * (issue 9): a model trained with the switch forced at different steps has the same bytes, and a
 * prediction has the same bits on the first call (scalar) as after warm-up (vector), single and
 * batch, for the lecture's ReLU net and for a 2-37-5 tanh net (whose single-sample path sums
 * lanes, which the JDK's own lane reduction did in a different order before and after C2).
 * Each check also passes trivially on a scalar engine or with warm-up off, where nothing switches.
 */
class ColdWarmBitsTest {

    private static final org.simdnet.data.Dataset SPIRAL = Spiral.generate(3, 300, 0.2, 5);

    @AfterEach
    void backToVector() {
        KernelWarmUp.forceVector(true);
    }

    /** Trains 12 epochs with the kernels on the scalar twins until epoch {@code switchAt} (0: vector throughout). */
    private static byte[] trainSwitchingAt(int switchAt, OptimizerSpec optimizer, int batch) {
        KernelWarmUp.forceVector(switchAt == 0);
        Model model = Model.builder(2).dense(100).relu().dense(3).build(7);
        model.train(SPIRAL.x(), SPIRAL.labels(), SPIRAL.size(),
                TrainingConfig.defaults().withEpochs(12).withBatchSize(batch).withThreads(2).withOptimizer(optimizer),
                (epoch, epochs, loss, accuracy) -> {
                    if (epoch == switchAt) {
                        KernelWarmUp.forceVector(true);
                    }
                    return true;
                });
        return model.toBytes();
    }

    @Test
    void modelBytesDoNotDependOnWhenTheKernelsSwitched() {
        for (int batch : new int[] {0, 128}) {
            for (OptimizerSpec optimizer : new OptimizerSpec[] {OptimizerSpec.adam(1e-2f),
                    OptimizerSpec.sgd(1e-1f, 0.9f, 0f, 1e-4f, true), OptimizerSpec.adamW(1e-2f, 1e-2f)}) {
                byte[] vector = trainSwitchingAt(0, optimizer, batch);
                for (int at : new int[] {1, 5, 11, 13}) {           // 13: never within the 12 epochs
                    assertArrayEquals(vector, trainSwitchingAt(at, optimizer, batch),
                            "switch after epoch " + at + ", " + optimizer + ", batch " + batch);
                }
            }
        }
    }

    @Test
    void predictionsHaveTheSameBitsColdAndWarm() {
        Model relu = Model.builder(2).dense(100).relu().dense(3).build(11);
        relu.train(SPIRAL.x(), SPIRAL.labels(), SPIRAL.size(),
                TrainingConfig.defaults().withEpochs(30).withOptimizer(OptimizerSpec.adam(1e-2f)), TrainingListener.NONE);
        Model tanh = Model.builder(2).dense(37).tanh().dense(5).build(12);
        for (Model model : new Model[] {relu, tanh}) {
            int outputs = model.predictor().outputs();
            SplittableRandom random = new SplittableRandom(3);
            int rows = 20_000;
            float[] x = new float[rows * 2];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (4 * random.nextDouble() - 2);
            }
            KernelWarmUp.forceVector(false);
            Predictor cold = model.predictor();
            float[] coldSingle = single(cold, x, rows, outputs);
            float[] coldBatch = new float[rows * outputs];
            int[] coldClasses = new int[rows];
            cold.predictBatch(x, rows, coldBatch, coldClasses);

            KernelWarmUp.forceVector(true);
            Predictor warm = model.predictor();
            // many calls first, so that C2 has compiled what the warm calls run
            for (int round = 0; round < 5; round++) {
                single(warm, x, rows, outputs);
            }
            assertBitsEqual(coldSingle, single(warm, x, rows, outputs), model + " single");
            float[] warmBatch = new float[rows * outputs];
            int[] warmClasses = new int[rows];
            warm.predictBatch(x, rows, warmBatch, warmClasses);
            assertBitsEqual(coldBatch, warmBatch, model + " batch");
            assertArrayEquals(coldClasses, warmClasses);
        }
    }

    @Test
    void warmUpSwitchesToTheVectorKernels() {
        KernelWarmUp.resume();
        Model model = Model.builder(2).dense(20).relu().dense(3).build(13);
        Predictor predictor = model.predictor();
        float[] out = new float[3];
        predictor.predict(new float[] {0.5f, -0.5f}, out);
        assertTrue(predictor.warmUp(Duration.ofSeconds(120)), "warm-up did not finish");
        if (Kernels.vectorized() && Kernels.WARMUP_ENABLED && Kernels.SMALL_MLP != null) {
            assertTrue(KernelWarmUp.inferenceVector(), "still on the scalar twins after warm-up");
        }
        assertEquals(1.0, out[0] + out[1] + out[2], 1e-5);
    }

    private static float[] single(Predictor p, float[] x, int rows, int outputs) {
        float[] all = new float[rows * outputs];
        float[] one = new float[outputs];
        float[] sample = new float[2];
        for (int r = 0; r < rows; r++) {
            sample[0] = x[2 * r];
            sample[1] = x[2 * r + 1];
            p.predict(sample, one);
            System.arraycopy(one, 0, all, r * outputs, outputs);
        }
        return all;
    }

    private static void assertBitsEqual(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + ": element " + i + " is " + expected[i] + " cold and " + actual[i] + " warm");
            }
        }
    }
}
