package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.VL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Copies a transposed B ({@code n} rows of {@code k}, row stride {@code ldb}) into a row-major
 * {@code k × n} scratch, so that the unpacked path reads op(B)'s rows contiguously. A plain
 * double loop writes one float per cache line of the destination (a 64 → 128 layer's weights
 * took ~8 µs); a gather of 16 source rows per destination vector ~3.7 µs. At 16 lanes, whole
 * 16 × 16 blocks are transposed in registers instead (~2 µs on JDK 17, ~0.8 µs on JDK 25): four
 * stages that swap lanes {@code i} and {@code i ^ d} between vectors {@code q} and {@code q + d}
 * (d = 1, 2, 4, 8), written out so that C2 keeps the 16 vectors in registers. At 8 lanes (AVX2,
 * where a gather is slower still) whole 8 × 8 blocks, three stages. The edges, and other vector
 * widths, take the gather.
 */
final class GemmTranspose {

    private static final VectorSpecies<Float> S = GemmBlocking.SPECIES;
    /** The side of the in-register blocks: 16 at 512 bits, 8 at 256, none otherwise. */
    private static final int BLOCK = VL == 16 || VL == 8 ? VL : 0;
    private static final VectorShuffle<Float> SWAP1 = swap(1), SWAP2 = swap(2), SWAP4 = swap(4), SWAP8 = swap(8);
    private static final VectorMask<Float> HIGH1 = high(1), HIGH2 = high(2), HIGH4 = high(4), HIGH8 = high(8);
    private static final VectorMask<Float> LOW1 = HIGH1.not(), LOW2 = HIGH2.not(), LOW4 = HIGH4.not(), LOW8 = HIGH8.not();

    private GemmTranspose() {
    }

    /** Lane i takes lane i ^ d (identity where that is past the vector). */
    private static VectorShuffle<Float> swap(int d) {
        return VectorShuffle.fromOp(S, i -> (i ^ d) < VL ? i ^ d : i);
    }

    /** Lanes whose bit d is set. */
    private static VectorMask<Float> high(int d) {
        boolean[] bits = new boolean[VL];
        for (int i = 0; i < VL; i++) {
            bits[i] = (i & d) != 0;
        }
        return VectorMask.fromArray(S, bits, 0);
    }

    /**
     * {@code dst[p·n + j] = b[bOff + j·ldb + p]} for {@code p < k}, {@code j < n}; {@code rowStarts}
     * holds at least {@code VL} ints of scratch.
     */
    static void transpose(int n, int k, float[] b, int bOff, int ldb, float[] dst, int[] rowStarts) {
        transpose(n, k, b, bOff, ldb, dst, n, rowStarts);
    }

    /** The same into rows {@code ldd ≥ n} floats apart: {@code dst[p·ldd + j] = b[bOff + j·ldb + p]}. */
    static void transpose(int n, int k, float[] b, int bOff, int ldb, float[] dst, int ldd, int[] rowStarts) {
        for (int q = 0; q < VL; q++) {
            rowStarts[q] = q * ldb;
        }
        int nv = S.loopBound(n);
        int kb = BLOCK == 0 ? 0 : k - k % BLOCK;
        int j = 0;
        for (; j < nv; j += VL) {
            int src = bOff + j * ldb;
            if (BLOCK == 16) {
                for (int p = 0; p < kb; p += 16) {
                    block16(b, src + p, ldb, dst, p * ldd + j, ldd);
                }
            } else if (BLOCK == 8) {
                for (int p = 0; p < kb; p += 8) {
                    block8(b, src + p, ldb, dst, p * ldd + j, ldd);
                }
            }
            for (int p = kb, d = kb * ldd + j; p < k; p++, d += ldd) {
                FloatVector.fromArray(S, b, src + p, rowStarts, 0).intoArray(dst, d);
            }
        }
        for (; j < n; j++) {
            int src = bOff + j * ldb;
            for (int p = 0, d = j; p < k; p++, d += ldd) {
                dst[d] = b[src + p];
            }
        }
    }

