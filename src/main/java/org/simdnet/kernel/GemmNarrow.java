package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.VL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Products with fewer columns than one vector (a classifier's 10 logits, a regression's one
 * output), or between one and two vectors (10 logits where a vector holds 8 floats): op(B) is
 * copied into a {@code k × VL} (or {@code k × 2·VL}) scratch padded with zeros, so that each row
 * of C is one vector (two), and 8 rows at a time keep 8 accumulator chains in flight (6 rows of
 * two vectors: 12). The sums land in a tile and only the {@code n} real columns are merged into C.
 *
 * <pre>
 *   for p in 0 .. k-1:        b = Bpad[p, 0 .. VL)
 *     c_r += broadcast(op(A)[i+r, p]) · b        (r = 0..7)
 *   (two vectors: b0, b1 = Bpad[p, 0 .. 2·VL); c_r0 += a_r · b0, c_r1 += a_r · b1, r = 0..5)
 * </pre>
 *
 * Against the row-update form's scalar columns (one chain per element): 100 × 3 × 100 NN in
 * 3.1 µs instead of ~8.6 µs on the packed path. Two vectors wide, a batch of 32 through a
 * 128 → 10 layer at 8 lanes (32 × 10 × 128 NT) takes 3.4–3.7 µs against 6.0 on the packed path,
 * which packs A for it; 360 rows 24 against 54 µs. Each element gets one fused multiply-add per p
 * in ascending p from zero, then {@code fma(C, beta, alpha·acc)}: the bits of the packed path within
 * one packed slice, where it is used (a single chain over a depth of millions would also lose
 * accuracy the slices keep).
 */
final class GemmNarrow {

    private static final VectorSpecies<Float> S = GemmBlocking.SPECIES;
    /** Rows per block: 8 independent chains cover the FMA latency on two pipes. */
    static final int ROWS = 8;
    /** Rows per block of the two-vector form (columns between one and two vectors). */
    static final int PAIR_ROWS = 6;

    private GemmNarrow() {
    }

    /**
     * Whether the narrow form takes a product: fewer columns than one vector, or between one and
     * two vectors (not a whole vector: the row blocks take those unpadded), within one packed slice.
     */
    static boolean suits(int n, int k) {
        return n < 2 * VL && n != VL && k <= GemmBlocking.KC;
    }

