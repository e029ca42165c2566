package org.simdnet.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Optimizer#step(float[], float[], float, ForkJoinPool)}: a step shared with a pool gives
 * the one-thread step's bits, step after step (the moments included, since later steps read
 * them), for sizes whose chunks end inside a vector and with a short last chunk.
 */
class SharedStepTest {

    /** Three chunks of the split (65,536 elements each), the last one short and not a whole vector. */
    private static final int N = 2 * 65_536 + 13;

    private static ForkJoinPool pool;

    @BeforeAll
    static void startPool() {
        pool = new ForkJoinPool(2);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdown();
    }

    @Test
    void sharedStepsHaveTheOneThreadBits() {
        List<OptimizerSpec> specs = List.of(OptimizerSpec.adam(1e-3f, 1e-4f), OptimizerSpec.adamW(1e-3f, 0.01f),
                OptimizerSpec.sgd(0.01f, 0f, 1e-4f), OptimizerSpec.sgd(0.01f, 0.9f, 0.1f, 1e-4f, false),
                OptimizerSpec.sgd(0.01f, 0.9f, 0f, 0f, true));
        for (OptimizerSpec spec : specs) {
            for (int n : new int[] {N, 3 * 65_536, 1003}) {
                SplittableRandom rnd = new SplittableRandom(n);
                float[] alone = TorchReference.random(rnd, n);
                float[] shared = alone.clone();
                Optimizer one = spec.create(n);
                Optimizer two = spec.create(n);
                for (int step = 0; step < 4; step++) {
                    float[] g = TorchReference.random(rnd, n);
                    one.step(alone, g, 1e-2f);
                    two.step(shared, g, 1e-2f, pool);
                    assertBitsEqual(alone, shared, spec + ", n = " + n + ", step " + (step + 1));
                }
                assertEquals(4, two.steps());
            }
        }
    }

    @Test
    void aSharedStepChecksItsArgumentsFirst() {
        Optimizer opt = OptimizerSpec.adam(1e-3f).create(N);
        float[] w = new float[N];
        assertThrows(IllegalArgumentException.class, () -> opt.step(w, new float[N - 1], 1e-3f, pool));
        assertThrows(IllegalArgumentException.class, () -> opt.step(w, w, 1e-3f, pool));
        assertEquals(0, opt.steps());
    }

    private static void assertBitsEqual(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                assertEquals(expected[i], actual[i], what + ": element " + i + " differs");
                throw new AssertionError(what + ": element " + i + " differs in its bits");
            }
        }
    }
}