    /** One 16 × 16 block: rows {@code b[src + q·ldb ..]} become rows {@code dst[d + q·n ..]}. */
    private static void block16(float[] b, int src, int ldb, float[] dst, int d, int n) {
        FloatVector v0 = FloatVector.fromArray(S, b, src + 0 * ldb);
        FloatVector v1 = FloatVector.fromArray(S, b, src + 1 * ldb);
        FloatVector v2 = FloatVector.fromArray(S, b, src + 2 * ldb);
        FloatVector v3 = FloatVector.fromArray(S, b, src + 3 * ldb);
        FloatVector v4 = FloatVector.fromArray(S, b, src + 4 * ldb);
        FloatVector v5 = FloatVector.fromArray(S, b, src + 5 * ldb);
        FloatVector v6 = FloatVector.fromArray(S, b, src + 6 * ldb);
        FloatVector v7 = FloatVector.fromArray(S, b, src + 7 * ldb);
        FloatVector v8 = FloatVector.fromArray(S, b, src + 8 * ldb);
        FloatVector v9 = FloatVector.fromArray(S, b, src + 9 * ldb);
        FloatVector v10 = FloatVector.fromArray(S, b, src + 10 * ldb);
        FloatVector v11 = FloatVector.fromArray(S, b, src + 11 * ldb);
        FloatVector v12 = FloatVector.fromArray(S, b, src + 12 * ldb);
        FloatVector v13 = FloatVector.fromArray(S, b, src + 13 * ldb);
        FloatVector v14 = FloatVector.fromArray(S, b, src + 14 * ldb);
        FloatVector v15 = FloatVector.fromArray(S, b, src + 15 * ldb);
        FloatVector x;
        x = v0;
        v0 = x.blend(v1.rearrange(SWAP1), HIGH1);
        v1 = v1.blend(x.rearrange(SWAP1), LOW1);
        x = v2;
        v2 = x.blend(v3.rearrange(SWAP1), HIGH1);
        v3 = v3.blend(x.rearrange(SWAP1), LOW1);
        x = v4;
        v4 = x.blend(v5.rearrange(SWAP1), HIGH1);
        v5 = v5.blend(x.rearrange(SWAP1), LOW1);
        x = v6;
        v6 = x.blend(v7.rearrange(SWAP1), HIGH1);
        v7 = v7.blend(x.rearrange(SWAP1), LOW1);
        x = v8;
        v8 = x.blend(v9.rearrange(SWAP1), HIGH1);
        v9 = v9.blend(x.rearrange(SWAP1), LOW1);
        x = v10;
        v10 = x.blend(v11.rearrange(SWAP1), HIGH1);
        v11 = v11.blend(x.rearrange(SWAP1), LOW1);
        x = v12;
        v12 = x.blend(v13.rearrange(SWAP1), HIGH1);
        v13 = v13.blend(x.rearrange(SWAP1), LOW1);
        x = v14;
        v14 = x.blend(v15.rearrange(SWAP1), HIGH1);
        v15 = v15.blend(x.rearrange(SWAP1), LOW1);
        x = v0;
        v0 = x.blend(v2.rearrange(SWAP2), HIGH2);
        v2 = v2.blend(x.rearrange(SWAP2), LOW2);
        x = v1;
        v1 = x.blend(v3.rearrange(SWAP2), HIGH2);
        v3 = v3.blend(x.rearrange(SWAP2), LOW2);
        x = v4;
        v4 = x.blend(v6.rearrange(SWAP2), HIGH2);
        v6 = v6.blend(x.rearrange(SWAP2), LOW2);
        x = v5;
        v5 = x.blend(v7.rearrange(SWAP2), HIGH2);
        v7 = v7.blend(x.rearrange(SWAP2), LOW2);
        x = v8;
        v8 = x.blend(v10.rearrange(SWAP2), HIGH2);
        v10 = v10.blend(x.rearrange(SWAP2), LOW2);
        x = v9;
        v9 = x.blend(v11.rearrange(SWAP2), HIGH2);
        v11 = v11.blend(x.rearrange(SWAP2), LOW2);
        x = v12;
        v12 = x.blend(v14.rearrange(SWAP2), HIGH2);
        v14 = v14.blend(x.rearrange(SWAP2), LOW2);
        x = v13;
        v13 = x.blend(v15.rearrange(SWAP2), HIGH2);
        v15 = v15.blend(x.rearrange(SWAP2), LOW2);
        x = v0;
        v0 = x.blend(v4.rearrange(SWAP4), HIGH4);
        v4 = v4.blend(x.rearrange(SWAP4), LOW4);
        x = v1;
        v1 = x.blend(v5.rearrange(SWAP4), HIGH4);
        v5 = v5.blend(x.rearrange(SWAP4), LOW4);
        x = v2;
        v2 = x.blend(v6.rearrange(SWAP4), HIGH4);
        v6 = v6.blend(x.rearrange(SWAP4), LOW4);
        x = v3;
        v3 = x.blend(v7.rearrange(SWAP4), HIGH4);
        v7 = v7.blend(x.rearrange(SWAP4), LOW4);
        x = v8;
        v8 = x.blend(v12.rearrange(SWAP4), HIGH4);
        v12 = v12.blend(x.rearrange(SWAP4), LOW4);
        x = v9;
        v9 = x.blend(v13.rearrange(SWAP4), HIGH4);
        v13 = v13.blend(x.rearrange(SWAP4), LOW4);
        x = v10;
        v10 = x.blend(v14.rearrange(SWAP4), HIGH4);
        v14 = v14.blend(x.rearrange(SWAP4), LOW4);
        x = v11;
        v11 = x.blend(v15.rearrange(SWAP4), HIGH4);
        v15 = v15.blend(x.rearrange(SWAP4), LOW4);
        x = v0;
        v0 = x.blend(v8.rearrange(SWAP8), HIGH8);
        v8 = v8.blend(x.rearrange(SWAP8), LOW8);
        x = v1;
        v1 = x.blend(v9.rearrange(SWAP8), HIGH8);
        v9 = v9.blend(x.rearrange(SWAP8), LOW8);
        x = v2;
        v2 = x.blend(v10.rearrange(SWAP8), HIGH8);
        v10 = v10.blend(x.rearrange(SWAP8), LOW8);
        x = v3;
        v3 = x.blend(v11.rearrange(SWAP8), HIGH8);
        v11 = v11.blend(x.rearrange(SWAP8), LOW8);
        x = v4;
        v4 = x.blend(v12.rearrange(SWAP8), HIGH8);
        v12 = v12.blend(x.rearrange(SWAP8), LOW8);
        x = v5;
        v5 = x.blend(v13.rearrange(SWAP8), HIGH8);
        v13 = v13.blend(x.rearrange(SWAP8), LOW8);
        x = v6;
        v6 = x.blend(v14.rearrange(SWAP8), HIGH8);
        v14 = v14.blend(x.rearrange(SWAP8), LOW8);
        x = v7;
        v7 = x.blend(v15.rearrange(SWAP8), HIGH8);
        v15 = v15.blend(x.rearrange(SWAP8), LOW8);
        v0.intoArray(dst, d + 0 * n);
        v1.intoArray(dst, d + 1 * n);
        v2.intoArray(dst, d + 2 * n);
        v3.intoArray(dst, d + 3 * n);
        v4.intoArray(dst, d + 4 * n);
        v5.intoArray(dst, d + 5 * n);
        v6.intoArray(dst, d + 6 * n);
        v7.intoArray(dst, d + 7 * n);
        v8.intoArray(dst, d + 8 * n);
        v9.intoArray(dst, d + 9 * n);
        v10.intoArray(dst, d + 10 * n);
        v11.intoArray(dst, d + 11 * n);
        v12.intoArray(dst, d + 12 * n);
        v13.intoArray(dst, d + 13 * n);
        v14.intoArray(dst, d + 14 * n);
        v15.intoArray(dst, d + 15 * n);
    }

