package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.NR;
import static org.simdnet.kernel.GemmBlocking.VL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile for machines with 16 vector registers (AVX2): 6 rows × 2 vectors of C in 12
 * accumulators, which leave room for the two B vectors and the broadcast (the 8-row tile of
 * {@link GemmMicroKernel} needs 19 registers there, and C2 spills accumulators to the stack on
 * every step of the depth loop). BLIS's Haswell and Zen kernels use the same 6 × 16 shape.
 *
 * <p>Two copies of the depth loop, one per epilogue ({@code beta == 0}: C is not read; else
 * merged): compiled with both epilogues in one method, C2 ran the loop at ~27 GFLOPS on a Zen 3
 * core, against 45–75 with one (a tile harness and {@code GemmBlocked.macro}, alternating beta).
 * The loop indexes A and B from the loop counter ({@code a + p·6}, {@code b + p·NR}) rather than
 * with pointers bumped each step, so that C2 can drop the bounds checks from it.
 *
 * <p>The arithmetic per element of C is {@link GemmMicroKernel}'s: one fused multiply-add per p
 * in ascending p, then one {@code fma(C, beta, alpha·acc)}; so which tile a machine uses never
 * changes a bit. Written out by hand for the same reason as that one (no helper calls, no arrays
 * of vectors).
 */
final class GemmMicroKernel6 {

    /** Rows of this tile. */
    static final int ROWS = 6;

    private static final VectorSpecies<Float> S = GemmBlocking.SPECIES;

    private GemmMicroKernel6() {
    }

    /**
     * Multiplies the packed A micro-panel at {@code ap[a..]} (6 rows) by the packed B micro-panel
     * at {@code bp[b..]} over depth {@code kc} and merges the full 6 × NR tile into
     * {@code c[ci..]} (row stride {@code ldc}).
     */
    static void tile(int kc, float[] ap, int a, float[] bp, int b,
                     float alpha, float beta, float[] c, int ci, int ldc) {
        if (beta == 0f) {
            overwrite(kc, ap, a, bp, b, alpha, c, ci, ldc);
        } else {
            merge(kc, ap, a, bp, b, alpha, beta, c, ci, ldc);
        }
    }

    private static void overwrite(int kc, float[] ap, int a, float[] bp, int b, float alpha, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai0 = a + p * ROWS, bi = b + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + VL);
            FloatVector ai;
            ai = FloatVector.broadcast(S, ap[ai0 + 0]);
            c00 = ai.fma(b0, c00);
            c01 = ai.fma(b1, c01);
            ai = FloatVector.broadcast(S, ap[ai0 + 1]);
            c10 = ai.fma(b0, c10);
            c11 = ai.fma(b1, c11);
            ai = FloatVector.broadcast(S, ap[ai0 + 2]);
            c20 = ai.fma(b0, c20);
            c21 = ai.fma(b1, c21);
            ai = FloatVector.broadcast(S, ap[ai0 + 3]);
            c30 = ai.fma(b0, c30);
            c31 = ai.fma(b1, c31);
            ai = FloatVector.broadcast(S, ap[ai0 + 4]);
            c40 = ai.fma(b0, c40);
            c41 = ai.fma(b1, c41);
            ai = FloatVector.broadcast(S, ap[ai0 + 5]);
            c50 = ai.fma(b0, c50);
            c51 = ai.fma(b1, c51);
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
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
    }

    private static void merge(int kc, float[] ap, int a, float[] bp, int b,
                              float alpha, float beta, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai0 = a + p * ROWS, bi = b + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + VL);
            FloatVector ai;
            ai = FloatVector.broadcast(S, ap[ai0 + 0]);
            c00 = ai.fma(b0, c00);
            c01 = ai.fma(b1, c01);
            ai = FloatVector.broadcast(S, ap[ai0 + 1]);
            c10 = ai.fma(b0, c10);
            c11 = ai.fma(b1, c11);
            ai = FloatVector.broadcast(S, ap[ai0 + 2]);
            c20 = ai.fma(b0, c20);
            c21 = ai.fma(b1, c21);
            ai = FloatVector.broadcast(S, ap[ai0 + 3]);
            c30 = ai.fma(b0, c30);
            c31 = ai.fma(b1, c31);
            ai = FloatVector.broadcast(S, ap[ai0 + 4]);
            c40 = ai.fma(b0, c40);
            c41 = ai.fma(b1, c41);
            ai = FloatVector.broadcast(S, ap[ai0 + 5]);
            c50 = ai.fma(b0, c50);
            c51 = ai.fma(b1, c51);
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
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
    }
}
