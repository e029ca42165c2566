package org.simdnet.spark.bench;

import java.io.Serializable;

/**
 * The lecture's 3-class spiral, point by point: class {@code c} traces
 * {@code t · (sin(2π/3 · (2t + c)), cos(2π/3 · (2t + c)))}, {@code t = k / (perClass − 1)}, with
 * Gaussian noise σ on the angle, rows {@code [c·perClass, (c+1)·perClass)} holding class c (the
 * core's {@code org.simdnet.data.Spiral}, which is not public API). The noise of row i comes from
 * a hash of (seed, i), so any row can be made alone, in any partition, with the same value.
 */
final class SpiralPoints implements Serializable {

    private static final long serialVersionUID = 1L;

    static final int CLASSES = 3;
    static final double NOISE = 0.2;

    private final long perClass;
    private final long seed;

    SpiralPoints(long rows, long seed) {
        this.perClass = Math.max(1, rows / CLASSES);
        this.seed = seed;
    }

    /** @return the rows: three arms of equal length */
    long rows() {
        return perClass * CLASSES;
    }

    int label(long row) {
        return (int) (row / perClass);
    }

    /** Row {@code row}'s point into {@code xy[0..1]}. */
    void point(long row, double[] xy) {
        int c = label(row);
        long k = row % perClass;
        double t = perClass == 1 ? 0.0 : (double) k / (perClass - 1);
        double angle = 2.0 * StrictMath.PI / CLASSES * (2.0 * t + c) + NOISE * gaussian(row);
        xy[0] = t * StrictMath.sin(angle);
        xy[1] = t * StrictMath.cos(angle);
    }

    /** A standard normal draw from two hashed uniforms (Box–Muller). */
    private double gaussian(long row) {
        double u1 = ((mix(seed * 0x9E3779B97F4A7C15L + 2 * row) >>> 11) + 1) * 0x1.0p-53;   // (0, 1]
        double u2 = (mix(seed * 0x9E3779B97F4A7C15L + 2 * row + 1) >>> 11) * 0x1.0p-53;
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** MurmurHash3's 64-bit finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
