package org.simdnet.data;

import java.util.SplittableRandom;

/**
 * The lecture's C-class spiral: class {@code c} (1-indexed) traces
 * <pre>
 *   X_c(t) = t · ( sin(2π/C · (2t + c − 1)), cos(2π/C · (2t + c − 1)) ),   t = linspace(0, 1, N)
 * </pre>
 * so each arm starts at the origin and winds out to radius 1 over two C-th of a turn. Labels are
 * 0-indexed ({@code c − 1}) and samples come class by class: rows {@code [c·N, (c+1)·N)} hold
 * class {@code c}. Gaussian noise {@code N(0, σ²)} is added on the angle (the course notebook,
 * default) or on the point (the slide), see {@link NoisePlacement}.
 *
 * <p>Usage: {@code Spiral.generate(3, 1000, 0.2, 12345)} or
 * {@code Spiral.builder().classes(5).noise(0).build()}. The same arguments give a bit-identical
 * data set on every JDK (seeded {@link SplittableRandom}, {@link StrictMath}).
 */
public final class Spiral {

    /** The course setup: C = 3 classes, N = 1000 points per class, σ = 0.2, seed 12345. */
    public static final int DEFAULT_CLASSES = 3;
    public static final int DEFAULT_POINTS_PER_CLASS = 1000;
    public static final double DEFAULT_NOISE = 0.2;
    public static final long DEFAULT_SEED = 12345L;

    /** Two floats per point must fit one Java array. */
    private static final long MAX_POINTS = (Integer.MAX_VALUE - 8) / 2;

    private Spiral() {
    }

    /** A spiral with noise on the angle (the course notebook's placement). */
    public static Dataset generate(int classes, int pointsPerClass, double noise, long seed) {
        return generate(classes, pointsPerClass, noise, NoisePlacement.ANGLE, seed);
    }

    /**
     * A spiral of {@code classes × pointsPerClass} points in 2 features.
     *
     * @throws IllegalArgumentException when {@code classes < 1}, {@code pointsPerClass < 1}, the
     *         total does not fit an array, {@code noise} is negative or not finite, or
     *         {@code placement} is null
     */
    public static Dataset generate(int classes, int pointsPerClass, double noise,
                                   NoisePlacement placement, long seed) {
        if (classes < 1) {
            throw new IllegalArgumentException("spiral needs at least 1 class, got " + classes);
        }
        if (pointsPerClass < 1) {
            throw new IllegalArgumentException("spiral needs at least 1 point per class, got "
                    + pointsPerClass);
        }
        if ((long) classes * pointsPerClass > MAX_POINTS) {
            throw new IllegalArgumentException("spiral of " + classes + " classes × " + pointsPerClass
                    + " points is too large (at most " + MAX_POINTS + " points)");
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise σ must be finite and >= 0, got " + noise);
        }
        if (placement == null) {
            throw new IllegalArgumentException("noise placement must not be null");
        }
        int m = classes * pointsPerClass;
        float[] x = new float[2 * m];
        int[] labels = new int[m];
        Gaussian gaussian = new Gaussian(new SplittableRandom(seed));
        double sector = 2.0 * StrictMath.PI / classes;
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < pointsPerClass; i++) {
                double t = pointsPerClass == 1 ? 0.0 : (double) i / (pointsPerClass - 1);
                double angle = sector * (2.0 * t + c);
                double px;
                double py;
                if (placement == NoisePlacement.ANGLE) {
                    angle += noise * gaussian.next();
                    px = t * StrictMath.sin(angle);
                    py = t * StrictMath.cos(angle);
                } else {
                    px = t * StrictMath.sin(angle) + noise * gaussian.next();
                    py = t * StrictMath.cos(angle) + noise * gaussian.next();
                }
                int row = c * pointsPerClass + i;
                x[2 * row] = (float) px;
                x[2 * row + 1] = (float) py;
                labels[row] = c;
            }
        }
        return new Dataset(x, labels, 2, classes);
    }

    /** A builder starting from the course defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Named arguments for {@link Spiral#generate(int, int, double, NoisePlacement, long)}. */
    public static final class Builder {
        private int classes = DEFAULT_CLASSES;
        private int pointsPerClass = DEFAULT_POINTS_PER_CLASS;
        private double noise = DEFAULT_NOISE;
        private NoisePlacement placement = NoisePlacement.ANGLE;
        private long seed = DEFAULT_SEED;

        private Builder() {
        }

        public Builder classes(int classes) {
            this.classes = classes;
            return this;
        }

        public Builder pointsPerClass(int pointsPerClass) {
            this.pointsPerClass = pointsPerClass;
            return this;
        }

        public Builder noise(double noise) {
            this.noise = noise;
            return this;
        }

        public Builder placement(NoisePlacement placement) {
            this.placement = placement;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Generates the spiral; bad values fail here with an {@link IllegalArgumentException}. */
        public Dataset build() {
            return generate(classes, pointsPerClass, noise, placement, seed);
        }
    }
}
