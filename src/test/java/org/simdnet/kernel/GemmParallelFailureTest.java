package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.Test;

/**
 * A block of a shared GEMM that fails, or a chunk of its shared packing of A: the exception
 * reaches the caller as itself, the call ends, and the next call works.
 */
class GemmParallelFailureTest {

    @Test
    void aBlocksExceptionArrivesAsItself() {
        int m = 256, n = 64, k = 64;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = i % 7 - 3;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = i % 5 - 2;
        }
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                float[] tooShort = new float[m * n - 1000];     // the last row blocks write past its end
                assertThrows(IndexOutOfBoundsException.class, () -> GemmParallel.run(false, false, m, n, k, 1f,
                        a, 0, k, b, 0, n, 0f, tooShort, 0, n, pool), "round " + round);
            }
            // A too short for the shared packing of A (one KC slice): a packing chunk fails.
            float[] shortA = new float[m * k - 1000];
            for (int round = 0; round < 20; round++) {
                assertThrows(IndexOutOfBoundsException.class, () -> GemmParallel.run(false, false, m, n, k, 1f,
                        shortA, 0, k, b, 0, n, 0f, new float[m * n], 0, n, pool), "shared A, round " + round);
            }
            float[] c = new float[m * n];
            float[] expected = new float[m * n];
            GemmParallel.run(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n, pool);
            new ScalarGemm().gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, expected, 0, n, null);
            assertArrayEquals(expected, c, "the next call after the failures");
        } finally {
            pool.shutdown();
        }
    }
}
