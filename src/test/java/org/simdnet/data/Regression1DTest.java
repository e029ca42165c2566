package org.simdnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class Regression1DTest {

    @Test
    void notebookDefaultsGiveAHundredEvenlySpacedPointsOnMinusOneToOne() {
        Regression1D d = Regression1D.builder().build();
        assertEquals(100, d.size());
        assertEquals(100, d.x().length);
        assertEquals(100, d.y().length);
        assertEquals(-1f, d.x()[0]);
        assertEquals(1f, d.x()[99]);
        for (int i = 0; i < d.size(); i++) {
            assertEquals(-1 + 2.0 * i / 99, d.x()[i], 1e-6, "x[" + i + "]");
            assertTrue(i == 0 || d.x()[i] > d.x()[i - 1], "x increases");
        }
        assertArrayEquals(d.y(), Regression1D.generate(100, 0.3, 12345).y());
    }

    @Test
    void theNoiseIsUniformInZeroToNoiseAboveTheCubic() {
        double noise = 0.3;
        Regression1D d = Regression1D.generate(5000, noise, 7);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < d.size(); i++) {
            double x = d.x()[i];
            double u = d.y()[i] - x * x * x;
            min = Math.min(min, u);
            max = Math.max(max, u);
            sum += u;
        }
        assertTrue(min >= -1e-6 && min < 0.01, "smallest noise " + min);
        assertTrue(max < noise + 1e-6 && max > noise - 0.01, "largest noise " + max);
        assertEquals(noise / 2, sum / d.size(), 0.01, "mean noise");

        Regression1D clean = Regression1D.generate(11, 0, 7);
        for (int i = 0; i < clean.size(); i++) {
            double x = clean.x()[i];
            assertEquals((float) (x * x * x), clean.y()[i], "noise 0 gives the cubic itself");
        }
    }

    @Test
    void theSameSeedGivesTheSameSetAndAnotherSeedAnother() {
        Regression1D a = Regression1D.builder().points(64).seed(42).build();
        Regression1D b = Regression1D.generate(64, 0.3, 42);
        Regression1D c = Regression1D.generate(64, 0.3, 43);
        assertArrayEquals(a.x(), b.x());
        assertArrayEquals(a.y(), b.y());
        assertArrayEquals(a.x(), c.x(), "the inputs do not depend on the seed");
        assertFalse(Arrays.equals(a.y(), c.y()));
        // The first draw of SplittableRandom(42) is the first point's noise.
        double u = new java.util.SplittableRandom(42).nextDouble();
        assertEquals((float) (-1 + 0.3 * u), a.y()[0]);
    }

    @Test
    void onePointSitsAtMinusOne() {
        Regression1D d = Regression1D.generate(1, 0.3, 1);
        assertArrayEquals(new float[] {-1f}, d.x());
    }

    @Test
    void theEvaluationGridIsTheNotebooksLinspace() {
        float[] grid = Regression1D.grid(4, 1001);
        assertEquals(1001, grid.length);
        assertEquals(-4f, grid[0]);
        assertEquals(4f, grid[1000]);
        assertEquals(0f, grid[500]);
        assertEquals(-1f, grid[375], "the training interval's ends are grid points");
        assertEquals(1f, grid[625]);
        for (int i = 0; i < grid.length; i++) {
            assertEquals(-4 + 8.0 * i / 1000, grid[i], 1e-6);
            assertEquals(-grid[i], grid[1000 - i], 0f, "symmetric");
        }
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Regression1D.generate(0, 0.3, 1));
        assertThrows(IllegalArgumentException.class, () -> Regression1D.generate(10, -0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> Regression1D.generate(10, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> Regression1D.builder().noise(Double.POSITIVE_INFINITY).build());
        assertThrows(IllegalArgumentException.class, () -> Regression1D.grid(0, 10));
        assertThrows(IllegalArgumentException.class, () -> Regression1D.grid(4, 0));
    }
}
