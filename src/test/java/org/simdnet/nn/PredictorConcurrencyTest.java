package org.simdnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.simdnet.layer.Dense;
import org.simdnet.layer.GELU;
import org.simdnet.layer.LeakyReLU;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.SoftmaxCrossEntropy;
import org.simdnet.layer.Tanh;

/**
 * One {@link Predictor} shared by many threads at once gives, bit for bit, what it gives one
 * thread: every thread keeps its own scratch, and nothing a call writes is shared. Checked for
 * {@code predict} and {@code predictBatch} (batches below and above the 256-row chunk), on the
 * fused kernel's net and on a layer-by-layer net, with 16 platform threads and, where the JDK has
 * them (21+), 1000 virtual threads.
 */
class PredictorConcurrencyTest {

    private static final int SAMPLES = 64;
    private static final int[] BATCH_ROWS = {1, 7, 300};

    /** The lecture's net, which the fused small-MLP kernel serves when it is on. */
    private static Mlp fused() {
        return Mlp.initialise(new int[] {2, 100, 3}, new ReLU(), 21);
    }

    /** Twelve inputs and mixed activations: the layer-by-layer path (GEMM, matrix-vector). */
    private static Mlp layered() {
        return Mlp.initialise(12, List.of(new Dense(12, 32), new Tanh(), new Dense(32, 24), new GELU(),
                new Dense(24, 16), new LeakyReLU(0.05f), new Dense(16, 5)), new SoftmaxCrossEntropy(), 22);
    }

    @Test
    void theTwoNetsTakeTheTwoPaths() {
        assertFalse(FusedPath.applies(layered()));
        assumeTrue(FusedPath.KERNEL != null, "fused kernel off (scalar kernels or -Dsimdnet.fused=false)");
        assertEquals(true, FusedPath.applies(fused()));
    }

    @Test
    void platformThreadsGetTheOneThreadBitsOnTheFusedNet() throws Exception {
        hammer(fused(), Executors.newFixedThreadPool(16), 16, 10);
    }

    @Test
    void platformThreadsGetTheOneThreadBitsOnTheLayeredNet() throws Exception {
        hammer(layered(), Executors.newFixedThreadPool(16), 16, 4);
    }

    @Test
    void virtualThreadsGetTheOneThreadBitsOnTheFusedNet() throws Exception {
        hammer(fused(), virtualThreadExecutor(), 1000, 2);
    }

    @Test
    void virtualThreadsGetTheOneThreadBitsOnTheLayeredNet() throws Exception {
        hammer(layered(), virtualThreadExecutor(), 1000, 1);
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()} by reflection (this compiles for 17); skips before 21. */
    private static ExecutorService virtualThreadExecutor() throws ReflectiveOperationException {
        Method factory;
        try {
            factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            assumeTrue(false, "no virtual threads on Java " + Runtime.version().feature());
            throw e;
        }
        return (ExecutorService) factory.invoke(null);
    }

    /**
     * {@code tasks} tasks on {@code executor}, released together, each predicting every sample
     * and every batch {@code rounds} times (starting at a different sample) and comparing bits with
     * what this thread got first.
     */
    private static void hammer(Mlp model, ExecutorService executor, int tasks, int rounds) throws Exception {
        Predictor predictor = new Predictor(model);
        int in = predictor.inputs(), out = predictor.outputs();
        SplittableRandom random = new SplittableRandom(model.inputs());
        float[][] samples = new float[SAMPLES][in];
        for (float[] s : samples) {
            for (int i = 0; i < in; i++) {
                s[i] = (float) random.nextDouble(-1.5, 1.5);
            }
        }
        float[][] batches = new float[BATCH_ROWS.length][];
        for (int b = 0; b < batches.length; b++) {
            batches[b] = new float[BATCH_ROWS[b] * in];
            for (int i = 0; i < batches[b].length; i++) {
                batches[b][i] = (float) random.nextDouble(-1.5, 1.5);
            }
        }

        // One thread's answers.
        float[][] wantOne = new float[SAMPLES][out];
        int[] wantLabel = new int[SAMPLES];
        for (int s = 0; s < SAMPLES; s++) {
            wantLabel[s] = predictor.predict(samples[s], wantOne[s]);
        }
        float[][] wantBatch = new float[BATCH_ROWS.length][];
        int[][] wantBatchLabels = new int[BATCH_ROWS.length][];
        for (int b = 0; b < batches.length; b++) {
            wantBatch[b] = new float[BATCH_ROWS[b] * out];
            wantBatchLabels[b] = new int[BATCH_ROWS[b]];
            predictor.predictBatch(batches[b], BATCH_ROWS[b], wantBatch[b], wantBatchLabels[b]);
        }

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < tasks; t++) {
                int first = t % SAMPLES;
                Callable<Integer> task = () -> {
                    start.await();
                    float[] probabilities = new float[out];
                    float[][] batchOut = new float[BATCH_ROWS.length][];
                    int[][] batchLabels = new int[BATCH_ROWS.length][];
                    for (int b = 0; b < BATCH_ROWS.length; b++) {
                        batchOut[b] = new float[BATCH_ROWS[b] * out];
                        batchLabels[b] = new int[BATCH_ROWS[b]];
                    }
                    int calls = 0;
                    for (int r = 0; r < rounds; r++) {
                        for (int i = 0; i < SAMPLES; i++) {
                            int s = (first + i) % SAMPLES;
                            int label = predictor.predict(samples[s], probabilities);
                            sameBits(wantOne[s], probabilities, "predict, sample " + s);
                            assertEquals(wantLabel[s], label, "predict label, sample " + s);
                            calls++;
                            if (i % 16 == 0) {
                                int b = (first + i / 16) % BATCH_ROWS.length;
                                predictor.predictBatch(batches[b], BATCH_ROWS[b], batchOut[b], batchLabels[b]);
                                sameBits(wantBatch[b], batchOut[b], "predictBatch of " + BATCH_ROWS[b] + " rows");
                                for (int row = 0; row < BATCH_ROWS[b]; row++) {
                                    assertEquals(wantBatchLabels[b][row], batchLabels[b][row], "batch label " + row);
                                }
                                calls++;
                            }
                        }
                    }
                    return calls;
                };
                futures.add(executor.submit(task));
            }
            start.countDown();
            long calls = 0;
            for (Future<Integer> f : futures) {
                calls += f.get(2, TimeUnit.MINUTES);    // rethrows a thread's assertion failure
            }
            assertEquals((long) tasks * rounds * (SAMPLES + SAMPLES / 16), calls);
        } finally {
            executor.shutdownNow();
            executor.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private static void sameBits(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                throw new AssertionError(what + ", output " + i + ": " + got[i] + " where one thread got " + want[i]);
            }
        }
    }
}
