package org.simdnet.kernel;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * One randomly filled GEMM problem (shapes, transposes, offsets, padded leading dimensions,
 * alpha, beta, initial C) and the ways the tests evaluate it.
 *
 * <p>Error bound used against the double-precision oracle (Commons Math): every element of C is
 * a float sum of k products scaled by alpha and merged with beta·C. Each product, each of the
 * k additions, the alpha scaling and the beta merge round at most once with unit roundoff
 * {@code u = 2^-24}, so (Higham, Accuracy and Stability, §3.1)
 *
 * <pre>
 *   |C_float − C_exact| ≤ γ(k+3) · ( |alpha|·Σ_p |op(A)_ip|·|op(B)_pj| + |beta·C_ij| )
 *   γ(n) = n·u / (1 − n·u)
 * </pre>
 *
 * Two float results that both obey the bound differ by at most twice it. The tests use exactly
 * this bound (no fudge factor), plus {@code Float.MIN_NORMAL} for underflow.
 */
final class GemmCase {

    static final double U = Math.ulp(1.0f) / 2; // 2^-24

    final boolean transA, transB;
    final int m, n, k;
    final float alpha, beta;
    final float[] a, b, c0;
    final int aOff, lda, bOff, ldb, cOff, ldc;

    GemmCase(long seed, boolean transA, boolean transB, int m, int n, int k, boolean integers) {
        SplittableRandom r = new SplittableRandom(seed);
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        aOff = r.nextInt(4);
        bOff = r.nextInt(4);
        cOff = r.nextInt(4);
        lda = aCols + (r.nextBoolean() ? 0 : r.nextInt(1, 5));
        ldb = bCols + (r.nextBoolean() ? 0 : r.nextInt(1, 5));
        ldc = n + (r.nextBoolean() ? 0 : r.nextInt(1, 5));
        a = fill(r, aOff + (aRows - 1) * lda + aCols + r.nextInt(3), integers);
        b = fill(r, bOff + (bRows - 1) * ldb + bCols + r.nextInt(3), integers);
        c0 = fill(r, cOff + (m - 1) * ldc + n + r.nextInt(3), integers);
        switch (r.nextInt(4)) {
            case 0:
                alpha = 1f;
                beta = 0f;
                break;
            case 1:
                alpha = integers ? 2f : (float) r.nextDouble(-2, 2);
                beta = 0f;
                break;
            case 2:
                alpha = 1f;
                beta = 1f;
                break;
            default:
                alpha = integers ? -1f : (float) r.nextDouble(-2, 2);
                beta = integers ? 3f : (float) r.nextDouble(-2, 2);
        }
        if (beta == 0f) {
            // BLAS: with beta = 0, C is output only; poison it to prove it is never read.
            for (int i = 0; i < m; i++) {
                Arrays.fill(c0, cOff + i * ldc, cOff + i * ldc + n, Float.NaN);
            }
        }
    }

    private static float[] fill(SplittableRandom r, int length, boolean integers) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = integers ? r.nextInt(-8, 9) : (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    float opA(int i, int p) {
        return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    float opB(int p, int j) {
        return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /** Runs the engine's GEMM through the public facade on a copy of C. */
    float[] engine(ForkJoinPool pool) {
        float[] c = c0.clone();
        Gemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, pool);
        return c;
    }

    /**
     * {@link #engine} with the parallel threshold set to {@code threshold} multiply-adds for the
     * call, checking that the parallel path ran exactly when the shape should take it (so a pool
     * comparison cannot pass by never reaching {@link GemmParallel}).
     */
    float[] engineWithThreshold(ForkJoinPool pool, long threshold) {
        long previous = VectorGemm.parallelVolume(threshold);
        try {
            long before = GemmParallel.calls();
            float[] c = engine(pool);
            long ran = GemmParallel.calls() - before;
            boolean expected = splits(pool, threshold);
            if (ran != (expected ? 1 : 0)) {
                throw new AssertionError("the parallel path ran " + ran + " times, expected "
                        + (expected ? 1 : 0) + ": " + this + " (threshold " + threshold + ", " + Kernels.DESCRIPTION + ")");
            }
            return c;
        } finally {
            VectorGemm.parallelVolume(previous);
        }
    }

    /** Whether the engine shares this product across {@code pool} at the given threshold. */
    boolean splits(ForkJoinPool pool, long threshold) {
        return pool != null && Kernels.vectorized() && !VectorGemm.isSmall(m, n, k)
                && (long) m * n * k >= threshold && GemmParallel.worthSplitting(m, pool);
    }

    /** Runs {@code kernel} directly on a copy of C. */
    float[] run(GemmKernel kernel) {
        float[] c = c0.clone();
        kernel.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null);
        return c;
    }

    /** alpha·op(A)·op(B) in double by Commons Math (block or array-backed matrices). */
    double[][] oracleProduct(boolean block) {
        double[][] da = new double[m][k];
        double[][] db = new double[k][n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                da[i][p] = opA(i, p);
            }
        }
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                db[p][j] = opB(p, j);
            }
        }
        RealMatrix ma = block ? new BlockRealMatrix(da) : new Array2DRowRealMatrix(da, false);
        RealMatrix mb = block ? new BlockRealMatrix(db) : new Array2DRowRealMatrix(db, false);
        return ma.multiply(mb).scalarMultiply(alpha).getData();
    }

    /** γ(k+3)·(|alpha|·Σ|a||b| + |beta·c|) for element (i, j): see the class comment. */
    double bound(int i, int j) {
        double abs = 0;
        for (int p = 0; p < k; p++) {
            abs += Math.abs((double) opA(i, p) * opB(p, j));
        }
        double cTerm = beta == 0f ? 0 : Math.abs((double) beta * c0[cOff + i * ldc + j]);
        double nu = (k + 3) * U;
        return nu / (1 - nu) * (Math.abs(alpha) * abs + cTerm) + Float.MIN_NORMAL;
    }

    /**
     * Checks {@code c} against the double oracle element by element within {@link #bound}, and
     * that everything outside the m × n window (offset, padding, tail) is untouched.
     */
    void assertWithinBound(float[] c, boolean block, String who) {
        double[][] exact = oracleProduct(block);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double want = exact[i][j] + (beta == 0f ? 0 : (double) beta * c0[cOff + i * ldc + j]);
                float got = c[cOff + i * ldc + j];
                double err = Math.abs(got - want);
                if (!(err <= bound(i, j))) {
                    throw new AssertionError(who + " " + this + ": C[" + i + "][" + j + "] = " + got
                            + " but exact is " + want + ", error " + err + " > bound " + bound(i, j));
                }
            }
        }
        assertOutsideUntouched(c, who);
    }

    void assertOutsideUntouched(float[] c, String who) {
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside && Float.floatToRawIntBits(c[idx]) != Float.floatToRawIntBits(c0[idx])) {
                throw new AssertionError(who + " " + this + " wrote outside C at index " + idx);
            }
        }
    }

    @Override
    public String toString() {
        return (transA ? "T" : "N") + (transB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k
                + " alpha=" + alpha + " beta=" + beta + " offsets " + aOff + "/" + bOff + "/" + cOff
                + " ld " + lda + "/" + ldb + "/" + ldc;
    }
}
