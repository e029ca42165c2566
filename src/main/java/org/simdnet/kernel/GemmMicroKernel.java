package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.MR;
import static org.simdnet.kernel.GemmBlocking.NR;
import static org.simdnet.kernel.GemmBlocking.VL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile for machines with 32 vector registers (AVX-512): an 8 rows × 2 vectors
 * block of C accumulated in 16 vector registers over one packed depth slice
 * ({@link GemmMicroKernel4} is the 4-row one for 16-register machines).
 *
 * <pre>
 *   for p in 0 .. kc-1:                       b0 = B[p, 0 .. VL)   b1 = B[p, VL .. 2VL)
 *     a_i = broadcast(A[i, p])  (i = 0..7)    c_i0 += a_i·b0      c_i1 += a_i·b1
 *   C[i, :] = alpha·c_i + beta·C[i, :]        (beta == 0: C is not read)
 * </pre>
 *
 * The body is written out by hand: no helper calls, no arrays of vectors, so C2 keeps all 16
 * accumulators in registers (a call it declined to inline would box every one of them). Each
 * element of C gets one fused multiply-add per p, in ascending p, then one
 * {@code fma(C, beta, alpha·acc)}: the same sequence wherever the tile sits.
 */
final class GemmMicroKernel {

    /** Rows of this tile. */
    static final int ROWS = 8;

    private static final VectorSpecies<Float> S = GemmBlocking.SPECIES;

    private GemmMicroKernel() {
    }

