package org.simdnet.data;

import java.util.SplittableRandom;

/**
 * Standard normal numbers from a {@link SplittableRandom} by the Box-Muller transform.
 * {@code SplittableRandom} has no {@code nextGaussian} on JDK 17, and {@link StrictMath} makes the
 * numbers bit-identical on every JDK and CPU, so a seed always gives the same data set.
 */
final class Gaussian {

    private final SplittableRandom random;
    private double spare;
    private boolean hasSpare;

    Gaussian(SplittableRandom random) {
        this.random = random;
    }

    /** The next N(0, 1) sample. Box-Muller makes two per draw; the second is kept for the next call. */
    double next() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1 = 1.0 - random.nextDouble(); // in (0, 1]: log(u1) is finite
        double u2 = random.nextDouble();
        double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        double theta = 2.0 * StrictMath.PI * u2;
        spare = radius * StrictMath.sin(theta);
        hasSpare = true;
        return radius * StrictMath.cos(theta);
    }
}
