package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.VL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dot form of an NT product with fewer columns than a vector (a layer's 3 or 10 outputs):
 * {@code C(i, j) = A row i · B row j}, both contiguous along k. Each element's sum is fixed since
 * simdnet 0.1 (model files of that version predict the very bits they recorded): its
 * {@code VL} lane partials summed in ascending p, then {@link Lanes#sum}'s halving tree, then the
 * scalar tail in ascending p.
 *
 * <p>One element at a time that is a chain of {@code k / VL} dependent multiply-adds and a serial
 * lane sum: 2.7 µs for 32 × 10 × 128. At 16 lanes a block of 4 rows × 4 columns keeps 16 chains in
 * flight, and its 16 lane sums are folded together: at each halving distance {@code d} two
 * vectors become one, the lanes whose bit {@code d} is set taken from the second, each lane
 * added to lane {@code i ^ d} of its own vector. That adds the same pairs as {@link Lanes#sum}
 * (each vector's partial sums stay in one block of lanes) with 15 folds instead of 64 lane
 * steps; vector {@code q} ends in lane {@code reverse4(q)}. Missing rows and columns of a block
 * read a zero row and are not stored.
 */
final class GemmDot {

    private static final VectorSpecies<Float> S = GemmBlocking.SPECIES;
    /** Whether the 4 × 4 block applies (16 lanes). */
    private static final boolean BLOCKS = VL == 16;
    private static final VectorShuffle<Float> SWAP8 = swap(8), SWAP4 = swap(4), SWAP2 = swap(2), SWAP1 = swap(1);
    private static final VectorMask<Float> BIT8 = bit(8), BIT4 = bit(4), BIT2 = bit(2), BIT1 = bit(1);
    /** Lane of block element {@code 4·r + q} after the folds: the 4-bit reversal. */
    private static final int[] LANE_OF = new int[16];

    static {
        for (int e = 0; e < 16; e++) {
            LANE_OF[e] = ((e & 1) << 3) | ((e & 2) << 1) | ((e & 4) >> 1) | ((e & 8) >> 3);
        }
    }

    private GemmDot() {
    }

    private static VectorShuffle<Float> swap(int d) {
        return VectorShuffle.fromOp(S, i -> (i ^ d) < VL ? i ^ d : i);
    }

    private static VectorMask<Float> bit(int d) {
        boolean[] set = new boolean[VL];
        for (int i = 0; i < VL; i++) {
            set[i] = (i & d) != 0;
        }
        return VectorMask.fromArray(S, set, 0);
    }

    static void run(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float beta, float[] c, int cOff, int ldc, GemmWorkspace ws) {
        if (!BLOCKS) {
            oneByOne(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        float[] zero = ws.zeros(k);
        float[] sums = ws.tile;         // 16 vectors of lane partials, then the sums
        for (int i = 0; i < m; i += 4) {
            float[] a0 = a, a1 = i + 1 < m ? a : zero, a2 = i + 2 < m ? a : zero, a3 = i + 3 < m ? a : zero;
            int o0 = aOff + i * lda, o1 = i + 1 < m ? o0 + lda : 0, o2 = i + 2 < m ? o0 + 2 * lda : 0,
                    o3 = i + 3 < m ? o0 + 3 * lda : 0;
            for (int j = 0; j < n; j += 4) {
                float[] b0 = b, b1 = j + 1 < n ? b : zero, b2 = j + 2 < n ? b : zero, b3 = j + 3 < n ? b : zero;
                int q0 = bOff + j * ldb, q1 = j + 1 < n ? q0 + ldb : 0, q2 = j + 2 < n ? q0 + 2 * ldb : 0,
                        q3 = j + 3 < n ? q0 + 3 * ldb : 0;
                block(k, a0, o0, a1, o1, a2, o2, a3, o3, b0, q0, b1, q1, b2, q2, b3, q3, sums);
                fold(sums);
                int rows = Math.min(4, m - i), cols = Math.min(4, n - j);
                for (int r = 0; r < rows; r++) {
                    int ar = o0 + r * lda;
                    for (int q = 0; q < cols; q++) {
                        int bq = q0 + q * ldb;
                        float sum = sums[LANE_OF[4 * r + q]];
                        for (int p = k - k % VL; p < k; p++) {
                            sum = Math.fma(a[ar + p], b[bq + p], sum);
                        }
                        GemmSmall.store(c, cOff + (i + r) * ldc + j + q, alpha, beta, sum);
                    }
                }
            }
        }
    }

    /**
     * The lane partials of the 16 products of rows a0..a3 and b0..b3 over the whole vectors of k,
     * into {@code partials} (element {@code 4·r + q} at {@code (4·r + q)·VL}). Written out: no
     * vector crosses a call.
     */
    private static void block(int k, float[] a0, int o0, float[] a1, int o1, float[] a2, int o2, float[] a3, int o3,
                              float[] b0, int q0, float[] b1, int q1, float[] b2, int q2, float[] b3, int q3,
                              float[] partials) {
        FloatVector x0 = FloatVector.zero(S), x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0, x7 = x0, x8 = x0, x9 = x0, x10 = x0, x11 = x0, x12 = x0, x13 = x0, x14 = x0, x15 = x0;
        int kv = S.loopBound(k);
        for (int p = 0; p < kv; p += VL) {
            FloatVector vb0 = FloatVector.fromArray(S, b0, q0 + p);
            FloatVector vb1 = FloatVector.fromArray(S, b1, q1 + p);
            FloatVector vb2 = FloatVector.fromArray(S, b2, q2 + p);
            FloatVector vb3 = FloatVector.fromArray(S, b3, q3 + p);
            FloatVector va0 = FloatVector.fromArray(S, a0, o0 + p);
            x0 = va0.fma(vb0, x0);
            x1 = va0.fma(vb1, x1);
            x2 = va0.fma(vb2, x2);
            x3 = va0.fma(vb3, x3);
            FloatVector va1 = FloatVector.fromArray(S, a1, o1 + p);
            x4 = va1.fma(vb0, x4);
            x5 = va1.fma(vb1, x5);
            x6 = va1.fma(vb2, x6);
            x7 = va1.fma(vb3, x7);
            FloatVector va2 = FloatVector.fromArray(S, a2, o2 + p);
            x8 = va2.fma(vb0, x8);
            x9 = va2.fma(vb1, x9);
            x10 = va2.fma(vb2, x10);
            x11 = va2.fma(vb3, x11);
            FloatVector va3 = FloatVector.fromArray(S, a3, o3 + p);
            x12 = va3.fma(vb0, x12);
            x13 = va3.fma(vb1, x13);
            x14 = va3.fma(vb2, x14);
            x15 = va3.fma(vb3, x15);
        }
        x0.intoArray(partials, 0);
        x1.intoArray(partials, 1 * VL);
        x2.intoArray(partials, 2 * VL);
        x3.intoArray(partials, 3 * VL);
        x4.intoArray(partials, 4 * VL);
        x5.intoArray(partials, 5 * VL);
        x6.intoArray(partials, 6 * VL);
        x7.intoArray(partials, 7 * VL);
        x8.intoArray(partials, 8 * VL);
        x9.intoArray(partials, 9 * VL);
        x10.intoArray(partials, 10 * VL);
        x11.intoArray(partials, 11 * VL);
        x12.intoArray(partials, 12 * VL);
        x13.intoArray(partials, 13 * VL);
        x14.intoArray(partials, 14 * VL);
        x15.intoArray(partials, 15 * VL);
    }

    /**
     * Folds the 16 lane-partial vectors at {@code partials[e·VL ..]} into one vector of their sums
     * and stores it at {@code partials[0 ..]}: element {@code e}'s sum in lane
     * {@code reverse4(e)}. A method of its own, through memory: in one method with the
     * multiply-adds, C2 ran out of inlining budget on JDK 17 in some JVMs and boxed.
     */
    private static void fold(float[] partials) {
        FloatVector x0 = FloatVector.fromArray(S, partials, 0 * VL);
        FloatVector x1 = FloatVector.fromArray(S, partials, 1 * VL);
        FloatVector x2 = FloatVector.fromArray(S, partials, 2 * VL);
        FloatVector x3 = FloatVector.fromArray(S, partials, 3 * VL);
        FloatVector x4 = FloatVector.fromArray(S, partials, 4 * VL);
        FloatVector x5 = FloatVector.fromArray(S, partials, 5 * VL);
        FloatVector x6 = FloatVector.fromArray(S, partials, 6 * VL);
        FloatVector x7 = FloatVector.fromArray(S, partials, 7 * VL);
        FloatVector x8 = FloatVector.fromArray(S, partials, 8 * VL);
        FloatVector x9 = FloatVector.fromArray(S, partials, 9 * VL);
        FloatVector x10 = FloatVector.fromArray(S, partials, 10 * VL);
        FloatVector x11 = FloatVector.fromArray(S, partials, 11 * VL);
        FloatVector x12 = FloatVector.fromArray(S, partials, 12 * VL);
        FloatVector x13 = FloatVector.fromArray(S, partials, 13 * VL);
        FloatVector x14 = FloatVector.fromArray(S, partials, 14 * VL);
        FloatVector x15 = FloatVector.fromArray(S, partials, 15 * VL);
        x0 = x0.blend(x1, BIT8).add(x1.blend(x0, BIT8).rearrange(SWAP8));
        x2 = x2.blend(x3, BIT8).add(x3.blend(x2, BIT8).rearrange(SWAP8));
        x4 = x4.blend(x5, BIT8).add(x5.blend(x4, BIT8).rearrange(SWAP8));
        x6 = x6.blend(x7, BIT8).add(x7.blend(x6, BIT8).rearrange(SWAP8));
        x8 = x8.blend(x9, BIT8).add(x9.blend(x8, BIT8).rearrange(SWAP8));
        x10 = x10.blend(x11, BIT8).add(x11.blend(x10, BIT8).rearrange(SWAP8));
        x12 = x12.blend(x13, BIT8).add(x13.blend(x12, BIT8).rearrange(SWAP8));
        x14 = x14.blend(x15, BIT8).add(x15.blend(x14, BIT8).rearrange(SWAP8));
        x0 = x0.blend(x2, BIT4).add(x2.blend(x0, BIT4).rearrange(SWAP4));
        x4 = x4.blend(x6, BIT4).add(x6.blend(x4, BIT4).rearrange(SWAP4));
        x8 = x8.blend(x10, BIT4).add(x10.blend(x8, BIT4).rearrange(SWAP4));
        x12 = x12.blend(x14, BIT4).add(x14.blend(x12, BIT4).rearrange(SWAP4));
        x0 = x0.blend(x4, BIT2).add(x4.blend(x0, BIT2).rearrange(SWAP2));
        x8 = x8.blend(x12, BIT2).add(x12.blend(x8, BIT2).rearrange(SWAP2));
        x0 = x0.blend(x8, BIT1).add(x8.blend(x0, BIT1).rearrange(SWAP1));
        x0.intoArray(partials, 0);
    }

    /** One element at a time (other vector widths). */
    private static void oneByOne(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff,
                                 int ldb, float beta, float[] c, int cOff, int ldc) {
        int kv = S.loopBound(k);
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * ldb;
                FloatVector acc = FloatVector.zero(S);
                int p = 0;
                for (; p < kv; p += VL) {
                    acc = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), acc);
                }
                float sum = Lanes.sum(acc);
                for (; p < k; p++) {
                    sum = Math.fma(a[ai + p], b[bj + p], sum);
                }
                GemmSmall.store(c, cOff + i * ldc + j, alpha, beta, sum);
            }
        }
    }
}
