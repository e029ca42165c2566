package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.NR;
import static org.simdnet.kernel.GemmBlocking.VL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile for machines with 16 vector registers (AVX2): 4 rows × 2 vectors of C in 8
 * accumulators, two B vectors and a broadcast. Measured on a Zen 3 core against the 6 × 2 tile
 * (BLIS's Haswell and Zen shape, 15 registers) and others, on packed panels in a throwaway
 * harness (a 240 × 480 block of depth 256): 4 × 2 ran at 92 GFLOPS on JDK 17 and 95 on JDK 25,
 * 6 × 2 at 88 and 43, 5 × 2 at 88 and 36, 3 × 2 at 64 and 34, a 4 × 3 tile at 41–44. (JDK 25's C2
 * halves the 6- and 5-row loops on this machine; the cause was not pinned down: not the bounds
 * checks, not unrolling.) The 8-row tile of {@link GemmMicroKernel} needs 19 registers there.
 *
 * <p>Two copies of the depth loop, one per epilogue ({@code beta == 0}: C is not read; else
 * merged): compiled with both epilogues in one method, C2 ran the 6-row loop at ~27 GFLOPS, against
 * 45–75 with one. The loop indexes A and B from the loop counter ({@code a + p·4},
 * {@code b + p·NR}) rather than with pointers bumped each step, so that C2 can drop the bounds
 * checks from it.
 *
 * <p>The arithmetic per element of C is {@link GemmMicroKernel}'s: one fused multiply-add per p
 * in ascending p, then one {@code fma(C, beta, alpha·acc)}; so which tile a machine uses never
 * changes a bit. Written out by hand for the same reason as that one (no helper calls, no arrays
 * of vectors).
 */
final class GemmMicroKernel4 {

    /** Rows of this tile. */
    static final int ROWS = 4;

    private static final VectorSpecies<Float> S = GemmBlocking.SPECIES;

    private GemmMicroKernel4() {
    }

    /**
     * Multiplies the packed A micro-panel at {@code ap[a..]} (4 rows) by the packed B micro-panel
     * at {@code bp[b..]} over depth {@code kc} and merges the full 4 × NR tile into
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
    }

    private static void merge(int kc, float[] ap, int a, float[] bp, int b,
                              float alpha, float beta, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
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
    }
}
