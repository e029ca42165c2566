package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.VL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register block of the unpacked path: 4 rows × 4 vectors of C accumulated in 16 registers,
 * reading A and a row-major B where they lie (no packing).
 *
 * <pre>
 *   for p in 0 .. k-1:       b0..b3 = B[p, j .. j+4·VL)          (4 loads)
 *     a_r = broadcast(op(A)[i+r, p])   (r = 0..3)                 (4 broadcasts)
 *     c_r0..c_r3 += a_r · b0..b3                                  (16 fused multiply-adds)
 *   C[i+r, j ..] = alpha·c_r + beta·C[i+r, j ..]
 * </pre>
 *
 * For products whose operands already sit in L1 or L2 (a batch of 32 rows through a 64 → 128
 * layer), packing costs as much as the multiply-adds; this block reads B's rows in place and
 * keeps the fused multiply-adds, not the loads, the limit (8 loads per 16 FMAs). Each element of
 * C gets one FMA per p in ascending p from zero, then {@code fma(C, beta, alpha·acc)}: the same
 * bits as the packed micro-kernel ({@link GemmMicroKernel}) for a depth of at most one slice.
 * Written out by hand, no helper calls, so C2 keeps the accumulators in registers.
 */
final class GemmRowBlock {

    private static final VectorSpecies<Float> S = GemmBlocking.SPECIES;
    /** Rows of every row-form block, {@link GemmRowBlock3}'s too. */
    static final int ROWS = 4;
    /**
     * Vectors across the machine's wide block: this 4 × 4 one where vectors hold 16 floats (32
     * registers), {@link GemmRowBlock3}'s 4 × 3 below (16 registers, where 4 × 4 spills).
     */
    static final int WIDE_VECTORS = VL >= 16 ? 4 : 3;

    private GemmRowBlock() {
    }

