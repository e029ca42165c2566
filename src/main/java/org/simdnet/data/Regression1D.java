package org.simdnet.data;

import java.util.SplittableRandom;

/**
 * The course's 1-D regression set (NYU Deep Learning, "regression" notebook):
 * <pre>
 *   x = linspace(−1, 1, n)
 *   y = x³ + noise · u,   u uniform in [0, 1)        (the notebook: x.pow(3) + 0.3 * torch.rand(x.size()))
 * </pre>
 * The noise is one-sided, so the targets scatter above the cubic. {@code u} comes from a
 * {@link SplittableRandom} seeded with {@code seed}, one draw per point in order of {@code x}, so
 * the same arguments give a bit-identical set on every JDK.
 *
 * <p>Usage: {@code Regression1D.generate(100, 0.3, 12345)} or
 * {@code Regression1D.builder().points(200).seed(7).build()}; {@link #grid(double, int)} gives the
 * wider evaluation grid. For speed {@link #x()} and {@link #y()} hand out the internal arrays:
 * callers must treat them as read-only.
 */
public final class Regression1D {

    /** The notebook's setup: n = 100 points, noise 0.3, the spiral's seed 12345. */
    public static final int DEFAULT_POINTS = 100;
    public static final double DEFAULT_NOISE = 0.3;
    public static final long DEFAULT_SEED = 12345L;
    /** The training inputs lie in {@code [−INTERVAL, INTERVAL]}. */
    public static final double INTERVAL = 1.0;

    private final float[] x;
    private final float[] y;

    private Regression1D(float[] x, float[] y) {
        this.x = x;
        this.y = y;
    }

    /**
     * {@code points} inputs evenly spaced in {@code [−1, 1]} (one point sits at −1, as
     * {@code torch.linspace(-1, 1, 1)} does) and their noisy cubic targets.
     *
     * @throws IllegalArgumentException when {@code points < 1} or {@code noise} is negative or not
     *         finite
     */
    public static Regression1D generate(int points, double noise, long seed) {
        if (points < 1) {
            throw new IllegalArgumentException("a regression set needs at least 1 point, got " + points);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise must be finite and >= 0, got " + noise);
        }
        float[] x = linspace(-INTERVAL, INTERVAL, points);
        float[] y = new float[points];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < points; i++) {
            double xi = x[i];
            y[i] = (float) (xi * xi * xi + noise * random.nextDouble());
        }
        return new Regression1D(x, y);
    }

    /** {@link #generate(int, double, long)} with the notebook's noise 0.3. */
    public static Regression1D generate(int points, long seed) {
        return generate(points, DEFAULT_NOISE, seed);
    }

    /**
     * {@code points} values evenly spaced in {@code [−halfWidth, halfWidth]}, both ends included
     * (the notebook's evaluation grid is {@code grid(4, 1001)}); a single point sits at the left end.
     *
     * @throws IllegalArgumentException when {@code points < 1} or {@code halfWidth} is not positive
     *         and finite
     */
    public static float[] grid(double halfWidth, int points) {
        if (!(halfWidth > 0) || Double.isInfinite(halfWidth)) {
            throw new IllegalArgumentException("the grid's half-width must be finite and > 0, got " + halfWidth);
        }
        if (points < 1) {
            throw new IllegalArgumentException("a grid needs at least 1 point, got " + points);
        }
        return linspace(-halfWidth, halfWidth, points);
    }

    /**
     * Computed in double, the left half from {@code lo} and the right half from {@code hi}, so both
     * ends are exact and a symmetric interval gives a symmetric grid (with 0 in the middle of an
     * odd count).
     */
    private static float[] linspace(double lo, double hi, int points) {
        float[] v = new float[points];
        if (points == 1) {
            v[0] = (float) lo;
            return v;
        }
        double span = hi - lo;
        for (int i = 0; i < points; i++) {
            int fromRight = points - 1 - i;
            v[i] = (float) (i < fromRight ? lo + span * i / (points - 1) : hi - span * fromRight / (points - 1));
        }
        return v;
    }

    /** Number of points. */
    public int size() {
        return x.length;
    }

    /** The inputs, increasing from −1 to 1. Internal array: do not modify. */
    public float[] x() {
        return x;
    }

    /** The targets, one per input. Internal array: do not modify. */
    public float[] y() {
        return y;
    }

    /** A builder starting from the notebook's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Named arguments for {@link Regression1D#generate(int, double, long)}. */
    public static final class Builder {
        private int points = DEFAULT_POINTS;
        private double noise = DEFAULT_NOISE;
        private long seed = DEFAULT_SEED;

        private Builder() {
        }

        public Builder points(int points) {
            this.points = points;
            return this;
        }

        public Builder noise(double noise) {
            this.noise = noise;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Generates the set; bad values fail here with an {@link IllegalArgumentException}. */
        public Regression1D build() {
            return generate(points, noise, seed);
        }
    }

    @Override
    public String toString() {
        return "Regression1D[" + x.length + " points on [-1, 1]]";
    }
}