    static void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float beta, float[] c, int cOff, int ldc, GemmWorkspace ws) {
        int width = n <= VL ? VL : 2 * VL;
        float[] padded = ws.smallB(k * width);
        pad(transB, n, k, width, b, bOff, ldb, padded, ws.rowStarts);
        float[] tile = ws.tile;
        // op(A)(i, p) = a[aOff + i·rowStep + p·depthStep]
        int rowStep = transA ? 1 : lda;
        int depthStep = transA ? lda : 1;
        int i = 0;
        if (width == VL) {
            for (; i + ROWS <= m; i += ROWS) {
                block(k, a, aOff + i * rowStep, rowStep, depthStep, padded, tile);
                merge(ROWS, n, width, tile, 0, alpha, beta, c, cOff + i * ldc, ldc);
            }
            if (i < m && m >= ROWS) {
                // The last rows as the tail of a block that overlaps the one before: each element
                // is the same chain either way, and a block keeps 8 chains in flight where the
                // row-at-a-time loop below waits on one.
                int first = m - ROWS;
                block(k, a, aOff + first * rowStep, rowStep, depthStep, padded, tile);
                merge(m - i, n, width, tile, (i - first) * width, alpha, beta, c, cOff + i * ldc, ldc);
                i = m;
            }
            for (; i < m; i++) {
                FloatVector acc = FloatVector.zero(S);
                for (int p = 0, ap = aOff + i * rowStep, bp = 0; p < k; p++, ap += depthStep, bp += VL) {
                    acc = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, padded, bp), acc);
                }
                acc.intoArray(tile, 0);
                merge(1, n, width, tile, 0, alpha, beta, c, cOff + i * ldc, ldc);
            }
        } else {
            for (; i + PAIR_ROWS <= m; i += PAIR_ROWS) {
                pairBlock(k, a, aOff + i * rowStep, rowStep, depthStep, padded, tile);
                merge(PAIR_ROWS, n, width, tile, 0, alpha, beta, c, cOff + i * ldc, ldc);
            }
            if (i < m && m >= PAIR_ROWS) {
                int first = m - PAIR_ROWS;     // overlapping, as above
                pairBlock(k, a, aOff + first * rowStep, rowStep, depthStep, padded, tile);
                merge(m - i, n, width, tile, (i - first) * width, alpha, beta, c, cOff + i * ldc, ldc);
                i = m;
            }
            for (; i < m; i++) {
                FloatVector acc0 = FloatVector.zero(S), acc1 = acc0;
                for (int p = 0, ap = aOff + i * rowStep, bp = 0; p < k; p++, ap += depthStep, bp += 2 * VL) {
                    FloatVector av = FloatVector.broadcast(S, a[ap]);
                    acc0 = av.fma(FloatVector.fromArray(S, padded, bp), acc0);
                    acc1 = av.fma(FloatVector.fromArray(S, padded, bp + VL), acc1);
                }
                acc0.intoArray(tile, 0);
                acc1.intoArray(tile, VL);
                merge(1, n, width, tile, 0, alpha, beta, c, cOff + i * ldc, ldc);
            }
        }
    }

    /** {@code padded[p·width + j]} = op(B)(p, j) for j < n, 0 for n ≤ j < width. */
    private static void pad(boolean transB, int n, int k, int width, float[] b, int bOff, int ldb, float[] padded,
                            int[] rowStarts) {
        if (transB) {
            GemmTranspose.transpose(n, k, b, bOff, ldb, padded, width, rowStarts);
        } else {
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, bOff + p * ldb, padded, p * width, n);
            }
        }
        for (int p = 0; p < k; p++) {
            for (int j = p * width + n, end = (p + 1) * width; j < end; j++) {
                padded[j] = 0f;
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

    /**
     * Six rows × two vectors into {@code tile} (row r at {@code r·2·VL}): 12 accumulators, two B
     * vectors and a broadcast, 15 of AVX2's 16 registers. Written out: no vector crosses a call.
     */
    private static void pairBlock(int k, float[] a, int ai, int rowStep, int depthStep, float[] padded, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int a1 = rowStep, a2 = 2 * rowStep, a3 = 3 * rowStep, a4 = 4 * rowStep, a5 = 5 * rowStep;
        for (int p = 0, ap = ai, bp = 0; p < k; p++, ap += depthStep, bp += 2 * VL) {
            FloatVector b0 = FloatVector.fromArray(S, padded, bp);
            FloatVector b1 = FloatVector.fromArray(S, padded, bp + VL);
            FloatVector ar = FloatVector.broadcast(S, a[ap]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            ar = FloatVector.broadcast(S, a[ap + a1]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            ar = FloatVector.broadcast(S, a[ap + a2]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            ar = FloatVector.broadcast(S, a[ap + a3]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
            ar = FloatVector.broadcast(S, a[ap + a4]);
            c40 = ar.fma(b0, c40);
            c41 = ar.fma(b1, c41);
            ar = FloatVector.broadcast(S, a[ap + a5]);
            c50 = ar.fma(b0, c50);
            c51 = ar.fma(b1, c51);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, VL);
        c10.intoArray(tile, 2 * VL);
        c11.intoArray(tile, 3 * VL);
        c20.intoArray(tile, 4 * VL);
        c21.intoArray(tile, 5 * VL);
        c30.intoArray(tile, 6 * VL);
        c31.intoArray(tile, 7 * VL);
        c40.intoArray(tile, 8 * VL);
        c41.intoArray(tile, 9 * VL);
        c50.intoArray(tile, 10 * VL);
        c51.intoArray(tile, 11 * VL);
    }

    /**
     * C[r, j] = alpha·tile[r, j] merged with beta·C[r, j], for the real columns only (tile rows
     * {@code width} apart, the first at {@code t0}).
     */
    private static void merge(int rows, int n, int width, float[] tile, int t0, float alpha, float beta, float[] c,
                              int ci, int ldc) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0, t = t0 + r * width, o = ci + r * ldc; j < n; j++) {
                GemmSmall.store(c, o + j, alpha, beta, tile[t + j]);
            }
        }
    }
}
