package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.VL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM for products too small or too skinny for packing to pay: no packing of A, no tiles, no
 * tasks. Three loop orders, each vectorized along a contiguous dimension:
 *
 * <ul>
 *   <li>row-update form (C row i += A(i,p)·B row p), vectors along n, in {@link GemmRowBlock}s. A
 *       transposed B is first copied to a k × n scratch ({@link GemmTranspose}) so its rows are
 *       contiguous (k·n floats, cheap next to m·n·k);
 *   <li>dot form ({@link GemmDot}: C(i,j) = A row i · Bᵀ row j), vectors along k, for NT
 *       products whose n is below one vector (a layer with 3 or 10 outputs) but whose k is not;
 *       its own summation order, kept since simdnet 0.1;
 *   <li>narrow form ({@link GemmNarrow}), for other products with n below one vector, or between
 *       one and two, and a depth within one packed slice: the row-update form over a B padded to
 *       one vector (two);
 *   <li>column form (C column j += Aᵀ row p · B(p,j)), vectors along m, for TN / TT products whose
 *       n is below one vector (the weight gradient of a layer with 2 inputs).
 * </ul>
 *
 * Except in the dot form, each element is one accumulator summed in ascending p (a vector lane
 * or a scalar) and merged as {@code fma(C, beta, alpha·sum)}, as on the packed path; the path is
 * chosen from the shape alone.
 */
final class GemmSmall {

    private static final VectorSpecies<Float> S = GemmBlocking.SPECIES;

    private GemmSmall() {
    }

