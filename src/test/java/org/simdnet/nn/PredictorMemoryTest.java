package org.simdnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.simdnet.layer.Dense;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.SoftmaxCrossEntropy;
import org.simdnet.layer.Tanh;

/**
 * A predictor's scratch memory is bounded by its pools, not by the threads that call it: 10,000
 * virtual threads (on JDKs that have them; 400 platform threads otherwise) each calling one
 * predictor leave at most the pools' slots behind, and every result equals one thread's bits.
 */
class PredictorMemoryTest {

    @Test
    void manyThreadsKeepBoundedScratchAndGetTheSameBits() throws Exception {
        Mlp mlp = Mlp.initialise(12, List.of(new Dense(12, 256), new ReLU(), new Dense(256, 256), new Tanh(),
                new Dense(256, 5)), new SoftmaxCrossEntropy(), 3);
        Predictor predictor = new Predictor(mlp);
        int rows = 300;
        float[] x = new float[rows * 12];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        // One thread's answers, for the very calls the threads make (single rows and 3-row batches).
        float[][] expectedOne = new float[rows][5];
        int[] expectedClasses = new int[rows];
        float[][] expectedBatch = new float[rows][15];
        for (int row = 0; row < rows; row++) {
            expectedClasses[row] = predictor.predict(java.util.Arrays.copyOfRange(x, row * 12, row * 12 + 12),
                    expectedOne[row]);
            int from = Math.min(row, rows - 3);
            predictor.predictBatch(java.util.Arrays.copyOfRange(x, from * 12, from * 12 + 36), 3, expectedBatch[row],
                    new int[3]);
        }

        ExecutorService executor = virtualThreads();
        int tasks = executor != null ? 10_000 : 400;
        if (executor == null) {
            executor = Executors.newFixedThreadPool(400);
        }
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < tasks; t++) {
                int row = t % rows;
                futures.add(executor.submit(() -> {
                    float[] out = new float[5];
                    float[] batch = new float[3 * 5];
                    int[] classes = new int[3];
                    float[] sample = java.util.Arrays.copyOfRange(x, row * 12, row * 12 + 12);
                    int c = predictor.predict(sample, out);
                    assertArrayEquals(expectedOne[row], out);
                    assertEquals(expectedClasses[row], c);
                    int from = Math.min(row, rows - 3);
                    predictor.predictBatch(java.util.Arrays.copyOfRange(x, from * 12, from * 12 + 36), 3, batch, classes);
                    assertArrayEquals(expectedBatch[row], batch);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            executor.shutdown();
        }
        assertTrue(predictor.keptScratch() <= predictor.maxKeptScratch(),
                predictor.keptScratch() + " scratch buffers kept, at most " + predictor.maxKeptScratch());
        assertTrue(predictor.maxKeptScratch() <= 4 * 2 * Runtime.getRuntime().availableProcessors());
    }

    /** Executors.newVirtualThreadPerTaskExecutor() on JDK 21+, else null (the build targets 17). */
    static ExecutorService virtualThreads() {
        try {
            Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) m.invoke(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
