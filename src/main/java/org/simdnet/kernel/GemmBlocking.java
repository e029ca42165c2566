package org.simdnet.kernel;

import jdk.incubator.vector.VectorSpecies;

/**
 * The block sizes of the packed GEMM, fixed once per species (the GotoBLAS/BLIS recipe).
 *
 * <pre>
 *   register tile  MR × NR      MR rows of A broadcast against NR = 2 vectors of B: 2·MR
 *                               accumulators + 2 B vectors + 1 broadcast. MR = 8 where
 *                               vectors are 16 floats (AVX-512: 19 of its 32 registers),
 *                               MR = 4 below that (AVX2: 11 of its 16; measured faster than
 *                               6 rows on JDK 17 and twice as fast on JDK 25, GemmMicroKernel4).
 *   L1             KC × NR      one packed B micro-panel (256 × 32 floats = 32 KiB at 512 bits)
 *                               stays in the 48 KiB L1d while the A micro-panels stream past it.
 *   L2             MC × KC      the packed A block (192 × 256 floats = 192 KiB) stays in L2.
 *   L3 / memory    KC × NC      the packed B block; NC only bounds the workspace.
 * </pre>
 *
 * KC also fixes the k-summation order (C is updated once per KC slice, slices in ascending k),
 * so it must never depend on the thread count; it depends only on the species.
 */
final class GemmBlocking {

    static final VectorSpecies<Float> SPECIES = FloatSpecies.SPECIES;
    /** Floats per vector. */
    static final int VL = SPECIES.length();
    /** Rows of the register tile: {@link GemmMicroKernel}'s 8, or {@link GemmMicroKernel4}'s 4 on 16-register machines. */
    static final int MR = VL >= 16 ? GemmMicroKernel.ROWS : GemmMicroKernel4.ROWS;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * VL;
    /** Depth of one packed slice. */
    static final int KC = 256;
    /** Rows of one packed A block (a multiple of both MRs). */
    static final int MC = 192;
    /** Columns of one packed B block (a multiple of NR). */
    static final int NC = 4096;

    private GemmBlocking() {
    }

    /** {@code x} rounded up to a multiple of {@code step}. */
    static int roundUp(int x, int step) {
        return (x + step - 1) / step * step;
    }
}