    /**
     * Computes the block of C at {@code c[ci..]} (row stride {@code ldc}): op(A)(i+r, p) is
     * {@code a[ai + r·rowStep + p·depthStep]}, B(p, j+q) is {@code b[bj + p·ldb + q]}.
     */
    static void block(int k, float[] a, int ai, int rowStep, int depthStep, float[] b, int bj, int ldb,
                      float alpha, float beta, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        int a1 = rowStep, a2 = 2 * rowStep, a3 = 3 * rowStep;
        for (int p = 0, ap = ai, bp = bj; p < k; p++, ap += depthStep, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * VL);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * VL);
            FloatVector ar = FloatVector.broadcast(S, a[ap]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            c02 = ar.fma(b2, c02);
            c03 = ar.fma(b3, c03);
            ar = FloatVector.broadcast(S, a[ap + a1]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            c12 = ar.fma(b2, c12);
            c13 = ar.fma(b3, c13);
            ar = FloatVector.broadcast(S, a[ap + a2]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            c22 = ar.fma(b2, c22);
            c23 = ar.fma(b3, c23);
            ar = FloatVector.broadcast(S, a[ap + a3]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
            c32 = ar.fma(b2, c32);
            c33 = ar.fma(b3, c33);
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        if (beta == 0f) {
            c00.mul(va).intoArray(c, ci);
            c01.mul(va).intoArray(c, ci + VL);
            c02.mul(va).intoArray(c, ci + 2 * VL);
            c03.mul(va).intoArray(c, ci + 3 * VL);
            c10.mul(va).intoArray(c, r1);
            c11.mul(va).intoArray(c, r1 + VL);
            c12.mul(va).intoArray(c, r1 + 2 * VL);
            c13.mul(va).intoArray(c, r1 + 3 * VL);
            c20.mul(va).intoArray(c, r2);
            c21.mul(va).intoArray(c, r2 + VL);
            c22.mul(va).intoArray(c, r2 + 2 * VL);
            c23.mul(va).intoArray(c, r2 + 3 * VL);
            c30.mul(va).intoArray(c, r3);
            c31.mul(va).intoArray(c, r3 + VL);
            c32.mul(va).intoArray(c, r3 + 2 * VL);
            c33.mul(va).intoArray(c, r3 + 3 * VL);
        } else {
            FloatVector vb = FloatVector.broadcast(S, beta);
            FloatVector.fromArray(S, c, ci).fma(vb, c00.mul(va)).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + VL).fma(vb, c01.mul(va)).intoArray(c, ci + VL);
            FloatVector.fromArray(S, c, ci + 2 * VL).fma(vb, c02.mul(va)).intoArray(c, ci + 2 * VL);
            FloatVector.fromArray(S, c, ci + 3 * VL).fma(vb, c03.mul(va)).intoArray(c, ci + 3 * VL);
            FloatVector.fromArray(S, c, r1).fma(vb, c10.mul(va)).intoArray(c, r1);
            FloatVector.fromArray(S, c, r1 + VL).fma(vb, c11.mul(va)).intoArray(c, r1 + VL);
            FloatVector.fromArray(S, c, r1 + 2 * VL).fma(vb, c12.mul(va)).intoArray(c, r1 + 2 * VL);
            FloatVector.fromArray(S, c, r1 + 3 * VL).fma(vb, c13.mul(va)).intoArray(c, r1 + 3 * VL);
            FloatVector.fromArray(S, c, r2).fma(vb, c20.mul(va)).intoArray(c, r2);
            FloatVector.fromArray(S, c, r2 + VL).fma(vb, c21.mul(va)).intoArray(c, r2 + VL);
            FloatVector.fromArray(S, c, r2 + 2 * VL).fma(vb, c22.mul(va)).intoArray(c, r2 + 2 * VL);
            FloatVector.fromArray(S, c, r2 + 3 * VL).fma(vb, c23.mul(va)).intoArray(c, r2 + 3 * VL);
            FloatVector.fromArray(S, c, r3).fma(vb, c30.mul(va)).intoArray(c, r3);
            FloatVector.fromArray(S, c, r3 + VL).fma(vb, c31.mul(va)).intoArray(c, r3 + VL);
            FloatVector.fromArray(S, c, r3 + 2 * VL).fma(vb, c32.mul(va)).intoArray(c, r3 + 2 * VL);
            FloatVector.fromArray(S, c, r3 + 3 * VL).fma(vb, c33.mul(va)).intoArray(c, r3 + 3 * VL);
        }
    }

    /**
     * The same for 4 rows × 2 vectors (two vectors of columns left after the wide blocks): eight
     * accumulator chains.
     */
    static void pairBlock(int k, float[] a, int ai, int rowStep, int depthStep, float[] b, int bj, int ldb,
                          float alpha, float beta, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int a1 = rowStep, a2 = 2 * rowStep, a3 = 3 * rowStep;
        for (int p = 0, ap = ai, bp = bj; p < k; p++, ap += depthStep, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
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
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        if (beta == 0f) {
            c00.mul(va).intoArray(c, ci);
            c01.mul(va).intoArray(c, ci + VL);
            c10.mul(va).intoArray(c, r1);
            c11.mul(va).intoArray(c, r1 + VL);
            c20.mul(va).intoArray(c, r2);
            c21.mul(va).intoArray(c, r2 + VL);
            c30.mul(va).intoArray(c, r3);
            c31.mul(va).intoArray(c, r3 + VL);
        } else {
            FloatVector vb = FloatVector.broadcast(S, beta);
            FloatVector.fromArray(S, c, ci).fma(vb, c00.mul(va)).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + VL).fma(vb, c01.mul(va)).intoArray(c, ci + VL);
            FloatVector.fromArray(S, c, r1).fma(vb, c10.mul(va)).intoArray(c, r1);
            FloatVector.fromArray(S, c, r1 + VL).fma(vb, c11.mul(va)).intoArray(c, r1 + VL);
            FloatVector.fromArray(S, c, r2).fma(vb, c20.mul(va)).intoArray(c, r2);
            FloatVector.fromArray(S, c, r2 + VL).fma(vb, c21.mul(va)).intoArray(c, r2 + VL);
            FloatVector.fromArray(S, c, r3).fma(vb, c30.mul(va)).intoArray(c, r3);
            FloatVector.fromArray(S, c, r3 + VL).fma(vb, c31.mul(va)).intoArray(c, r3 + VL);
        }
    }

    /**
     * The same for 4 rows × 1 vector (the columns left after the 4-vector blocks): four
     * accumulator chains instead of one per row.
     */
    static void narrowBlock(int k, float[] a, int ai, int rowStep, int depthStep, float[] b, int bj, int ldb,
                            float alpha, float beta, float[] c, int ci, int ldc) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        int a1 = rowStep, a2 = 2 * rowStep, a3 = 3 * rowStep;
        for (int p = 0, ap = ai, bp = bj; p < k; p++, ap += depthStep, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            c0 = FloatVector.broadcast(S, a[ap]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[ap + a1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[ap + a2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[ap + a3]).fma(b0, c3);
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        if (beta == 0f) {
            c0.mul(va).intoArray(c, ci);
            c1.mul(va).intoArray(c, r1);
            c2.mul(va).intoArray(c, r2);
            c3.mul(va).intoArray(c, r3);
        } else {
            FloatVector vb = FloatVector.broadcast(S, beta);
            FloatVector.fromArray(S, c, ci).fma(vb, c0.mul(va)).intoArray(c, ci);
            FloatVector.fromArray(S, c, r1).fma(vb, c1.mul(va)).intoArray(c, r1);
            FloatVector.fromArray(S, c, r2).fma(vb, c2.mul(va)).intoArray(c, r2);
            FloatVector.fromArray(S, c, r3).fma(vb, c3.mul(va)).intoArray(c, r3);
        }
    }
}
