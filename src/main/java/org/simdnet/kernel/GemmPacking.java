package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.MR;
import static org.simdnet.kernel.GemmBlocking.NR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Copies blocks of op(A) and op(B) into the contiguous order the micro-kernel reads, so that the
 * micro-kernel sees one layout whatever the transposes, strides and offsets were.
 *
 * <pre>
 *   packed A (mc × kc block):  panel r = rows r·MR .. r·MR+MR-1, stored p-major:
 *       [a(0,0) a(1,0) .. a(MR-1,0)] [a(0,1) .. a(MR-1,1)] ... [.. a(MR-1,kc-1)]
 *   packed B (kc × nc block):  panel s = columns s·NR .. s·NR+NR-1, stored p-major:
 *       [b(0,0) .. b(0,NR-1)] [b(1,0) .. b(1,NR-1)] ... [.. b(kc-1,NR-1)]
 * </pre>
 *
 * Rows (columns) past the matrix edge are zero, so the micro-kernel always runs a full tile; the
 * padded results are simply never stored. The depth kc is never padded, so every stored element
 * of C is the same sum of the same products whatever block or tile it fell in.
 */
final class GemmPacking {

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    private GemmPacking() {
    }

    /**
     * Packs op(A)[i0 .. i0+mc, p0 .. p0+kc] into {@code dst}; op(A)(i, p) is
     * {@code a[aOff + i·lda + p]}, or {@code a[aOff + p·lda + i]} when {@code transA}.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                      float[] dst) {
        packA(transA, a, aOff, lda, i0, mc, p0, kc, dst, 0);
    }

    /** {@link #packA(boolean, float[], int, int, int, int, int, int, float[])} into {@code dst[dstOff..]}. */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                      float[] dst, int dstOff) {
        int o = dstOff;
        for (int r = 0; r < mc; r += MR) {
            int rows = Math.min(MR, mc - r);
            int i = i0 + r;
            if (transA) {
                // op(A) rows are A columns: each p contributes MR neighbours of one A row.
                int src = aOff + p0 * lda + i;
                if (rows == MR) {
                    for (int p = 0; p < kc; p++, src += lda, o += MR) {
                        System.arraycopy(a, src, dst, o, MR);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += lda, o += MR) {
                        for (int ii = 0; ii < MR; ii++) {
                            dst[o + ii] = ii < rows ? a[src + ii] : 0f;
                        }
                    }
                }
            } else {
                // op(A) rows are A rows: interleave MR row streams.
                int src = aOff + i * lda + p0;
                for (int ii = 0; ii < MR; ii++) {
                    int d = o + ii;
                    if (ii < rows) {
                        int s = src + ii * lda;
                        for (int p = 0; p < kc; p++, d += MR) {
                            dst[d] = a[s + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++, d += MR) {
                            dst[d] = 0f;
                        }
                    }
                }
                o += MR * kc;
            }
        }
    }

    /**
     * Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] into {@code dst}; op(B)(p, j) is
     * {@code b[bOff + p·ldb + j]}, or {@code b[bOff + j·ldb + p]} when {@code transB}.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
                      float[] dst) {
        int o = 0;
        for (int s = 0; s < nc; s += NR) {
            int cols = Math.min(NR, nc - s);
            int j = j0 + s;
            if (transB) {
                // op(B) columns are B rows: each B row goes down one lane of the panel. Four rows
                // at a time, so that every p writes four neighbouring floats instead of one float
                // per cache line (the single-row scatter cost ~2 ms a step in a 1024-wide layer).
                int src = bOff + j * ldb + p0;
                int full = cols - cols % 4;
                int jj = 0;
                for (; jj < full; jj += 4) {
                    int r0 = src + jj * ldb, r1 = r0 + ldb, r2 = r1 + ldb, r3 = r2 + ldb;
                    for (int p = 0, d = o + jj; p < kc; p++, d += NR) {
                        dst[d] = b[r0 + p];
                        dst[d + 1] = b[r1 + p];
                        dst[d + 2] = b[r2 + p];
                        dst[d + 3] = b[r3 + p];
                    }
                }
                for (; jj < NR; jj++) {
                    int d = o + jj;
                    if (jj < cols) {
                        int r = src + jj * ldb;
                        for (int p = 0; p < kc; p++, d += NR) {
                            dst[d] = b[r + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++, d += NR) {
                            dst[d] = 0f;
                        }
                    }
                }
                o += NR * kc;
            } else {
                // op(B) rows are B rows: copy NR neighbours per p.
                int src = bOff + p0 * ldb + j;
                if (cols == NR) {
                    // NR is two vectors: two loads and two stores per p (an arraycopy call per
                    // 32 floats cost more than the copy).
                    for (int p = 0; p < kc; p++, src += ldb, o += NR) {
                        FloatVector.fromArray(S, b, src).intoArray(dst, o);
                        FloatVector.fromArray(S, b, src + L).intoArray(dst, o + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += ldb, o += NR) {
                        for (int jj = 0; jj < NR; jj++) {
                            dst[o + jj] = jj < cols ? b[src + jj] : 0f;
                        }
                    }
                }
            }
        }
    }
}
