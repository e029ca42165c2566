package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The fused kernel's scalar twin against the vector kernel, <em>bit for bit</em> (the engine
 * switches from one to the other mid-run, so any difference would change a model): loss,
 * gradient, correct count, batch and single-sample predictions, over random shapes (1–8 inputs,
 * 1–300 hidden units, 1–16 classes, every activation), row counts with and without a partial
 * last block, shuffled orders, trained-looking weights with exact zeros and tiny values, and
 * logits that push the softmax into its flush range. Runs at every species the build tests
 * (512, 256 and 128 bits).
 */
class SmallMlpTwinsProperties {

    @Provide
    Arbitrary<Integer> hiddenWidths() {
        return Arbitraries.oneOf(Arbitraries.of(1, 3, 4, 15, 16, 17, 31, 32, 33, 100, 128),
                Arbitraries.integers().between(1, 300));
    }

    @Provide
    Arbitrary<Integer> activations() {
        return Arbitraries.of(SmallMlpKernel.IDENTITY, SmallMlpKernel.RELU, SmallMlpKernel.RELU, SmallMlpKernel.TANH);
    }

    private static VectorSmallMlpKernel vector() {
        // The vector kernel whenever the module is there, -Dsimdnet.scalar or not.
        Assume.that(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        return new VectorSmallMlpKernel();
    }

    private static ScalarSmallMlpKernel scalar() {
        return new ScalarSmallMlpKernel(FloatSpecies.SPECIES.length());
    }

    /** Parameters of a net: weights at a given scale, some exact zeros and some tiny values (the flush). */
    private static float[] params(SplittableRandom rnd, int in, int hidden, int out, double scale, int pOff) {
        float[] p = new float[pOff + hidden * in + hidden + out * hidden + out + 3];
        for (int i = pOff; i < p.length - 3; i++) {
            double u = rnd.nextDouble();
            p[i] = u < 0.03 ? 0f : u < 0.05 ? (float) (1e-16 * rnd.nextGaussian()) : (float) (scale * rnd.nextGaussian());
        }
        return p;
    }

    private static float[] features(SplittableRandom rnd, int rows, int in, double scale) {
        float[] x = new float[rows * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (scale * (2 * rnd.nextDouble() - 1));
        }
        return x;
    }

    @Property(tries = 300)
    void lossAndGradientAgreeBitForBit(@ForAll @IntRange(min = 1, max = 8) int in,
                                       @ForAll("hiddenWidths") int hidden,
                                       @ForAll @IntRange(min = 1, max = 16) int out,
                                       @ForAll("activations") int activation,
                                       @ForAll @IntRange(min = 1, max = 100) int rows,
                                       @ForAll boolean shuffled,
                                       @ForAll @IntRange(min = 0, max = 2) int scaleIndex,
                                       @ForAll long seed) {
        VectorSmallMlpKernel v = vector();
        ScalarSmallMlpKernel s = scalar();
        SplittableRandom rnd = new SplittableRandom(seed);
        double scale = new double[] {0.1, 1, 8}[scaleIndex];     // 8: logits far apart, the flush range
        int pOff = rnd.nextInt(3);
        float[] p = params(rnd, in, hidden, out, scale, pOff);
        int total = rows + rnd.nextInt(5);
        float[] x = features(rnd, total, in, 3);
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
        int batch = rows + rnd.nextInt(50);
        int gOff = rnd.nextInt(3);
        float[] gv = new float[p.length + gOff];
        float[] gs = new float[p.length + gOff];
        int[] cv = new int[1];
        int[] cs = new int[1];
        double lv = v.lossAndGradient(in, hidden, out, activation, p, pOff, x, order, from, rows, labels, batch,
                gv, gOff, new float[v.scratchSize(in, hidden, out)], cv);
        double ls = s.lossAndGradient(in, hidden, out, activation, p, pOff, x, order, from, rows, labels, batch,
                gs, gOff, new float[s.scratchSize(in, hidden, out)], cs);
        assertEquals(Double.doubleToRawLongBits(lv), Double.doubleToRawLongBits(ls), () -> "loss " + lv + " vs " + ls);
        assertEquals(cv[0], cs[0], "correct count");
        assertBitsEqual(gv, gs, "gradient");
    }

    @Property(tries = 300)
    void predictionsAgreeBitForBit(@ForAll @IntRange(min = 1, max = 8) int in,
                                   @ForAll("hiddenWidths") int hidden,
                                   @ForAll @IntRange(min = 1, max = 16) int out,
                                   @ForAll("activations") int activation,
                                   @ForAll @IntRange(min = 1, max = 70) int rows,
                                   @ForAll @IntRange(min = 0, max = 2) int scaleIndex,
                                   @ForAll long seed) {
        VectorSmallMlpKernel v = vector();
        ScalarSmallMlpKernel s = scalar();
        SplittableRandom rnd = new SplittableRandom(seed);
        double scale = new double[] {0.1, 1, 8}[scaleIndex];
        int pOff = rnd.nextInt(3);
        float[] p = params(rnd, in, hidden, out, scale, pOff);
        int xOff = rnd.nextInt(3) * in;
        float[] x = features(rnd, rows + xOff / in, in, 3);

        float[] pv = new float[rows * out];
        float[] ps = new float[rows * out];
        int[] kv = new int[rows];
        int[] ks = new int[rows];
        v.predict(in, hidden, out, activation, p, pOff, x, xOff, rows, pv, 0, kv, 0, new float[v.scratchSize(in, hidden, out)]);
        s.predict(in, hidden, out, activation, p, pOff, x, xOff, rows, ps, 0, ks, 0, new float[s.scratchSize(in, hidden, out)]);
        assertBitsEqual(pv, ps, "batch probabilities");
        assertArrayEquals(kv, ks, "batch classes");

        // The single-sample path, on an array prepared by the other twin: they share the layout.
        float[] preparedByScalar = new float[s.scratchSize(in, hidden, out)];
        s.prepare(in, hidden, out, p, pOff, preparedByScalar);
        float[] preparedByVector = new float[v.scratchSize(in, hidden, out)];
        v.prepare(in, hidden, out, p, pOff, preparedByVector);
        assertBitsEqual(preparedByVector, preparedByScalar, "prepared weights");
        assertEquals(v.needsSampleScratch(in, out, activation), s.needsSampleScratch(in, out, activation));
        float[] h = new float[v.sampleScratchSize(hidden)];
        float[] one = new float[out];
        float[] other = new float[out];
        for (int r = 0; r < rows; r++) {
            int cv = v.predictOne(in, hidden, out, activation, preparedByScalar, p, pOff, x, xOff + r * in, one, 0, h);
            int cs = s.predictOne(in, hidden, out, activation, preparedByVector, p, pOff, x, xOff + r * in, other, 0, h);
            assertBitsEqual(one, other, "single-sample probabilities of row " + r);
            assertEquals(cv, cs, "single-sample class of row " + r);
        }
    }

    @Example
    void theSpiralNetAgreesOverManyStepsOfSamples() {
        // The lecture's shape, the narrow paths: 2 → 100 → 3 ReLU, 3000 rows.
        lossAndGradientAgreeBitForBit(2, 100, 3, SmallMlpKernel.RELU, 100, false, 1, 42L);
        predictionsAgreeBitForBit(2, 100, 3, SmallMlpKernel.RELU, 70, 1, 43L);
        predictionsAgreeBitForBit(2, 100, 4, SmallMlpKernel.RELU, 33, 2, 44L);
        predictionsAgreeBitForBit(1, 37, 2, SmallMlpKernel.RELU, 17, 0, 45L);
    }

    @Example
    void badLabelsAreRejectedAlike() {
        ScalarSmallMlpKernel s = scalar();
        float[] p = new float[2 * 4 + 4 + 3 * 4 + 3];
        int[] labels = {0, 1, 3};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.lossAndGradient(2, 4, 3,
                SmallMlpKernel.RELU, p, 0, new float[6], null, 0, 3, labels, 3, new float[p.length], 0,
                new float[s.scratchSize(2, 4, 3)], new int[1]));
        assertEquals("labels[2] is 3 but the model has 3 classes (labels must lie in [0, 3))", e.getMessage());
    }

