package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Rows whose largest logit is infinite get the softmax's limit, on both twins: the +∞ entries
 * share the probability, every entry when all are −∞. (They gave NaN: ∞ − ∞.)
 */
class SoftmaxLimitTest {

    private static final float INF = Float.POSITIVE_INFINITY;

    private static void check(float[] row, float[] expected) {
        for (RowKernels kernels : new RowKernels[] {new ScalarRowKernels(), Kernels.ROWS}) {
            float[] y = new float[row.length];
            kernels.softmaxRows(1, row.length, row, 0, row.length, y, 0, row.length);
            assertArrayEquals(expected, y, kernels.getClass().getSimpleName());
            float[] inPlace = row.clone();
            kernels.softmaxRows(1, row.length, inPlace, 0, row.length, inPlace, 0, row.length);
            assertArrayEquals(expected, inPlace, kernels.getClass().getSimpleName() + " in place");
        }
        float[] y = new float[row.length];
        RowOps.softmaxRows(1, row.length, row, 0, row.length, y, 0, row.length);
        assertArrayEquals(expected, y, "RowOps");
    }

    @Test
    void infiniteLogitsShareTheProbability() {
        check(new float[] {INF, 0f, INF}, new float[] {0.5f, 0f, 0.5f});
        check(new float[] {INF, -INF, 1f}, new float[] {1f, 0f, 0f});
        check(new float[] {-INF, -INF}, new float[] {0.5f, 0.5f});
        float[] wide = new float[40];                    // wider than a vector: the vector max path
        float[] expected = new float[40];
        wide[37] = INF;
        expected[37] = 1f;
        check(wide, expected);
    }

    @Test
    void aNaNStillGivesNaN() {
        float[] y = new float[3];
        Kernels.ROWS.softmaxRows(1, 3, new float[] {1f, Float.NaN, INF}, 0, 3, y, 0, 3);
        assertTrue(Float.isNaN(y[0]) && Float.isNaN(y[1]) && Float.isNaN(y[2]));
    }
}
