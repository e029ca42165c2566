package org.simdnet.kernel;

import java.util.concurrent.ForkJoinPool;

/**
 * Single-precision matrix multiply, {@code C = alpha·op(A)·op(B) + beta·C}, over flat row-major
 * arrays: the public entry point. It checks every argument, settles the degenerate cases, and
 * hands the rest to the kernel {@link Kernels} chose at start-up.
 *
 * <p>Back-propagation through a dense layer with {@code W} stored {@code [out × in]} uses three
 * forms: forward {@code H = X·Wᵀ} ({@link #NO_TRANS}, {@link #TRANS}), input gradient
 * {@code dX = dH·W} (NN) and weight gradient {@code dW = dHᵀ·X} (TN).
 */
public final class Gemm {

    /** op(M) = M. */
    public static final boolean NO_TRANS = false;
    /** op(M) = Mᵀ. */
    public static final boolean TRANS = true;

    private Gemm() {
    }

    /** Single-threaded GEMM; see the class comment. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null);
    }

    /**
     * GEMM that may split a large product across {@code pool} (null: the calling thread only).
     * The result is bit-identical to the single-threaded call.
     *
     * @throws IllegalArgumentException on a negative size, an array too short for its shape, a
     *                                  leading dimension smaller than the row width, or C
     *                                  overlapping A or B
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc,
                             ForkJoinPool pool) {
        Checks.nonNegative("m", m);
        Checks.nonNegative("n", n);
        Checks.nonNegative("k", k);
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        // Constant names: a checked call that passes must not allocate (no string building).
        String aName = transA ? "A (transposed)" : "A";
        String bName = transB ? "B (transposed)" : "B";
        Checks.matrix(aName, a, aOff, aRows, aCols, lda);
        Checks.matrix(bName, b, bOff, bRows, bCols, ldb);
        Checks.matrix("C", c, cOff, m, n, ldc);
        long cExtent = Checks.extent(m, n, ldc);
        long aExtent = Checks.extent(aRows, aCols, lda);
        long bExtent = Checks.extent(bRows, bCols, ldb);
        if (c == a && overlaps(cOff, cExtent, aOff, aExtent)) {
            Checks.noOverlap("C (" + m + "×" + n + ")", c, cOff, cExtent,
                    aName + " (" + aRows + "×" + aCols + ")", a, aOff, aExtent);
        }
        if (c == b && overlaps(cOff, cExtent, bOff, bExtent)) {
            Checks.noOverlap("C (" + m + "×" + n + ")", c, cOff, cExtent,
                    bName + " (" + bRows + "×" + bCols + ")", b, bOff, bExtent);
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        Kernels.GEMM.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc, pool);
    }

    /**
     * Whether the GEMM in use sums every element of an {@code op(A)·op(B)} product of {@code n}
     * columns and depth {@code k} as one chain over ascending depth from zero: two such products
     * that compute the same elements give the same bits however their operands are stored, and
     * whether they compute C or its transpose (see {@link GemmKernel#sumsOneChainPerElement}).
     */
    public static boolean sumsOneChainPerElement(boolean transA, boolean transB, int n, int k) {
        return Kernels.GEMM.sumsOneChainPerElement(transA, transB, n, k);
    }

    private static boolean overlaps(int off1, long extent1, int off2, long extent2) {
        return extent1 > 0 && extent2 > 0 && off1 < off2 + extent2 && off2 < off1 + extent1;
    }

    /** C = beta·C, with beta == 0 writing zeros (BLAS: C is not read then). */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[row + j] = beta == 0f ? 0f : beta * c[row + j];
            }
        }
    }
}
