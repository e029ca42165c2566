package org.simdnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpiralTest {

    @Test
    void courseDefaultsGiveThreeBalancedClassesInOrder() {
        Dataset d = Spiral.builder().build();
        assertEquals(3000, d.size());
        assertEquals(2, d.features());
        assertEquals(3, d.classes());
        assertArrayEquals(new int[] {1000, 1000, 1000}, d.classCounts());
        for (int i = 0; i < d.size(); i++) {
            assertEquals(i / 1000, d.label(i), "rows come class by class");
        }
        assertEquals(d, Spiral.generate(3, 1000, 0.2, 12345));
    }

    @Test
    void noiseFreePointsLieOnTheLectureFormula() {
        for (int classes : new int[] {1, 2, 3, 7}) {
            for (NoisePlacement placement : NoisePlacement.values()) {
                int n = 50;
                Dataset d = Spiral.generate(classes, n, 0.0, placement, 1);
                for (int c = 1; c <= classes; c++) { // the slide's 1-indexed c
                    for (int i = 0; i < n; i++) {
                        double t = i / (double) (n - 1);
                        double angle = 2 * Math.PI / classes * (2 * t + c - 1);
                        int row = (c - 1) * n + i;
                        assertEquals(t * Math.sin(angle), d.x(row, 0), 1e-6, "x of row " + row);
                        assertEquals(t * Math.cos(angle), d.x(row, 1), 1e-6, "y of row " + row);
                        assertEquals(c - 1, d.label(row));
                    }
                }
            }
        }
    }

    @Test
    void armsStartAtTheOriginAndEndOnTheUnitCircle() {
        Dataset d = Spiral.generate(3, 10, 0.0, 1);
        for (int c = 0; c < 3; c++) {
            assertEquals(0f, d.x(c * 10, 0), 0f); // may be -0: t = 0 times a negative sine
            assertEquals(0f, d.x(c * 10, 1), 0f);
            float ex = d.x(c * 10 + 9, 0);
            float ey = d.x(c * 10 + 9, 1);
            assertEquals(1.0, Math.hypot(ex, ey), 1e-6);
        }
        // One point per class sits at t = 0 like numpy's linspace(0, 1, 1).
        Dataset single = Spiral.generate(2, 1, 0.5, 1);
        for (float v : single.x()) {
            assertEquals(0f, v, 0f);
        }
    }

    @Test
    void angleNoiseKeepsTheRadiusButMovesThePoint() {
        int n = 200;
        Dataset noisy = Spiral.generate(3, n, 0.2, NoisePlacement.ANGLE, 12345);
        Dataset clean = Spiral.generate(3, n, 0.0, NoisePlacement.ANGLE, 12345);
        int moved = 0;
        for (int row = 0; row < noisy.size(); row++) {
            double t = (row % n) / (double) (n - 1);
            assertEquals(t, Math.hypot(noisy.x(row, 0), noisy.x(row, 1)), 1e-6, "row " + row);
            if (noisy.x(row, 0) != clean.x(row, 0)) {
                moved++;
            }
        }
        assertTrue(moved > noisy.size() * 9 / 10, "noise moved only " + moved + " points");
    }

    @Test
    void pointNoiseHasTheRequestedSpread() {
        int n = 5000;
        double sigma = 0.3;
        Dataset noisy = Spiral.generate(2, n, sigma, NoisePlacement.POINT, 99);
        Dataset clean = Spiral.generate(2, n, 0.0, NoisePlacement.POINT, 99);
        double sum = 0;
        double sumSq = 0;
        int count = 0;
        for (int i = 0; i < noisy.x().length; i++) {
            double e = noisy.x()[i] - clean.x()[i];
            sum += e;
            sumSq += e * e;
            count++;
        }
        double mean = sum / count;
        double sd = Math.sqrt(sumSq / count - mean * mean);
        // 20000 samples: the standard error of the mean is 0.002, of the sd about 0.0015.
        assertEquals(0.0, mean, 0.01);
        assertEquals(sigma, sd, 0.01);
    }

    @Test
    void gaussianMatchesTheStandardNormalMoments() {
        Gaussian g = new Gaussian(new java.util.SplittableRandom(5));
        int n = 100_000;
        double s1 = 0, s2 = 0, s4 = 0;
        int within1 = 0;
        for (int i = 0; i < n; i++) {
            double v = g.next();
            s1 += v;
            s2 += v * v;
            s4 += v * v * v * v;
            if (Math.abs(v) < 1) {
                within1++;
            }
        }
        assertEquals(0, s1 / n, 0.02);
        assertEquals(1, s2 / n, 0.02);
        assertEquals(3, s4 / n, 0.1);
        assertEquals(0.6827, within1 / (double) n, 0.01);
    }

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        for (NoisePlacement p : NoisePlacement.values()) {
            Dataset a = Spiral.builder().pointsPerClass(100).placement(p).seed(4).build();
            Dataset b = Spiral.builder().pointsPerClass(100).placement(p).seed(4).build();
            Dataset c = Spiral.builder().pointsPerClass(100).placement(p).seed(5).build();
            assertEquals(a, b);
            assertNotEquals(a, c);
        }
    }

    @Test
    void seededValuesAreFixedAcrossJdks() {
        // Pinned bits: StrictMath and SplittableRandom make these identical on every JDK; a change
        // here means every published spiral run changes too.
        Dataset d = Spiral.generate(3, 4, 0.2, 12345);
        float[] expected = {
            0.0f, 0.0f, 0.3324715f, 0.023954408f,
            0.19948392f, -0.6361215f, -0.9075609f, -0.4199205f,
            0.0f, -0.0f, -0.17485574f, -0.2837897f,
            -0.66445047f, 0.05431384f, 0.04269994f, 0.9990879f,
            -0.0f, -0.0f, -0.25417945f, 0.21564765f,
            0.37909362f, 0.5483908f, 0.81911206f, -0.5736335f,
        };
        assertArrayEquals(expected, d.x());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Spiral.generate(0, 10, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> Spiral.generate(3, 0, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> Spiral.generate(3, 10, -0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> Spiral.generate(3, 10, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Spiral.generate(3, 10, Double.POSITIVE_INFINITY, 1));
        assertThrows(IllegalArgumentException.class, () -> Spiral.generate(3, 10, 0.1, null, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Spiral.generate(100_000, 100_000, 0.1, 1));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Spiral.builder().classes(0).build());
        assertTrue(e.getMessage().contains("at least 1 class, got 0"), e.getMessage());
    }
}
