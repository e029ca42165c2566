package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.apache.commons.math3.stat.StatUtils;

import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The batch prediction's feature check, {@link SmallMlpKernel#largestMagnitude}: the vector kernel
 * against its scalar twin bit for bit, and both against the largest magnitude in double (Commons
 * Math), over lengths with tails, offsets, and the floats that need care: ±0, subnormals, ±∞ and
 * NaNs of either sign and any payload (a NaN anywhere makes the answer a NaN).
 */
class LargestMagnitudeProperties {

    private static final float[] SPECIAL = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 0x1p-126f, -Float.MAX_VALUE,
        Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.intBitsToFloat(0xFFC00001), Float.intBitsToFloat(0x7F800001), 1f, -1f};

    private static VectorSmallMlpKernel vector() {
        Assume.that(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        return new VectorSmallMlpKernel();
    }

    private static ScalarSmallMlpKernel scalar() {
        return new ScalarSmallMlpKernel(FloatSpecies.SPECIES.length());
    }

    @Property(tries = 300)
    void vectorAndTwinAgreeWithTheDoubleMaximum(@ForAll @IntRange(min = 0, max = 300) int n,
                                                @ForAll @IntRange(min = 0, max = 17) int off,
                                                @ForAll @IntRange(min = 0, max = 3) int specials,
                                                @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[off + n + rnd.nextInt(3)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (Math.scalb(rnd.nextGaussian(), rnd.nextInt(-140, 120)));
        }
        for (int k = 0; k < specials && n > 0; k++) {
            x[off + rnd.nextInt(n)] = SPECIAL[rnd.nextInt(SPECIAL.length)];
        }
        check(x, off, n);
    }

    @Example
    void everySpecialValueAloneAndInEveryPosition() {
        for (float special : SPECIAL) {
            for (int n = 1; n <= 40; n++) {
                for (int at = 0; at < n; at++) {
                    float[] x = new float[n + 1];
                    x[1 + at] = special;
                    check(x, 1, n);
                }
            }
        }
    }

    @Example
    void anEmptyRangeIsZero() {
        assertEquals(0, Float.floatToRawIntBits(scalar().largestMagnitude(new float[] {Float.NaN}, 1, 0)));
        assertEquals(0, Float.floatToRawIntBits(vector().largestMagnitude(new float[] {Float.NaN}, 0, 0)));
    }

    private static void check(float[] x, int off, int n) {
        float s = scalar().largestMagnitude(x, off, n);
        float v = vector().largestMagnitude(x, off, n);
        assertEquals(Float.floatToRawIntBits(s), Float.floatToRawIntBits(v), () -> "twin " + s + ", vector " + v);
        double[] magnitudes = new double[n];
        boolean nan = false;
        for (int i = 0; i < n; i++) {
            magnitudes[i] = Math.abs((double) x[off + i]);
            nan |= Float.isNaN(x[off + i]);
        }
        if (nan) {
            assertTrue(Float.isNaN(s), () -> "a NaN among the features, got " + s);
        } else {
            double expected = n == 0 ? 0 : StatUtils.max(magnitudes);
            assertEquals(expected, s, 0.0, "the largest magnitude");
            assertTrue(Float.floatToRawIntBits(s) >= 0, "not negative, not −0");
        }
    }
}
