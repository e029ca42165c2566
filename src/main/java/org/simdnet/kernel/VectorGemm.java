package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.VL;

import java.util.concurrent.ForkJoinPool;

/**
 * The Vector API GEMM. It routes each call by shape alone (so the arithmetic, and therefore
 * the result, never depends on the pool):
 *
 * <ul>
 *   <li>small or skinny products to {@link GemmSmall} (no packing, no tasks);
 *   <li>the rest to the packed, blocked algorithm ({@link GemmBlocked} around
 *       {@link GemmMicroKernel}), split across {@code pool} by {@link GemmParallel} when the
 *       product is large enough to repay the hand-off.
 * </ul>
 *
 * See {@code docs/gemm.md} for the design.
 */
final class VectorGemm implements GemmKernel {

    /**
     * Products of at most this many rows stay unpacked (one or two rows: half a 6-row tile, the
     * AVX2 tile when this was set; kept when the tile became 4 rows, so that no shape changed path).
     */
    static final int SMALL_MAX_ROWS = 2;
    /** Below this many multiply-adds packing does not pay for itself. */
    static final long SMALL_VOLUME = 20L * 20 * 20;
    /**
     * Below this many multiply-adds a second thread does not pay for the hand-off. On a Zen 3
     * pair (docs/benchmarks.md, eighth stop) the column split beat one thread from 65³ up even
     * when the pool's worker had to be woken for every call (n = 81: 17–18 against 22.5 µs;
     * n = 128: 41 against 60 µs), and by more when it was still lingering from the call before
     * ({@link HelperTasks}); at 49³ a cold wake-up cost more than it saved. (It was 200³ while
     * the row split was the only one and its helpers did not linger.)
     */
    static final long PARALLEL_VOLUME = 80L * 80 * 80;
    /**
     * Below this many multiply-adds, products between one and two vectors wide stay in the narrow
     * form ({@link #isSmall}); the parallel threshold's old value, kept apart from it so that
     * lowering that one moved no product between the one-thread paths.
     */
    static final long NARROW_MAX_VOLUME = 200L * 200 * 200;

    /**
     * The threshold in use: {@link #PARALLEL_VOLUME}, or {@code -Dsimdnet.gemmParallelMinVolume}
     * (read once; for tests, which set it low to put small shapes on the parallel path). Not
     * volatile: a test sets it before the calls it means to route.
     */
    private static long parallelVolume = Math.max(0, Long.getLong("simdnet.gemmParallelMinVolume", PARALLEL_VOLUME));

    /** The parallel threshold in use. */
    static long parallelVolume() {
        return parallelVolume;
    }

    /** Test hook: sets the parallel threshold (multiply-adds), returns the previous one. */
    static long parallelVolume(long volume) {
        if (volume < 0) {
            throw new IllegalArgumentException("volume must be >= 0, got " + volume);
        }
        long previous = parallelVolume;
        parallelVolume = volume;
        return previous;
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc, ForkJoinPool pool) {
        if (isSmall(m, n, k)) {
            GemmSmall.run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    GemmWorkspace.get());
        } else if (pool != null && (long) m * n * k >= parallelVolume
                && GemmParallel.worthSplitting(m, pool)) {
            GemmParallel.run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    pool);
        } else {
            GemmBlocked.run(transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                    ldc, GemmWorkspace.get());
        }
    }

    /**
     * Within one packed slice every path sums one chain per element (the packed path updates C
     * once per slice of depth {@link GemmBlocking#KC}), except the dot form, which sums lanes.
     */
    @Override
    public boolean sumsOneChainPerElement(boolean transA, boolean transB, int n, int k) {
        return k <= GemmBlocking.KC && !GemmSmall.isDotForm(transA, transB, n, k);
    }

    /**
     * Products the packed path would mostly spend packing or padding on: tiny ones, fewer
     * columns than one vector (a tile would be mostly zero padding), or
     * {@link #SMALL_MAX_ROWS} rows or fewer; or between one and two vectors of columns below the parallel size, where the narrow
     * form's padding costs less than packing A (same bits within one slice). (A short k alone is
     * fine for the packed path: measured faster at k = 2 and 3.)
     */
    static boolean isSmall(int m, int n, int k) {
        return (long) m * n * k <= SMALL_VOLUME || n < VL || m <= SMALL_MAX_ROWS || isDirect(m, n, k)
                || n > VL && GemmNarrow.suits(n, k) && (long) m * n * k < NARROW_MAX_VOLUME;
    }

    /**
     * Products whose operands sit in L1 or L2 anyway, where packing costs as much as it saves:
     * the unpacked row blocks measured 1.2–1.5× faster than the packed path from 32 × 128 × 64
     * (a batch of 32 through a 64 → 128 layer) to 128 × 128 × 64, and on par at 128³ or with
     * k = 128 beyond 2^19 multiply-adds. Whole vectors of columns only: the unpacked path's
     * last columns run one accumulator each, where the packed path pads. The depth stays within
     * one packed slice, so both paths give the same bits.
     */
    static boolean isDirect(int m, int n, int k) {
        long volume = (long) m * n * k;
        return n % VL == 0 && (k <= DIRECT_SHALLOW_DEPTH ? volume <= DIRECT_SHALLOW_VOLUME
                : k <= GemmBlocking.KC && volume <= DIRECT_VOLUME);
    }

    /** Depth up to which the unpacked path wins up to {@link #DIRECT_SHALLOW_VOLUME}. */
    static final int DIRECT_SHALLOW_DEPTH = 64;
    static final long DIRECT_SHALLOW_VOLUME = 1L << 21;
    static final long DIRECT_VOLUME = 1L << 19;
}