    @Example
    void theVectorKernelNamesABadArgument() {
        Assume.that(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        VectorSmallMlpKernel v = vector();
        float[] p = new float[2 * 4 + 4 + 3 * 4 + 3];
        int[] labels = {0, 1, 2};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.lossAndGradient(2, 4, 3,
                SmallMlpKernel.RELU, p, 0, new float[6], null, 0, 3, labels, 3, new float[p.length], 0,
                new float[v.scratchSize(2, 4, 3) - 1], new int[1]));
        assertTrue(e.getMessage().startsWith("scratch needs " + v.scratchSize(2, 4, 3) + " elements"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.lossAndGradient(2, 4, 3, SmallMlpKernel.RELU, p, 0,
                new float[5], null, 0, 3, labels, 3, new float[p.length], 0, new float[v.scratchSize(2, 4, 3)],
                new int[1]));
        assertTrue(e.getMessage().startsWith("x needs 6 elements"), e.getMessage());
    }

    @Example
    void laneSumFollowsTheHalvingTree() {
        Assume.that(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        SplittableRandom rnd = new SplittableRandom(7);
        int lanes = FloatSpecies.SPECIES.length();
        for (int t = 0; t < 1000; t++) {
            float[] a = new float[lanes];
            for (int i = 0; i < lanes; i++) {
                a[i] = (float) (Math.pow(10, rnd.nextInt(12) - 6) * rnd.nextGaussian());
            }
            assertEquals(Float.floatToRawIntBits(Lanes.sum(a, 0)),
                    Float.floatToRawIntBits(ScalarSmallMlpKernel.laneSum(a, 0, lanes)));
        }
    }

    private static void assertBitsEqual(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + "[" + i + "]: vector " + expected[i] + " ("
                        + Integer.toHexString(Float.floatToRawIntBits(expected[i])) + "), scalar " + actual[i] + " ("
                        + Integer.toHexString(Float.floatToRawIntBits(actual[i])) + ")");
            }
        }
    }
}
