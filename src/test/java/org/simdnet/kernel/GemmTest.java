package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.simdnet.testing.KernelModes;

/** Fixed cases of the engine GEMM: the network's own shapes, splitting, and argument checks. */
class GemmTest {

    private static final ForkJoinPool TWO = new ForkJoinPool(2);
    private static final ForkJoinPool FOUR = new ForkJoinPool(4);

    @AfterAll
    static void shutdown() {
        TWO.shutdown();
        FOUR.shutdown();
    }

    /** Without this the whole suite could pass on the scalar fallback and prove nothing. */
    @Test
    void theTestJvmUsesTheVectorKernel() {
        KernelModes.assumeVectorKernelsWanted();
        assertTrue(Kernels.vectorized(), Kernels.DESCRIPTION);
        assertEquals(VectorGemm.class, Kernels.GEMM.getClass());
    }

    /** The shapes a 2 → 100 → 3 MLP uses on a batch of 64, forward and backward. */
    @ParameterizedTest(name = "{0}{1} m={2} n={3} k={4}")
    @CsvSource({
        "false, true, 64, 100, 2",     // H = X·W1ᵀ
        "false, true, 64, 3, 100",     // Z = H·W2ᵀ
        "false, false, 64, 100, 3",    // dH = dZ·W2
        "true, false, 3, 100, 64",     // dW2 = dZᵀ·H
        "true, false, 100, 2, 64",     // dW1 = dHᵀ·X
        "true, true, 37, 3, 50",       // column form with a transposed B
        "false, false, 40, 5, 9",      // row form, all columns in the scalar tail
        "false, true, 2, 300, 40",     // two rows: row form over a transposed copy of B
        "false, false, 1, 1, 1",
        "true, true, 1, 7, 3",
        "false, true, 5, 1, 300",
        "true, true, 131, 97, 263",    // blocked path, edges on every side, two KC slices
        "false, false, 257, 33, 520",  // three KC slices
    })
    void skinnyFatAndEdgeShapesMeetTheBound(boolean transA, boolean transB, int m, int n, int k) {
        for (long seed = 0; seed < 4; seed++) {
            GemmCase g = new GemmCase(seed, transA, transB, m, n, k, false);
            g.assertWithinBound(g.engine(null), seed % 2 == 0, "engine");
            // Below the default threshold: lowered to 0 so the pool really shares the product.
            assertArrayEquals(g.engine(null), g.engineWithThreshold(TWO, 0), "pool of 2: " + g);
        }
    }

    /** Products big enough to be split: rows (m ≥ n) and columns (n > m), several KC slices. */
    @ParameterizedTest(name = "{0}{1} m={2} n={3} k={4}")
    @CsvSource({
        "false, false, 300, 200, 300",
        "false, true, 97, 400, 260",
        "true, false, 211, 211, 211",
        "true, true, 160, 300, 600",
    })
    void largeSplitProductsAreBitIdenticalForAnyPoolSize(boolean transA, boolean transB, int m, int n, int k) {
        assertTrue(GemmParallel.worthSplitting(m, TWO) && (long) m * n * k >= VectorGemm.PARALLEL_VOLUME
                && !VectorGemm.isSmall(m, n, k), "the shape must actually split");
        GemmCase g = new GemmCase(42, transA, transB, m, n, k, false);
        float[] serial = g.engine(null);
        long threshold = VectorGemm.PARALLEL_VOLUME;
        assertArrayEquals(serial, g.engineWithThreshold(TWO, threshold), "2 threads");
        assertArrayEquals(serial, g.engineWithThreshold(FOUR, threshold), "4 threads");
        assertArrayEquals(serial, g.engineWithThreshold(ForkJoinPool.commonPool(), threshold), "common pool");
        g.assertWithinBound(serial, true, "engine");
    }