    /** One 8 × 8 block (8 lanes): rows {@code b[src + q·ldb ..]} become rows {@code dst[d + q·n ..]}. */
    private static void block8(float[] b, int src, int ldb, float[] dst, int d, int n) {
        FloatVector v0 = FloatVector.fromArray(S, b, src + 0 * ldb);
        FloatVector v1 = FloatVector.fromArray(S, b, src + 1 * ldb);
        FloatVector v2 = FloatVector.fromArray(S, b, src + 2 * ldb);
        FloatVector v3 = FloatVector.fromArray(S, b, src + 3 * ldb);
        FloatVector v4 = FloatVector.fromArray(S, b, src + 4 * ldb);
        FloatVector v5 = FloatVector.fromArray(S, b, src + 5 * ldb);
        FloatVector v6 = FloatVector.fromArray(S, b, src + 6 * ldb);
        FloatVector v7 = FloatVector.fromArray(S, b, src + 7 * ldb);
        FloatVector x;
        x = v0;
        v0 = x.blend(v1.rearrange(SWAP1), HIGH1);
        v1 = v1.blend(x.rearrange(SWAP1), LOW1);
        x = v2;
        v2 = x.blend(v3.rearrange(SWAP1), HIGH1);
        v3 = v3.blend(x.rearrange(SWAP1), LOW1);
        x = v4;
        v4 = x.blend(v5.rearrange(SWAP1), HIGH1);
        v5 = v5.blend(x.rearrange(SWAP1), LOW1);
        x = v6;
        v6 = x.blend(v7.rearrange(SWAP1), HIGH1);
        v7 = v7.blend(x.rearrange(SWAP1), LOW1);
        x = v0;
        v0 = x.blend(v2.rearrange(SWAP2), HIGH2);
        v2 = v2.blend(x.rearrange(SWAP2), LOW2);
        x = v1;
        v1 = x.blend(v3.rearrange(SWAP2), HIGH2);
        v3 = v3.blend(x.rearrange(SWAP2), LOW2);
        x = v4;
        v4 = x.blend(v6.rearrange(SWAP2), HIGH2);
        v6 = v6.blend(x.rearrange(SWAP2), LOW2);
        x = v5;
        v5 = x.blend(v7.rearrange(SWAP2), HIGH2);
        v7 = v7.blend(x.rearrange(SWAP2), LOW2);
        x = v0;
        v0 = x.blend(v4.rearrange(SWAP4), HIGH4);
        v4 = v4.blend(x.rearrange(SWAP4), LOW4);
        x = v1;
        v1 = x.blend(v5.rearrange(SWAP4), HIGH4);
        v5 = v5.blend(x.rearrange(SWAP4), LOW4);
        x = v2;
        v2 = x.blend(v6.rearrange(SWAP4), HIGH4);
        v6 = v6.blend(x.rearrange(SWAP4), LOW4);
        x = v3;
        v3 = x.blend(v7.rearrange(SWAP4), HIGH4);
        v7 = v7.blend(x.rearrange(SWAP4), LOW4);
        v0.intoArray(dst, d + 0 * n);
        v1.intoArray(dst, d + 1 * n);
        v2.intoArray(dst, d + 2 * n);
        v3.intoArray(dst, d + 3 * n);
        v4.intoArray(dst, d + 4 * n);
        v5.intoArray(dst, d + 5 * n);
        v6.intoArray(dst, d + 6 * n);
        v7.intoArray(dst, d + 7 * n);
    }
}
