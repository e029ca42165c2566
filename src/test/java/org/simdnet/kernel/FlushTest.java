package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The branch-free flush is {@code |x| < below ? +0 : x}, bit for bit, for every kind of float. */
class FlushTest {

    private static final float[] THRESHOLDS = {
        0f, Float.MIN_VALUE, 0x1p-126f, 1.4e-36f, 3.7e-18f, 3.7e-17f, 1e-15f, 0x1p-28f, 1f, Float.MAX_VALUE,
        Float.POSITIVE_INFINITY,
    };

    private static float reference(float x, float below) {
        return Math.abs(x) < below ? 0f : x;
    }

    private static void check(float x, float below) {
        assertEquals(Float.floatToRawIntBits(reference(x, below)), Float.floatToRawIntBits(Flush.below(x, below)),
                () -> "x = " + x + " (0x" + Integer.toHexString(Float.floatToRawIntBits(x)) + "), below = " + below);
    }

    @Test
    void edgesAroundEveryThreshold() {
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 0x1p-126f, -0x1p-126f, 1f, -1f,
            Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
            Float.intBitsToFloat(0xFFC00001), Float.intBitsToFloat(0x7F800001)};
        for (float below : THRESHOLDS) {
            for (float x : special) {
                check(x, below);
            }
            for (float edge : new float[] {below, Math.nextDown(below), Math.nextUp(below)}) {
                check(edge, below);
                check(-edge, below);
            }
        }
    }

    @Test
    void randomBitPatterns() {
        SplittableRandom random = new SplittableRandom(29);
        for (int i = 0; i < 2_000_000; i++) {
            float x = Float.intBitsToFloat(random.nextInt());
            float below = THRESHOLDS[random.nextInt(THRESHOLDS.length)];
            check(x, below);
            // values near the threshold, where a wrong comparison would show
            float near = below * (float) (0.5 + random.nextDouble());
            check(random.nextBoolean() ? near : -near, below);
        }
    }
}
