package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.KC;
import static org.simdnet.kernel.GemmBlocking.MC;
import static org.simdnet.kernel.GemmBlocking.MR;
import static org.simdnet.kernel.GemmBlocking.NC;
import static org.simdnet.kernel.GemmBlocking.NR;

/**
 * The blocking loops around the micro-kernel (BLIS's five loops) for one rectangle of C:
 *
 * <pre>
 *   for jc in columns, step NC:          B block  kc × nc
 *     for pc in 0 .. k, step KC:         pack B[pc.., jc..]     (stays in L3 / L2)
 *       for ic in rows, step MC:         pack A[ic.., pc..]     (stays in L2)
 *         for jr in 0 .. nc, step NR:    B micro-panel           (stays in L1)
 *           for ir in 0 .. mc, step MR:  micro-kernel on one MR × NR tile of C
 * </pre>
 *
 * The first KC slice merges with {@code beta·C}; later slices add to C ({@code beta = 1}). The
 * slice boundaries depend only on k, never on the rectangle, so splitting C into rectangles
 * across threads leaves every element's arithmetic unchanged.
 */
final class GemmBlocked {

    private GemmBlocked() {
    }

    /** Computes rows {@code m0..m1} and columns {@code n0..n1} of C with the workspace {@code ws}. */
    static void run(boolean transA, boolean transB, int m0, int m1, int n0, int n1, int k, float alpha,
                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float beta, float[] c, int cOff, int ldc, GemmWorkspace ws) {
        slices(transA, transB, m0, m1, n0, n1, k, alpha, a, aOff, lda, null, b, bOff, ldb, beta, c, cOff, ldc, ws);
    }

    /**
     * {@link #run} with all of op(A) already packed in {@code pa}: KC slice after KC slice, each
     * holding all m rows as {@link GemmPacking#packA} lays out a block (MR-row panels of the
     * slice's depth), slice {@code pc} from {@code roundUp(m, MR)·pc}. Computes columns
     * {@code n0..n1} of all m rows, with {@link #run}'s slices and tiles (the same bits).
     */
    static void runPackedA(boolean transB, int m, int n0, int n1, int k, float alpha, float[] pa,
                           float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, GemmWorkspace ws) {
        slices(false, transB, 0, m, n0, n1, k, alpha, null, 0, 0, pa, b, bOff, ldb, beta, c, cOff, ldc, ws);
    }

    /** The slice loops of both: A packed block by block into {@code ws}, or read from {@code packedAll}. */
    private static void slices(boolean transA, boolean transB, int m0, int m1, int n0, int n1, int k, float alpha,
                               float[] a, int aOff, int lda, float[] packedAll, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc, GemmWorkspace ws) {
        ws.ensure(packedAll == null ? m1 - m0 : 0, k, n1 - n0);
        float[] pb = ws.packedB;
        int rows = GemmBlocking.roundUp(m1 - m0, MR);
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float sliceBeta = pc == 0 ? beta : 1f;
                GemmPacking.packB(transB, b, bOff, ldb, pc, kc, jc, nc, pb);
                for (int ic = m0; ic < m1; ic += MC) {
                    int mc = Math.min(MC, m1 - ic);
                    float[] pa = packedAll;
                    int paOff = rows * pc + (ic - m0) * kc;
                    if (packedAll == null) {
                        pa = ws.packedA;
                        paOff = 0;
                        GemmPacking.packA(transA, a, aOff, lda, ic, mc, pc, kc, pa);
                    }
                    macro(kc, mc, nc, pa, paOff, pb, alpha, sliceBeta, c, cOff + ic * ldc + jc, ldc, ws.tile);
                }
            }
        }
    }

    /** The two loops over the register tiles of one mc × nc block of C. */
    static void macro(int kc, int mc, int nc, float[] pa, int paOff, float[] pb, float alpha, float beta,
                              float[] c, int cBlock, int ldc, float[] tile) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int bPanel = jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int ci = cBlock + ir * ldc + jr;
                if (rows == MR && cols == NR) {
                    GemmMicroKernel.tileMR(kc, pa, paOff + ir * kc, pb, bPanel, alpha, beta, c, ci, ldc);
                } else {
                    GemmMicroKernel.edgeTile(kc, pa, paOff + ir * kc, pb, bPanel, alpha, beta, c, ci, ldc,
                            rows, cols, tile);
                }
            }
        }
    }
}
