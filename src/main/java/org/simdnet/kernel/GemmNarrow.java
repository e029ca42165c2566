package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.VL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Products with fewer columns than one vector (a classifier's 10 logits, a regression's one
 * output): op(B) is copied into a {@code k × VL} scratch padded with zeros, so that each row of C
 * is one vector, and 8 rows at a time keep 8 accumulator chains in flight. The sums land in a
 * tile and only the {@code n} real columns are merged into C.
 *
 * <pre>
 *   for p in 0 .. k-1:        b = Bpad[p, 0 .. VL)
 *     c_r += broadcast(op(A)[i+r, p]) · b        (r = 0..7)
 * </pre>
 *
 * Against the row-update form's scalar columns (one chain per element): 100 × 3 × 100 NN in
 * 3.1 µs instead of ~8.6 µs on the packed path. Each element gets one fused multiply-add per p in
 * ascending p from zero, then {@code fma(C, beta, alpha·acc)}: the bits of the packed path within
 * one packed slice, where it is used (a single chain over a depth of millions would also lose
 * accuracy the slices keep).
 */
final class GemmNarrow {

    private static final VectorSpecies<Float> S = GemmBlocking.SPECIES;
    /** Rows per block: 8 independent chains cover the FMA latency on two pipes. */
    static final int ROWS = 8;

    private GemmNarrow() {
    }

    static void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float beta, float[] c, int cOff, int ldc, GemmWorkspace ws) {
        float[] padded = ws.smallB(k * VL);
        pad(transB, n, k, b, bOff, ldb, padded);
        float[] tile = ws.tile;
        // op(A)(i, p) = a[aOff + i·rowStep + p·depthStep]
        int rowStep = transA ? 1 : lda;
        int depthStep = transA ? lda : 1;
        int i = 0;
        for (; i + ROWS <= m; i += ROWS) {
            block(k, a, aOff + i * rowStep, rowStep, depthStep, padded, tile);
            merge(ROWS, n, tile, alpha, beta, c, cOff + i * ldc, ldc);
        }
        for (; i < m; i++) {
            FloatVector acc = FloatVector.zero(S);
            for (int p = 0, ap = aOff + i * rowStep, bp = 0; p < k; p++, ap += depthStep, bp += VL) {
                acc = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, padded, bp), acc);
            }
            acc.intoArray(tile, 0);
            merge(1, n, tile, alpha, beta, c, cOff + i * ldc, ldc);
        }
    }

    /** {@code padded[p·VL + j]} = op(B)(p, j) for j < n, 0 for n ≤ j < VL. */
    private static void pad(boolean transB, int n, int k, float[] b, int bOff, int ldb, float[] padded) {
        java.util.Arrays.fill(padded, 0, k * VL, 0f);
        if (transB) {
            for (int j = 0; j < n; j++) {
                for (int p = 0, src = bOff + j * ldb, d = j; p < k; p++, src++, d += VL) {
                    padded[d] = b[src];
                }
            }
        } else {
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, bOff + p * ldb, padded, p * VL, n);
            }
        }
    }

    /** Eight rows' sums into {@code tile} (row r at {@code r·VL}). Written out: no vector crosses a call. */
    private static void block(int k, float[] a, int ai, int rowStep, int depthStep, float[] padded, float[] tile) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        int a1 = rowStep, a2 = 2 * rowStep, a3 = 3 * rowStep, a4 = 4 * rowStep, a5 = 5 * rowStep, a6 = 6 * rowStep,
                a7 = 7 * rowStep;
        for (int p = 0, ap = ai, bp = 0; p < k; p++, ap += depthStep, bp += VL) {
            FloatVector bv = FloatVector.fromArray(S, padded, bp);
            c0 = FloatVector.broadcast(S, a[ap]).fma(bv, c0);
            c1 = FloatVector.broadcast(S, a[ap + a1]).fma(bv, c1);
            c2 = FloatVector.broadcast(S, a[ap + a2]).fma(bv, c2);
            c3 = FloatVector.broadcast(S, a[ap + a3]).fma(bv, c3);
            c4 = FloatVector.broadcast(S, a[ap + a4]).fma(bv, c4);
            c5 = FloatVector.broadcast(S, a[ap + a5]).fma(bv, c5);
            c6 = FloatVector.broadcast(S, a[ap + a6]).fma(bv, c6);
            c7 = FloatVector.broadcast(S, a[ap + a7]).fma(bv, c7);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, VL);
        c2.intoArray(tile, 2 * VL);
        c3.intoArray(tile, 3 * VL);
        c4.intoArray(tile, 4 * VL);
        c5.intoArray(tile, 5 * VL);
        c6.intoArray(tile, 6 * VL);
        c7.intoArray(tile, 7 * VL);
    }

    /** C[r, j] = alpha·tile[r, j] merged with beta·C[r, j], for the real columns only. */
    private static void merge(int rows, int n, float[] tile, float alpha, float beta, float[] c, int ci, int ldc) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0, t = r * VL, o = ci + r * ldc; j < n; j++) {
                GemmSmall.store(c, o + j, alpha, beta, tile[t + j]);
            }
        }
    }
}
