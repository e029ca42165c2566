package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import jdk.incubator.vector.FloatVector;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The GEMM's paths are chosen by shape, and a shape near a threshold could go either way in a
 * later version: on random (non-integer) floats, where any change of summation order shows, the
 * unpacked paths ({@link GemmSmall}: row blocks, narrow and column forms) must give the same
 * bits as the packed one ({@link GemmBlocked}) whenever the depth fits one packed slice; the dot
 * form ({@link GemmDot}) must sum each element as {@link Lanes#sum} of its lane partials, then
 * its tail, the order simdnet 0.1's model files recorded their predictions with.
 */
class GemmPathsAgreeProperties {

    @Provide
    Arbitrary<Integer> size() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, 140)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(1, 3, 4, 5, 10, 15, 16, 17, 31, 32, 33, 63, 64, 65, 128)));
    }

    @Provide
    Arbitrary<Integer> depth() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, GemmBlocking.KC)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(1, 10, 16, 32, 64, 65, 128, GemmBlocking.KC)));
    }

    @Property(tries = 150)
    void unpackedEqualsPackedWithinOneSlice(@ForAll("size") int m, @ForAll("size") int n, @ForAll("depth") int k,
                                            @ForAll boolean transA, @ForAll boolean transB, @ForAll long seed) {
        // The dot form keeps its own order (simdnet 0.1's); the property below covers it.
        Assume.that(!isDotForm(transA, transB, n, k));
        GemmCase g = new GemmCase(seed, transA, transB, m, n, k, false);
        float[] unpacked = g.c0.clone();
        GemmSmall.run(transA, transB, m, n, k, g.alpha, g.a, g.aOff, g.lda, g.b, g.bOff, g.ldb, g.beta,
                unpacked, g.cOff, g.ldc, GemmWorkspace.get());
        float[] packed = g.c0.clone();
        GemmBlocked.run(transA, transB, 0, m, 0, n, k, g.alpha, g.a, g.aOff, g.lda, g.b, g.bOff, g.ldb, g.beta,
                packed, g.cOff, g.ldc, GemmWorkspace.get());
        assertArrayEquals(packed, unpacked, g.toString());
    }

    /**
     * The two register tiles (8 rows where vectors hold 16 floats, 4 below) give the same bits on
     * the rows they share, so a product does not depend on which one the machine uses.
     */
    @Property(tries = 100)
    void theTwoRegisterTilesAgree(@ForAll("depth") int kc, @ForAll boolean zeroBeta, @ForAll long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        int nr = GemmBlocking.NR;
        int eight = GemmMicroKernel.ROWS, four = GemmMicroKernel4.ROWS;
        float[] a8 = new float[kc * eight], a4 = new float[kc * four], bp = new float[kc * nr];
        for (int p = 0; p < kc; p++) {
            for (int i = 0; i < eight; i++) {
                float v = (float) random.nextGaussian();
                a8[p * eight + i] = v;
                if (i < four) {
                    a4[p * four + i] = v;
                }
            }
        }
        for (int i = 0; i < bp.length; i++) {
            bp[i] = (float) random.nextGaussian();
        }
        float alpha = (float) random.nextDouble(-2, 2), beta = zeroBeta ? 0f : (float) random.nextDouble(-2, 2);
        int ldc = nr + 3, ci = 2;
        float[] c8 = new float[ci + eight * ldc];
        for (int i = 0; i < c8.length; i++) {
            c8[i] = (float) random.nextGaussian();
        }
        float[] c4 = c8.clone(), before = c8.clone();
        GemmMicroKernel.tile(kc, a8, 0, bp, 0, alpha, beta, c8, ci, ldc);
        GemmMicroKernel4.tile(kc, a4, 0, bp, 0, alpha, beta, c4, ci, ldc);
        int shared = ci + four * ldc;
        assertArrayEquals(java.util.Arrays.copyOf(c8, shared), java.util.Arrays.copyOf(c4, shared), "kc " + kc);
        assertArrayEquals(java.util.Arrays.copyOfRange(before, shared, c4.length),
                java.util.Arrays.copyOfRange(c4, shared, c4.length), "the 4-row tile wrote past its rows");
    }

    @Provide
    Arbitrary<Integer> anyDepth() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, GemmBlocking.KC)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(GemmBlocking.KC + 1, 2 * GemmBlocking.KC + 9)));
    }

    /**
     * What {@link VectorGemm#sumsOneChainPerElement} promises: where it holds for both C = op(A)·op(B)
     * and Cᵀ = op(B)ᵀ·op(A)ᵀ (the same arrays read the other way), the two agree bit for bit, so
     * a layer may store its weights transposed. (Fails where the predicate admits the dot form or
     * a depth beyond one packed slice.)
     */
    @Property(tries = 200)
    void aProductAndItsTransposeAgreeWhereEachElementIsOneChain(@ForAll("size") int m, @ForAll("size") int n,
                                                                @ForAll("anyDepth") int k, @ForAll boolean transA,
                                                                @ForAll boolean transB, @ForAll long seed) {
        VectorGemm gemm = new VectorGemm();
        Assume.that(gemm.sumsOneChainPerElement(transA, transB, n, k)
                && gemm.sumsOneChainPerElement(!transB, !transA, m, k));
        GemmCase g = new GemmCase(seed, transA, transB, m, n, k, false);
        float[] c = new float[m * n];
        gemm.gemm(transA, transB, m, n, k, g.alpha, g.a, g.aOff, g.lda, g.b, g.bOff, g.ldb, 0f, c, 0, n, null);
        float[] ct = new float[n * m];
        gemm.gemm(!transB, !transA, n, m, k, g.alpha, g.b, g.bOff, g.ldb, g.a, g.aOff, g.lda, 0f, ct, 0, m, null);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                if (Float.floatToIntBits(c[i * n + j]) != Float.floatToIntBits(ct[j * m + i])) {
                    throw new AssertionError("C[" + i + "][" + j + "] = " + c[i * n + j] + " but Cᵀ[" + j + "][" + i
                            + "] = " + ct[j * m + i] + " for " + g);
                }
            }
        }
    }

    /** The same with fewer columns than a vector (the narrow and column forms), where the padding lives. */
    @Property(tries = 100)
    void narrowEqualsPackedWithinOneSlice(@ForAll("size") int m, @ForAll("size") int n, @ForAll("depth") int k,
                                          @ForAll boolean transA, @ForAll boolean transB, @ForAll long seed) {
        unpackedEqualsPackedWithinOneSlice(m, 1 + n % (GemmBlocking.VL - 1), k, transA, transB, seed);
    }

    /** The same between one and two vectors of columns (the narrow form's six-row, two-vector block). */
    @Property(tries = 100)
    void narrowPairEqualsPackedWithinOneSlice(@ForAll("size") int m, @ForAll("size") int n, @ForAll("depth") int k,
                                              @ForAll boolean transA, @ForAll boolean transB, @ForAll long seed) {
        int vl = GemmBlocking.VL;
        unpackedEqualsPackedWithinOneSlice(m, vl + 1 + n % (vl - 1), k, transA, transB, seed);
    }

    private static boolean isDotForm(boolean transA, boolean transB, int n, int k) {
        return GemmSmall.isDotForm(transA, transB, n, k);
    }

    @Property(tries = 100)
    void dotFormSumsEachElementInTheLanesOrder(@ForAll("size") int m, @ForAll("size") int n, @ForAll("depth") int k,
                                               @ForAll long seed) {
        n = 1 + n % (GemmBlocking.VL - 1);
        k = Math.max(k, GemmBlocking.VL);
        GemmCase g = new GemmCase(seed, false, true, m, n, k, false);
        float[] engine = g.c0.clone();
        GemmSmall.run(false, true, m, n, k, g.alpha, g.a, g.aOff, g.lda, g.b, g.bOff, g.ldb, g.beta,
                engine, g.cOff, g.ldc, GemmWorkspace.get());
        float[] expected = g.c0.clone();
        int vl = GemmBlocking.VL;
        float[] lanes = new float[vl];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                java.util.Arrays.fill(lanes, 0f);
                int p = 0;
                for (; p + vl <= k; p += vl) {
                    for (int l = 0; l < vl; l++) {
                        lanes[l] = Math.fma(g.opA(i, p + l), g.opB(p + l, j), lanes[l]);
                    }
                }
                float sum = Lanes.sum(FloatVector.fromArray(GemmBlocking.SPECIES, lanes, 0));
                for (; p < k; p++) {
                    sum = Math.fma(g.opA(i, p), g.opB(p, j), sum);
                }
                int at = g.cOff + i * g.ldc + j;
                float scaled = g.alpha * sum;
                expected[at] = g.beta == 0f ? scaled : Math.fma(expected[at], g.beta, scaled);
            }
        }
        assertArrayEquals(expected, engine, g.toString());
    }
}
