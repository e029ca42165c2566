package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.concurrent.ForkJoinPool;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random-shape properties of the engine GEMM ({@link Gemm#sgemm} over {@link Kernels#GEMM}):
 * all four transposes, sizes 1..300 biased toward edges (1, primes, one past a tile, skinny and
 * fat), offsets, padded leading dimensions, alpha/beta including beta = 0 over NaN garbage.
 * The volume is capped so the suite stays quick at all three species widths.
 */
class GemmProperties {

    private static final long MAX_VOLUME = 1_500_000;
    private static final ForkJoinPool POOL = new ForkJoinPool(3);

    @AfterContainer
    static void shutdown() {
        POOL.shutdown();
    }

    /** Sizes that hit the edges of the register tile (MR = 8, NR = 2·VL) and of KC = 256. */
    @Provide
    Arbitrary<Integer> size() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, 300)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(1, 2, 3, 5, 7, 13, 17, 31, 61, 127, 257, 293)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(8, 9, 15, 16, 32, 33, 64, 65, 255, 256)));
    }

    @Property(tries = 60)
    void matchesCommonsMathWithinTheRoundingBound(@ForAll("size") int m, @ForAll("size") int n,
                                                  @ForAll("size") int k, @ForAll boolean transA,
                                                  @ForAll boolean transB, @ForAll long seed) {
        Assume.that((long) m * n * k <= MAX_VOLUME);
        GemmCase g = new GemmCase(seed, transA, transB, m, n, k, false);
        g.assertWithinBound(g.engine(null), (seed & 1) == 0, "engine");
    }

    @Property(tries = 60)
    void scalarReferenceAlsoMeetsTheBound(@ForAll("size") int m, @ForAll("size") int n,
                                          @ForAll("size") int k, @ForAll boolean transA,
                                          @ForAll boolean transB, @ForAll long seed) {
        Assume.that((long) m * n * k <= MAX_VOLUME / 4);
        GemmCase g = new GemmCase(seed, transA, transB, m, n, k, false);
        g.assertWithinBound(g.run(new ScalarGemm()), false, "scalar");
    }

    /**
     * With small integers every product and partial sum is exact in float, so any correct
     * summation order gives the same bits: the vector kernel must equal the scalar one exactly.
     * This catches an index slip that a tolerance could hide.
     */
    @Property(tries = 80)
    void equalsScalarExactlyOnIntegers(@ForAll("size") int m, @ForAll("size") int n,
                                       @ForAll("size") int k, @ForAll boolean transA,
                                       @ForAll boolean transB, @ForAll long seed) {
        Assume.that((long) m * n * k <= MAX_VOLUME);
        GemmCase g = new GemmCase(seed, transA, transB, m, n, k, true);
        assertArrayEquals(g.run(new ScalarGemm()), g.engine(null), g.toString());
    }

    /**
     * A pool changes who computes which band of C, never the bits. These shapes are below the
     * parallel threshold, so it is lowered to 0 for the pooled call: every shape the packed path
     * takes with at least two row tiles is then shared (GemmCase checks the parallel path ran).
     */
    @Property(tries = 40)
    void poolGivesBitIdenticalResults(@ForAll("size") int m, @ForAll("size") int n,
                                      @ForAll("size") int k, @ForAll boolean transA,
                                      @ForAll boolean transB, @ForAll long seed) {
        Assume.that((long) m * n * k <= MAX_VOLUME);
        GemmCase g = new GemmCase(seed, transA, transB, m, n, k, false);
        assertArrayEquals(g.engine(null), g.engineWithThreshold(POOL, 0), g.toString());
    }

    /** Sizes for products above the default parallel threshold: m and n wide enough to keep k short. */
    @Provide
    Arbitrary<Integer> wide() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(64, 320)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(64, 65, 127, 128, 129, 255, 256, 257, 293)));
    }

    /** The same at the default threshold, with k chosen so the product is just above it. */
    @Property(tries = 12)
    void poolGivesBitIdenticalResultsAboveTheDefaultThreshold(@ForAll("wide") int m, @ForAll("wide") int n,
                                                              @ForAll boolean transA, @ForAll boolean transB,
                                                              @ForAll long seed) {
        int k = (int) ((VectorGemm.PARALLEL_VOLUME + (long) m * n - 1) / ((long) m * n)) + (int) (seed & 31);
        GemmCase g = new GemmCase(seed, transA, transB, m, n, k, false);
        assertArrayEquals(g.engine(null), g.engineWithThreshold(POOL, VectorGemm.PARALLEL_VOLUME), g.toString());
    }
}
