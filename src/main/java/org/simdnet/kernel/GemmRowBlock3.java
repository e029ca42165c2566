package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.VL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The unpacked path's register block where the machine has 16 vector registers (AVX2): 4 rows
 * ({@link GemmRowBlock#ROWS}) × 3 vectors of C in 12 accumulators, with 3 B vectors and a
 * broadcast, all 16 registers.
 * {@link GemmRowBlock}'s 4 × 4 block needs 21 and spills there: on 24 rows × 96 columns the
 * 4 × 3 block ran at 66–80 GFLOPS on a Zen 3 against 44–47 for 4 × 4 (6 × 2: 58–70; 4 × 2:
 * 50–63; JDK 17 and 25), the same in the NN and TN forms.
 *
 * <pre>
 *   for p in 0 .. k-1:       b0..b2 = B[p, j .. j+3·VL)          (3 loads)
 *     a_r = broadcast(op(A)[i+r, p])   (r = 0..3)                 (4 broadcasts)
 *     c_r0..c_r2 += a_r · b0..b2                                  (12 fused multiply-adds)
 *   C[i+r, j ..] = alpha·c_r + beta·C[i+r, j ..]
 * </pre>
 *
 * Each element of C gets one FMA per p in ascending p from zero, then
 * {@code fma(C, beta, alpha·acc)}: the bits of the other blocks and of the packed path within
 * one slice, so a product does not depend on which block a machine uses. Written out by hand,
 * no helper calls, so C2 keeps the accumulators in registers.
 */
final class GemmRowBlock3 {

    private static final VectorSpecies<Float> S = GemmBlocking.SPECIES;

    private GemmRowBlock3() {
    }

    /**
     * Computes the block of C at {@code c[ci..]} (row stride {@code ldc}): op(A)(i+r, p) is
     * {@code a[ai + r·rowStep + p·depthStep]}, B(p, j+q) is {@code b[bj + p·ldb + q]}.
     */
    static void block(int k, float[] a, int ai, int rowStep, int depthStep, float[] b, int bj, int ldb,
                      float alpha, float beta, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        int a1 = rowStep, a2 = 2 * rowStep, a3 = 3 * rowStep;
        for (int p = 0, ap = ai, bp = bj; p < k; p++, ap += depthStep, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * VL);
            FloatVector ar = FloatVector.broadcast(S, a[ap]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            c02 = ar.fma(b2, c02);
            ar = FloatVector.broadcast(S, a[ap + a1]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            c12 = ar.fma(b2, c12);
            ar = FloatVector.broadcast(S, a[ap + a2]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            c22 = ar.fma(b2, c22);
            ar = FloatVector.broadcast(S, a[ap + a3]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
            c32 = ar.fma(b2, c32);
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        if (beta == 0f) {
            c00.mul(va).intoArray(c, ci);
            c01.mul(va).intoArray(c, ci + VL);
            c02.mul(va).intoArray(c, ci + 2 * VL);
            c10.mul(va).intoArray(c, r1);
            c11.mul(va).intoArray(c, r1 + VL);
            c12.mul(va).intoArray(c, r1 + 2 * VL);
            c20.mul(va).intoArray(c, r2);
            c21.mul(va).intoArray(c, r2 + VL);
            c22.mul(va).intoArray(c, r2 + 2 * VL);
            c30.mul(va).intoArray(c, r3);
            c31.mul(va).intoArray(c, r3 + VL);
            c32.mul(va).intoArray(c, r3 + 2 * VL);
        } else {
            FloatVector vb = FloatVector.broadcast(S, beta);
            FloatVector.fromArray(S, c, ci).fma(vb, c00.mul(va)).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + VL).fma(vb, c01.mul(va)).intoArray(c, ci + VL);
            FloatVector.fromArray(S, c, ci + 2 * VL).fma(vb, c02.mul(va)).intoArray(c, ci + 2 * VL);
            FloatVector.fromArray(S, c, r1).fma(vb, c10.mul(va)).intoArray(c, r1);
            FloatVector.fromArray(S, c, r1 + VL).fma(vb, c11.mul(va)).intoArray(c, r1 + VL);
            FloatVector.fromArray(S, c, r1 + 2 * VL).fma(vb, c12.mul(va)).intoArray(c, r1 + 2 * VL);
            FloatVector.fromArray(S, c, r2).fma(vb, c20.mul(va)).intoArray(c, r2);
            FloatVector.fromArray(S, c, r2 + VL).fma(vb, c21.mul(va)).intoArray(c, r2 + VL);
            FloatVector.fromArray(S, c, r2 + 2 * VL).fma(vb, c22.mul(va)).intoArray(c, r2 + 2 * VL);
            FloatVector.fromArray(S, c, r3).fma(vb, c30.mul(va)).intoArray(c, r3);
            FloatVector.fromArray(S, c, r3 + VL).fma(vb, c31.mul(va)).intoArray(c, r3 + VL);
            FloatVector.fromArray(S, c, r3 + 2 * VL).fma(vb, c32.mul(va)).intoArray(c, r3 + 2 * VL);
        }
    }
}