    /**
     * Wide products split by columns (whole NR-tile blocks, one per thread, A packed once for all):
     * n not a multiple of a tile, blocks of unequal width, all four transpositions; the same
     * bits as one thread, and the column split really ran for two threads.
     */
    @ParameterizedTest(name = "{0}{1} m={2} n={3} k={4}")
    @CsvSource({
        "false, false, 70, 301, 530",
        "false, true, 129, 517, 300",
        "true, false, 33, 450, 257",
        "true, true, 256, 1024, 300",
    })
    void wideProductsSplitByColumnsAreBitIdenticalForAnyPoolSize(boolean transA, boolean transB, int m, int n,
                                                                  int k) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Kernels.vectorized(), "the split is the vector GEMM's");
        assertTrue(GemmColumnSplit.suits(n, TWO), "the shape must split by columns on two threads");
        GemmCase g = new GemmCase(43, transA, transB, m, n, k, false);
        float[] serial = g.engine(null);
        long before = GemmColumnSplit.calls();
        assertArrayEquals(serial, g.engineWithThreshold(TWO, 0), "2 threads");
        assertEquals(1, GemmColumnSplit.calls() - before, "calls split by columns");
        assertArrayEquals(serial, g.engineWithThreshold(FOUR, 0), "4 threads");
        g.assertWithinBound(serial, true, "engine");
    }

    /**
     * Column splits share one packing of A, packed in chunks (a KC slice of 32 rows each) by all
     * claimers, or each claimer packs its own: m across MC blocks and with a part panel, one slice and several (the last one
     * short), all four transpositions; the same bits as one thread.
     */
    @ParameterizedTest(name = "{0}{1} m={2} n={3} k={4}")
    @CsvSource({
        "false, false, 37, 301, 256",
        "true, false, 200, 450, 100",
        "false, true, 129, 517, 7",
        "true, true, 256, 1024, 64",
        "false, false, 203, 300, 700",
        "true, true, 97, 130, 513",
    })
    void columnSplitsShareAPackedAAndKeepTheBits(boolean transA, boolean transB, int m, int n, int k) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Kernels.vectorized(), "the split is the vector GEMM's");
        assertTrue(GemmColumnSplit.suits(n, TWO) && GemmColumnSplit.sharesA(m, k), "the shape must share A");
        GemmCase g = new GemmCase(44, transA, transB, m, n, k, false);
        float[] serial = g.engine(null);
        // Either way of packing A (SharedPackingChoice races them): the same bits.
        for (int way : new int[] {SharedPackingChoice.SHARE, SharedPackingChoice.OWN}) {
            SharedPackingChoice before = SharedPackingChoice.swapEngine(new SharedPackingChoice(way));
            try {
                for (int round = 0; round < 5; round++) {
                    long calls = GemmColumnSplit.calls();
                    assertArrayEquals(serial, g.engineWithThreshold(TWO, 0), "2 threads, way " + way + ", round " + round);
                    assertEquals(1, GemmColumnSplit.calls() - calls, "calls split by columns");
                    assertArrayEquals(serial, g.engineWithThreshold(FOUR, 0), "4 threads, way " + way + ", round " + round);
                }
            } finally {
                SharedPackingChoice.swapEngine(before);
            }
        }
        g.assertWithinBound(serial, true, "engine");
    }

    /**
     * The race between the two ways of packing A counts only calls that ran on two threads: with
     * both of the pool's workers busy, every call runs on its caller alone (where sharing wins,
     * not being the two-thread answer), and no race decides.
     */
    @Test
    void thePackingRaceIgnoresCallsThatRanOnOneThread() throws InterruptedException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Kernels.vectorized(), "the split is the vector GEMM's");
        ForkJoinPool busy = new ForkJoinPool(2);
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < 2; i++) {
            busy.execute(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        started.await();
        SharedPackingChoice choice = new SharedPackingChoice(SharedPackingChoice.UNDECIDED);
        SharedPackingChoice before = SharedPackingChoice.swapEngine(choice);
        long volume = VectorGemm.parallelVolume(0);
        try {
            GemmCase g = new GemmCase(45, false, false, 128, 128, 128, false);
            assertTrue(GemmColumnSplit.suits(128, busy) && GemmColumnSplit.sharesA(128, 128), "a raced shape");
            float[] serial = g.engine(null);
            for (int i = 0; i < SharedPackingChoice.SETTLE + 2 * SharedPackingChoice.TRIALS; i++) {
                assertArrayEquals(serial, g.engine(busy), "call " + i);
            }
            assertEquals(SharedPackingChoice.UNDECIDED, choice.way(SharedPackingChoice.sizeClass(128L * 128)));
        } finally {
            VectorGemm.parallelVolume(volume);
            SharedPackingChoice.swapEngine(before);
            release.countDown();
            busy.shutdown();
        }
    }

    /** A pool worker calling GEMM on its own pool forks instead of queueing externally. */
    @Test
    void callsFromInsideThePoolGiveTheSameBits() {
        GemmCase g = new GemmCase(7, false, true, 256, 128, 200, false);
        float[] serial = g.engine(null);
        // 6.5 M multiply-adds, below the default threshold: lowered so the pool shares it.
        float[] inside = FOUR.submit(() -> g.engineWithThreshold(FOUR, 0)).join();
        assertArrayEquals(serial, inside);
        ForkJoinTask<float[]> nested = FOUR.submit(() -> FOUR.submit(() -> g.engineWithThreshold(FOUR, 0)).join());
        assertArrayEquals(serial, nested.join());
    }

    /**
     * Back-to-back shared products: the helper lingering after one call joins a following one
     * without being handed to the pool again, every call keeps the one-thread bits, and the
     * helper leaves once the calls stop (the pool goes quiet). Whether a given call is joined is
     * timing (a descheduled helper, cold code), so the calls go on until one is, for at most 10 s:
     * without the linger none ever is.
     */
    @Test
    void aLingeringHelperJoinsTheNextCallAndThenLeaves() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Kernels.vectorized(), "the split is the vector GEMM's");
        int n = 128;
        java.util.SplittableRandom r = new java.util.SplittableRandom(8);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
            b[i] = (float) r.nextDouble(-1, 1);
        }
        float[] serial = new float[n * n];
        Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, serial, 0, n);
        float[] shared = new float[n * n];
        long splits = GemmColumnSplit.calls();
        long joins = HelperTasks.lingerJoins();
        long deadline = System.nanoTime() + 10_000_000_000L;
        int calls = 0;
        while (HelperTasks.lingerJoins() == joins && System.nanoTime() < deadline) {
            java.util.Arrays.fill(shared, Float.NaN);
            Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, shared, 0, n, TWO);
            calls++;
            if (!java.util.Arrays.equals(serial, shared)) {
                assertArrayEquals(serial, shared, "call " + calls);
            }
        }
        assertTrue(HelperTasks.lingerJoins() > joins, "no call of " + calls + " was joined by a lingering helper");
        assertEquals(calls, GemmColumnSplit.calls() - splits, "calls split by columns at the default threshold");
        assertTrue(TWO.awaitQuiescence(10, java.util.concurrent.TimeUnit.SECONDS), "the lingering helper left");
    }

    /** Two threads sharing one pool each keep their own reusable tasks. */
    @Test
    void concurrentCallersOnOnePoolDoNotInterfere() throws Exception {
        GemmCase g1 = new GemmCase(1, false, false, 200, 150, 180, false);
        GemmCase g2 = new GemmCase(2, true, false, 150, 220, 170, false);
        float[] want1 = g1.engine(null);
        float[] want2 = g2.engine(null);
        float[][] got = new float[2][];
        // Both products are below the default threshold: lower it so every call is shared.
        long previous = VectorGemm.parallelVolume(0);
        long before = GemmParallel.calls();
        try {
            Thread other = new Thread(() -> {
                for (int r = 0; r < 5; r++) {
                    got[1] = g2.engine(TWO);
                }
            });
            other.start();
            for (int r = 0; r < 5; r++) {
                got[0] = g1.engine(TWO);
            }
            other.join();
        } finally {
            VectorGemm.parallelVolume(previous);
        }
        assertEquals(g1.splits(TWO, 0) ? 10 : 0, GemmParallel.calls() - before, "calls on the parallel path");
        assertArrayEquals(want1, got[0]);
        assertArrayEquals(want2, got[1]);
    }

    @Test
    void betaZeroIgnoresNaNInCAndBetaOneAccumulates() {
        float[] a = {1, 2, 3, 4};          // 2×2
        float[] b = {5, 6, 7, 8};          // 2×2
        float[] c = {Float.NaN, Float.NaN, Float.POSITIVE_INFINITY, Float.NaN};
        Gemm.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {19, 22, 43, 50}, c);
        Gemm.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 1f, c, 0, 2);
        assertArrayEquals(new float[] {38, 44, 86, 100}, c);
        Gemm.sgemm(true, true, 2, 2, 2, 0.5f, a, 0, 2, b, 0, 2, -1f, c, 0, 2);
        // Aᵀ·Bᵀ = (B·A)ᵀ = [[23, 31], [34, 46]]
        assertArrayEquals(new float[] {-38 + 11.5f, -44 + 15.5f, -86 + 17f, -100 + 23f}, c);
    }

    @Test
    void zeroSizesAndZeroAlphaOnlyScaleC() {
        float[] c = {1, 2, 3, 4};
        Gemm.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[2], 0, 2, 2f, c, 0, 2);
        assertArrayEquals(new float[] {2, 4, 6, 8}, c);
        Gemm.sgemm(false, false, 2, 2, 1, 0f, new float[2], 0, 1, new float[2], 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[4], c);
    }

    @Test
    void rejectsNegativeSizes() {
        float[] x = new float[16];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, -1, 2, 2, 1f, x, 0, 2, x.clone(), 0, 2, 0f, new float[4], 0, 2));
        assertTrue(e.getMessage().contains("m must be >= 0, got -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 2, -3, 1f, x, 0, 2, x.clone(), 0, 2, 0f, new float[4], 0, 2));
        assertTrue(e.getMessage().contains("k must be >= 0, got -3"), e.getMessage());
    }

    @Test
    void rejectsArraysTooShortNamingTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 3, 4, 5, 1f, new float[14], 0, 5, new float[20], 0, 4,
                        0f, new float[12], 0, 4));
        assertTrue(e.getMessage().startsWith("A is 3×5") && e.getMessage().contains("needs 15"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, true, 3, 4, 5, 1f, new float[15], 0, 5, new float[20], 1, 5,
                        0f, new float[12], 0, 4));
        assertTrue(e.getMessage().startsWith("B (transposed) is 4×5") && e.getMessage().contains("offset 1"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 3, 4, 5, 1f, new float[15], 0, 5, new float[20], 0, 4,
                        0f, new float[11], 0, 4));
        assertTrue(e.getMessage().startsWith("C is 3×4"), e.getMessage());
    }

    @Test
    void rejectsLeadingDimensionsSmallerThanTheRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(true, false, 3, 4, 5, 1f, new float[15], 0, 2, new float[20], 0, 4,
                        0f, new float[12], 0, 4));
        assertTrue(e.getMessage().contains("A (transposed) is 5×3 but its leading dimension is 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 3, 4, 5, 1f, new float[15], 0, 5, new float[20], 0, 4,
                        0f, new float[12], 0, 3));
        assertTrue(e.getMessage().contains("C is 3×4 but its leading dimension is 3"), e.getMessage());
    }

    @Test
    void rejectsCOverlappingAOrB() {
        float[] shared = new float[64];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 2, 1f, shared, 0, 2, new float[4], 0, 2, 0f, shared, 2, 2));
        assertTrue(e.getMessage().contains("C (2×2) overlaps A (2×2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, true, 2, 3, 2, 1f, new float[4], 0, 2, shared, 4, 2, 0f, shared, 0, 3));
        assertTrue(e.getMessage().contains("C (2×3) overlaps B (transposed) (3×2)"), e.getMessage());
        // Disjoint windows of one array are fine.
        Gemm.sgemm(false, false, 2, 2, 2, 1f, shared, 0, 2, shared, 4, 2, 0f, shared, 8, 2);
    }
}
