package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The scalar twin's column-wise training pass for the narrow nets ({@link NarrowTrainingColumns})
 * against the vector kernel, bit for bit: its ReLU mask is written in float operations, so the
 * inputs here aim at that mask's edges: features and weights that are exactly +0 or −0 (a
 * pre-activation of exactly +0 keeps its gradient, −0 does not), tiny values, several column
 * sweeps of samples with a partial last block, one or two inputs and one to four classes; and
 * the bounds past which the pass steps aside for the lane-by-lane twin, features at the floor
 * {@link NarrowTrainingColumns#MIN_FEATURE} the mask's exactness needs, weights at the flush
 * threshold, and biases of −0.
 */
class NarrowTrainingColumnsProperties {

    private static VectorSmallMlpKernel vector() {
        Assume.that(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        return new VectorSmallMlpKernel();
    }

    private static ScalarSmallMlpKernel scalar() {
        return new ScalarSmallMlpKernel(FloatSpecies.SPECIES.length());
    }

    /**
     * A weight of the given scale: exactly +0 or −0 one time in ten each, tiny (flushed to +0) one
     * time in twenty, just above the flush threshold one time in twenty.
     */
    private static float edgy(SplittableRandom rnd, double scale) {
        double u = rnd.nextDouble();
        return u < 0.1 ? 0f : u < 0.2 ? -0f : u < 0.25 ? (float) (1e-30 * rnd.nextGaussian())
                : u < 0.3 ? (float) (sign(rnd) * ScalarOptimizerKernels.FLUSH_PARAMETER * (1 + rnd.nextDouble()))
                : (float) (scale * rnd.nextGaussian());
    }

    /**
     * A feature of the given scale: exactly +0 or −0 one time in ten each, one time in twenty
     * between the column pass's floor ({@link NarrowTrainingColumns#MIN_FEATURE}, itself one time
     * in four of those) and 2^13 times it.
     */
    private static float edgyFeature(SplittableRandom rnd, double scale) {
        double u = rnd.nextDouble();
        if (u < 0.2 || u >= 0.25) {
            return u < 0.1 ? 0f : u < 0.2 ? -0f : (float) (scale * rnd.nextGaussian());
        }
        float floor = NarrowTrainingColumns.MIN_FEATURE;
        return sign(rnd) * (rnd.nextInt(4) == 0 ? floor : floor * (float) Math.scalb(1 + rnd.nextDouble(), rnd.nextInt(13)));
    }

    private static float sign(SplittableRandom rnd) {
        return rnd.nextBoolean() ? 1f : -1f;
    }

    @Property(tries = 200)
    void agreesWithTheVectorKernelBitForBit(@ForAll @IntRange(min = 1, max = 2) int in,
                                            @ForAll @IntRange(min = 1, max = 130) int hidden,
                                            @ForAll @IntRange(min = 1, max = 4) int out,
                                            @ForAll @IntRange(min = 1, max = 700) int rows,
                                            @ForAll boolean shuffled,
                                            @ForAll @IntRange(min = 0, max = 2) int scaleIndex,
                                            @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double scale = new double[] {0.1, 1, 8}[scaleIndex];
        int pOff = rnd.nextInt(3);
        float[] p = new float[pOff + hidden * in + hidden + out * hidden + out];
        for (int i = pOff; i < p.length; i++) {
            p[i] = edgy(rnd, scale);
        }
        int total = rows + rnd.nextInt(5);
        float[] x = new float[total * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = edgyFeature(rnd, 3);
        }
        assertAgree(in, hidden, out, p, pOff, x, total, rows, shuffled, rnd, true);
    }

    @Example
    void samplesAtTheOriginWithZeroBiasesKeepTheirGradient() {
        // z = fma(0, w, 0) = +0 exactly: the vector kernel's mask keeps dh there (sign bit clear).
        SplittableRandom rnd = new SplittableRandom(7);
        int in = 2, hidden = 24, out = 3, rows = 40;
        float[] p = new float[hidden * in + hidden + out * hidden + out];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) rnd.nextGaussian();
        }
        java.util.Arrays.fill(p, hidden * in, hidden * in + hidden, 0f);        // b1 = +0
        float[] x = new float[rows * in];
        for (int r = 0; r < rows; r++) {
            x[r * in] = r % 3 == 0 ? 0f : r % 3 == 1 ? -0f : (float) rnd.nextGaussian();
            x[r * in + 1] = r % 2 == 0 ? 0f : -0f;
        }
        assertAgree(in, hidden, out, p, 0, x, rows, rows, false, rnd, true);
    }

    @Example
    void biasesOfMinusZeroAreFlushedToPlusZero() {
        // The mask without a division relies on z never being −0, which needs every bias ≠ −0:
        // the flush makes −0 +0 in both kernels, so z = +0 at the origin keeps its gradient.
        SplittableRandom rnd = new SplittableRandom(5);
        int in = 2, hidden = 40, out = 3, rows = 60;
        float[] p = new float[hidden * in + hidden + out * hidden + out];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) rnd.nextGaussian();
        }
        java.util.Arrays.fill(p, hidden * in, hidden * in + hidden, -0f);       // b1 = −0
        float[] x = new float[rows * in];
        for (int r = 0; r < rows; r++) {
            x[r * in] = r % 2 == 0 ? -0f : 0f;
            x[r * in + 1] = r % 3 == 0 ? 0f : r % 3 == 1 ? -0f : NarrowTrainingColumns.MIN_FEATURE;
        }
        assertAgree(in, hidden, out, p, 0, x, rows, rows, false, rnd, true);
    }

    @Example
    void theSmallestNegativePreActivationsAreMasked() {
        // z = fma(f, g, fma(f, −g, +0)) with f = 2^−53·(1 + 2^−23) (a feature just above the floor)
        // and g = 2^−49·(1 − 2^−23) (a weight above the flush threshold): the inner sum rounds to
        // −2^−102 and z is exactly −2^−148, which one scaling by 2^126 alone would not take to −1.
        SplittableRandom rnd = new SplittableRandom(17);
        int in = 2, hidden = 3, out = 3, rows = 6;
        float[] p = new float[hidden * in + hidden + out * hidden + out];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) rnd.nextGaussian();
        }
        float f = Math.scalb(1f + 0x1p-23f, -53);
        float g = Math.scalb(1f - 0x1p-23f, -49);
        p[0] = -g;
        p[1] = g;
        p[hidden * in] = 0f;
        float[] x = new float[rows * in];
        for (int r = 0; r < rows; r++) {
            boolean edge = r % 2 == 0;
            x[r * in] = edge ? (r % 4 == 0 ? f : -f) : (float) rnd.nextGaussian();
            x[r * in + 1] = edge ? (r % 4 == 0 ? f : -f) : (float) rnd.nextGaussian();
        }
        assertEquals(-0x1p-148f, Math.fma(f, g, Math.fma(f, -g, 0f)), "the constructed pre-activation");
        assertAgree(in, hidden, out, p, 0, x, rows, rows, false, rnd, true);
    }

    @Example
    void featuresBelowTheFloorGoTheLaneByLaneWay() {
        SplittableRandom rnd = new SplittableRandom(13);
        int in = 2, hidden = 17, out = 3, rows = 30;
        float[] p = new float[hidden * in + hidden + out * hidden + out];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) rnd.nextGaussian();
        }
        java.util.Arrays.fill(p, hidden * in, hidden * in + hidden, 0f);
        float[] x = new float[rows * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 5 == 0 ? (float) rnd.nextGaussian() : -Math.nextDown(NarrowTrainingColumns.MIN_FEATURE);
        }
        assertAgree(in, hidden, out, p, 0, x, rows, rows, false, rnd, false);
        x[3] = Float.MIN_VALUE;
        assertAgree(in, hidden, out, p, 0, x, rows, rows, false, rnd, false);
    }

    @Example
    void outOfBoundsWeightsOrFeaturesGoTheLaneByLaneWay() {
        SplittableRandom rnd = new SplittableRandom(11);
        int in = 2, hidden = 9, out = 3, rows = 30;
        float[] p = new float[hidden * in + hidden + out * hidden + out];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) rnd.nextGaussian();
        }
        float[] x = new float[rows * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        for (int i : new int[] {0, hidden * in, hidden * in + hidden + 4, p.length - 1}) {
            float[] q = p.clone();
            q[i] = 2 * NarrowTrainingColumns.MAX_WEIGHT;
            assertAgree(in, hidden, out, q, 0, x, rows, rows, false, rnd, false);
            q[i] = Float.NaN;
            assertAgree(in, hidden, out, q, 0, x, rows, rows, false, rnd, false);
        }
        float[] far = x.clone();
        far[17] = -2 * NarrowTrainingColumns.MAX_FEATURE;
        assertAgree(in, hidden, out, p, 0, far, rows, rows, false, rnd, false);
        far[17] = Float.POSITIVE_INFINITY;
        assertAgree(in, hidden, out, p, 0, far, rows, rows, false, rnd, false);
    }

    /**
     * Both kernels on the same samples; the gradient, loss and correct count must agree bit for
     * bit (NaN with NaN, whatever its sign), and the column pass must apply (or not) as
     * {@code columns} says.
     */
    private static void assertAgree(int in, int hidden, int out, float[] p, int pOff, float[] x, int total, int rows,
                                    boolean shuffled, SplittableRandom rnd, boolean columns) {
        VectorSmallMlpKernel v = vector();
        ScalarSmallMlpKernel s = scalar();
        int[] labels = new int[total];
        for (int i = 0; i < total; i++) {
            labels[i] = rnd.nextInt(out);
        }
        int from = total - rows;
        int[] order = null;
        if (shuffled) {
            order = new int[total];
            for (int i = 0; i < total; i++) {
                order[i] = rnd.nextInt(total);
            }
            from = rnd.nextInt(total - rows + 1);
        }
        SmallMlpLayout lay = s.layout(in, hidden, out);
        assertEquals(columns, NarrowTrainingColumns.applies(lay, p, pOff, x, order, from, rows),
                "whether the column pass applies");
        int batch = rows + rnd.nextInt(50);
        float[] gv = new float[p.length];
        float[] gs = new float[p.length];
        int[] cv = new int[1];
        int[] cs = new int[1];
        double lv = v.lossAndGradient(in, hidden, out, SmallMlpKernel.RELU, p, pOff, x, order, from, rows, labels,
                batch, gv, 0, new float[v.scratchSize(in, hidden, out)], cv);
        double ls = s.lossAndGradient(in, hidden, out, SmallMlpKernel.RELU, p, pOff, x, order, from, rows, labels,
                batch, gs, 0, new float[s.scratchSize(in, hidden, out)], cs);
        if (!(Double.isNaN(lv) && Double.isNaN(ls))) {      // past the bounds a NaN may come out with either sign
            assertEquals(Double.doubleToRawLongBits(lv), Double.doubleToRawLongBits(ls), () -> "loss " + lv + " vs " + ls);
        }
        assertEquals(cv[0], cs[0], "correct count");
        for (int i = 0; i < gv.length; i++) {
            int a = Float.floatToRawIntBits(gv[i]), b = Float.floatToRawIntBits(gs[i]);
            if (a != b && !(Float.isNaN(gv[i]) && Float.isNaN(gs[i]))) {
                throw new AssertionError("gradient[" + i + "]: vector " + gv[i] + " (" + Integer.toHexString(a)
                        + "), scalar " + gs[i] + " (" + Integer.toHexString(b) + ")");
            }
        }
    }
}