    /**
     * Multiplies the packed A micro-panel at {@code ap[a..]} by the packed B micro-panel at
     * {@code bp[b..]} over depth {@code kc} and merges the full MR × NR tile into
     * {@code c[ci..]} (row stride {@code ldc}).
     */
    static void tile(int kc, float[] ap, int a, float[] bp, int b,
                     float alpha, float beta, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, a += ROWS, b += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, b);
            FloatVector b1 = FloatVector.fromArray(S, bp, b + VL);
            FloatVector ai;
            ai = FloatVector.broadcast(S, ap[a + 0]);
            c00 = ai.fma(b0, c00);
            c01 = ai.fma(b1, c01);
            ai = FloatVector.broadcast(S, ap[a + 1]);
            c10 = ai.fma(b0, c10);
            c11 = ai.fma(b1, c11);
            ai = FloatVector.broadcast(S, ap[a + 2]);
            c20 = ai.fma(b0, c20);
            c21 = ai.fma(b1, c21);
            ai = FloatVector.broadcast(S, ap[a + 3]);
            c30 = ai.fma(b0, c30);
            c31 = ai.fma(b1, c31);
            ai = FloatVector.broadcast(S, ap[a + 4]);
            c40 = ai.fma(b0, c40);
            c41 = ai.fma(b1, c41);
            ai = FloatVector.broadcast(S, ap[a + 5]);
            c50 = ai.fma(b0, c50);
            c51 = ai.fma(b1, c51);
            ai = FloatVector.broadcast(S, ap[a + 6]);
            c60 = ai.fma(b0, c60);
            c61 = ai.fma(b1, c61);
            ai = FloatVector.broadcast(S, ap[a + 7]);
            c70 = ai.fma(b0, c70);
            c71 = ai.fma(b1, c71);
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
        if (beta == 0f) {
            c00.mul(va).intoArray(c, ci);
            c01.mul(va).intoArray(c, ci + VL);
            c10.mul(va).intoArray(c, ci + 1 * ldc);
            c11.mul(va).intoArray(c, ci + 1 * ldc + VL);
            c20.mul(va).intoArray(c, ci + 2 * ldc);
            c21.mul(va).intoArray(c, ci + 2 * ldc + VL);
            c30.mul(va).intoArray(c, ci + 3 * ldc);
            c31.mul(va).intoArray(c, ci + 3 * ldc + VL);
            c40.mul(va).intoArray(c, ci + 4 * ldc);
            c41.mul(va).intoArray(c, ci + 4 * ldc + VL);
            c50.mul(va).intoArray(c, ci + 5 * ldc);
            c51.mul(va).intoArray(c, ci + 5 * ldc + VL);
            c60.mul(va).intoArray(c, ci + 6 * ldc);
            c61.mul(va).intoArray(c, ci + 6 * ldc + VL);
            c70.mul(va).intoArray(c, ci + 7 * ldc);
            c71.mul(va).intoArray(c, ci + 7 * ldc + VL);
        } else {
            FloatVector vb = FloatVector.broadcast(S, beta);
            FloatVector.fromArray(S, c, ci).fma(vb, c00.mul(va)).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + VL).fma(vb, c01.mul(va)).intoArray(c, ci + VL);
            FloatVector.fromArray(S, c, ci + 1 * ldc).fma(vb, c10.mul(va)).intoArray(c, ci + 1 * ldc);
            FloatVector.fromArray(S, c, ci + 1 * ldc + VL).fma(vb, c11.mul(va)).intoArray(c, ci + 1 * ldc + VL);
            FloatVector.fromArray(S, c, ci + 2 * ldc).fma(vb, c20.mul(va)).intoArray(c, ci + 2 * ldc);
            FloatVector.fromArray(S, c, ci + 2 * ldc + VL).fma(vb, c21.mul(va)).intoArray(c, ci + 2 * ldc + VL);
            FloatVector.fromArray(S, c, ci + 3 * ldc).fma(vb, c30.mul(va)).intoArray(c, ci + 3 * ldc);
            FloatVector.fromArray(S, c, ci + 3 * ldc + VL).fma(vb, c31.mul(va)).intoArray(c, ci + 3 * ldc + VL);
            FloatVector.fromArray(S, c, ci + 4 * ldc).fma(vb, c40.mul(va)).intoArray(c, ci + 4 * ldc);
            FloatVector.fromArray(S, c, ci + 4 * ldc + VL).fma(vb, c41.mul(va)).intoArray(c, ci + 4 * ldc + VL);
            FloatVector.fromArray(S, c, ci + 5 * ldc).fma(vb, c50.mul(va)).intoArray(c, ci + 5 * ldc);
            FloatVector.fromArray(S, c, ci + 5 * ldc + VL).fma(vb, c51.mul(va)).intoArray(c, ci + 5 * ldc + VL);
            FloatVector.fromArray(S, c, ci + 6 * ldc).fma(vb, c60.mul(va)).intoArray(c, ci + 6 * ldc);
            FloatVector.fromArray(S, c, ci + 6 * ldc + VL).fma(vb, c61.mul(va)).intoArray(c, ci + 6 * ldc + VL);
            FloatVector.fromArray(S, c, ci + 7 * ldc).fma(vb, c70.mul(va)).intoArray(c, ci + 7 * ldc);
            FloatVector.fromArray(S, c, ci + 7 * ldc + VL).fma(vb, c71.mul(va)).intoArray(c, ci + 7 * ldc + VL);
        }
    }

    /**
     * The machine's register tile, MR × NR: this 8-row one, or {@link GemmMicroKernel4}'s 4-row
     * one (the choice is a constant, folded by the JIT).
     */
    static void tileMR(int kc, float[] ap, int a, float[] bp, int b,
                       float alpha, float beta, float[] c, int ci, int ldc) {
        if (MR == GemmMicroKernel4.ROWS) {
            GemmMicroKernel4.tile(kc, ap, a, bp, b, alpha, beta, c, ci, ldc);
        } else {
            tile(kc, ap, a, bp, b, alpha, beta, c, ci, ldc);
        }
    }

    /**
     * An edge tile: computes the full MR × NR tile into {@code tile} and merges only its valid
     * {@code rows × cols} corner into C, with the same arithmetic as {@link #tileMR}.
     */
    static void edgeTile(int kc, float[] ap, int a, float[] bp, int b,
                         float alpha, float beta, float[] c, int ci, int ldc, int rows, int cols,
                         float[] tile) {
        tileMR(kc, ap, a, bp, b, 1f, 0f, tile, 0, NR);
        for (int i = 0; i < rows; i++) {
            int t = i * NR;
            int o = ci + i * ldc;
            for (int j = 0; j < cols; j++) {
                float scaled = tile[t + j] * alpha;
                c[o + j] = beta == 0f ? scaled : Math.fma(c[o + j], beta, scaled);
            }
        }
    }
}