    static void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float beta, float[] c, int cOff, int ldc, GemmWorkspace ws) {
        if (isDotForm(transA, transB, n, k)) {
            GemmDot.run(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws);
            return;
        }
        if (n < VL && transA && m >= VL) {
            columns(transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws.tile);
            return;
        }
        if (GemmNarrow.suits(n, k)) {
            GemmNarrow.run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws);
            return;
        }
        if (transB) {
            float[] bt = ws.smallB(k * n);
            GemmTranspose.transpose(n, k, b, bOff, ldb, bt, ws.rowStarts);
            b = bt;
            bOff = 0;
            ldb = n;
        }
        rows(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** NT products narrower than a vector and at least a vector deep: {@link GemmDot}, which sums lanes. */
    static boolean isDotForm(boolean transA, boolean transB, int n, int k) {
        return n < VL && transB && !transA && k >= VL;
    }

    /**
     * Row-update form over a row-major k × n B: blocks of 4 rows × the machine's wide block
     * ({@link GemmRowBlock}: 4 vectors, or {@link GemmRowBlock3}: 3), then 4 rows × 2 and × 1
     * vectors for the columns left, the rest of each row one row at a time.
     */
    private static void rows(boolean transA, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        // op(A)(i, p) = a[aOff + i·rowStep + p·depthStep]
        int rowStep = transA ? 1 : lda;
        int depthStep = transA ? lda : 1;
        int wideCols = GemmRowBlock.WIDE_VECTORS * VL;
        int vectorCols = S.loopBound(n);
        int blockCols = n - n % wideCols;
        if (GemmRowBlock.WIDE_VECTORS == 3 && vectorCols - blockCols == VL && blockCols > 0) {
            // One vector left after the 3-wide blocks: end on two 4 × 2 blocks instead of a 4 × 3
            // and a 4 × 1, whose four chains wait on the FMA latency (a 64 → 128 layer's 16 vectors:
            // the 4 × 1 block took 12 % of the forward's time, by JFR, for 1/16 of its work).
            blockCols -= wideCols;
        }
        int i = 0;
        if (vectorCols > 0) {
            for (; i + GemmRowBlock.ROWS <= m; i += GemmRowBlock.ROWS) {
                int ai = aOff + i * rowStep;
                int ci = cOff + i * ldc;
                int j = 0;
                for (; j < blockCols; j += wideCols) {
                    if (GemmRowBlock.WIDE_VECTORS == 4) {
                        GemmRowBlock.block(k, a, ai, rowStep, depthStep, b, bOff + j, ldb, alpha, beta, c, ci + j, ldc);
                    } else {
                        GemmRowBlock3.block(k, a, ai, rowStep, depthStep, b, bOff + j, ldb, alpha, beta, c, ci + j,
                                ldc);
                    }
                }
                for (; j + 2 * VL <= vectorCols; j += 2 * VL) {
                    GemmRowBlock.pairBlock(k, a, ai, rowStep, depthStep, b, bOff + j, ldb, alpha, beta, c, ci + j,
                            ldc);
                }
                for (; j < vectorCols; j += VL) {
                    GemmRowBlock.narrowBlock(k, a, ai, rowStep, depthStep, b, bOff + j, ldb, alpha, beta, c, ci + j,
                            ldc);
                }
                if (vectorCols < n) {
                    for (int r = 0; r < GemmRowBlock.ROWS; r++) {
                        row(vectorCols, n, k, alpha, a, ai + r * rowStep, depthStep, b, bOff, ldb, beta, c,
                                ci + r * ldc);
                    }
                }
            }
        }
        for (; i < m; i++) {
            row(0, n, k, alpha, a, aOff + i * rowStep, depthStep, b, bOff, ldb, beta, c, cOff + i * ldc);
        }
    }

    /** Columns {@code j0 .. n} of one row of C (its op(A) row starts at {@code a[ai]}, its C row at {@code c[ci]}). */
    private static void row(int j0, int n, int k, float alpha, float[] a, int ai, int depthStep,
                            float[] b, int bOff, int ldb, float beta, float[] c, int ci) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        FloatVector vb = FloatVector.broadcast(S, beta);
        int n4 = n - (n - j0) % (4 * VL);
        int n1 = j0 + S.loopBound(n - j0);
        int j = j0;
        for (; j < n4; j += 4 * VL) {
            FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
            for (int p = 0, ap = ai, bp = bOff + j; p < k; p++, ap += depthStep, bp += ldb) {
                FloatVector av = FloatVector.broadcast(S, a[ap]);
                s0 = av.fma(FloatVector.fromArray(S, b, bp), s0);
                s1 = av.fma(FloatVector.fromArray(S, b, bp + VL), s1);
                s2 = av.fma(FloatVector.fromArray(S, b, bp + 2 * VL), s2);
                s3 = av.fma(FloatVector.fromArray(S, b, bp + 3 * VL), s3);
            }
            int o = ci + j;
            if (beta == 0f) {
                s0.mul(va).intoArray(c, o);
                s1.mul(va).intoArray(c, o + VL);
                s2.mul(va).intoArray(c, o + 2 * VL);
                s3.mul(va).intoArray(c, o + 3 * VL);
            } else {
                FloatVector.fromArray(S, c, o).fma(vb, s0.mul(va)).intoArray(c, o);
                FloatVector.fromArray(S, c, o + VL).fma(vb, s1.mul(va)).intoArray(c, o + VL);
                FloatVector.fromArray(S, c, o + 2 * VL).fma(vb, s2.mul(va)).intoArray(c, o + 2 * VL);
                FloatVector.fromArray(S, c, o + 3 * VL).fma(vb, s3.mul(va)).intoArray(c, o + 3 * VL);
            }
        }
        for (; j < n1; j += VL) {
            FloatVector s0 = FloatVector.zero(S);
            for (int p = 0, ap = ai, bp = bOff + j; p < k; p++, ap += depthStep, bp += ldb) {
                s0 = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp), s0);
            }
            int o = ci + j;
            if (beta == 0f) {
                s0.mul(va).intoArray(c, o);
            } else {
                FloatVector.fromArray(S, c, o).fma(vb, s0.mul(va)).intoArray(c, o);
            }
        }
        for (; j < n; j++) {
            float sum = 0f;
            for (int p = 0, ap = ai, bp = bOff + j; p < k; p++, ap += depthStep, bp += ldb) {
                sum = Math.fma(a[ap], b[bp], sum);
            }
            store(c, ci + j, alpha, beta, sum);
        }
    }

    /** Column form: A transposed, so op(A) columns (A rows) run contiguously along m. */
    private static void columns(boolean transB, int m, int n, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float beta, float[] c, int cOff, int ldc, float[] lanes) {
        // op(B)(p, j) = b[bOff + p·depthStep + j·colStep]
        int depthStep = transB ? 1 : ldb;
        int colStep = transB ? ldb : 1;
        int m2 = m - m % (2 * VL);
        int m1 = S.loopBound(m);
        for (int j = 0; j < n; j++) {
            int bj = bOff + j * colStep;
            int i = 0;
            for (; i < m2; i += 2 * VL) {
                FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
                for (int p = 0, ap = aOff + i, bp = bj; p < k; p++, ap += lda, bp += depthStep) {
                    FloatVector bv = FloatVector.broadcast(S, b[bp]);
                    s0 = FloatVector.fromArray(S, a, ap).fma(bv, s0);
                    s1 = FloatVector.fromArray(S, a, ap + VL).fma(bv, s1);
                }
                s0.intoArray(lanes, 0);
                s1.intoArray(lanes, VL);
                for (int l = 0; l < 2 * VL; l++) {
                    store(c, cOff + (i + l) * ldc + j, alpha, beta, lanes[l]);
                }
            }
            for (; i < m1; i += VL) {
                FloatVector s0 = FloatVector.zero(S);
                for (int p = 0, ap = aOff + i, bp = bj; p < k; p++, ap += lda, bp += depthStep) {
                    s0 = FloatVector.fromArray(S, a, ap).fma(FloatVector.broadcast(S, b[bp]), s0);
                }
                s0.intoArray(lanes, 0);
                for (int l = 0; l < VL; l++) {
                    store(c, cOff + (i + l) * ldc + j, alpha, beta, lanes[l]);
                }
            }
            for (; i < m; i++) {
                float sum = 0f;
                for (int p = 0, ap = aOff + i, bp = bj; p < k; p++, ap += lda, bp += depthStep) {
                    sum = Math.fma(a[ap], b[bp], sum);
                }
                store(c, cOff + i * ldc + j, alpha, beta, sum);
            }
        }
    }

    /** The merge every unpacked form ends an element with: {@code C = alpha·sum} or {@code fma(C, beta, alpha·sum)}. */
    static void store(float[] c, int idx, float alpha, float beta, float sum) {
        float scaled = alpha * sum;
        c[idx] = beta == 0f ? scaled : Math.fma(c[idx], beta, scaled);
    }
}
