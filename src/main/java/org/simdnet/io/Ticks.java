package org.simdnet.io;

import java.util.Locale;

/** "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten, about five per axis. */
final class Ticks {

    final double first;
    final double step;
    final int count;
    private final int decimals;

    private Ticks(double first, double step, int count, int decimals) {
        this.first = first;
        this.step = step;
        this.count = count;
        this.decimals = decimals;
    }

    /** Ticks covering {@code [lo, hi]} ({@code lo < hi}), every tick inside the interval. */
    static Ticks of(double lo, double hi, int target) {
        return of(lo, hi, target, 0);
    }

    /** Like {@link #of(double, double, int)} with whole-number steps (epochs, counts). */
    static Ticks integers(double lo, double hi, int target) {
        return of(lo, hi, target, 1);
    }

    private static Ticks of(double lo, double hi, int target, double minStep) {
        double rough = Math.max(minStep, (hi - lo) / Math.max(1, target));
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double normalized = rough / magnitude;
        double nice = normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10;
        double step = nice * magnitude;
        double first = Math.ceil(lo / step - 1e-9) * step;
        int count = (int) Math.floor((hi - first) / step + 1e-9) + 1;
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
        return new Ticks(first, step, count, decimals);
    }

    /** Nice upper end for an axis starting at 0 and showing values up to {@code max > 0}. */
    static double niceCeiling(double max) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * magnitude >= max * (1 - 1e-12)) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    double value(int i) {
        return first + i * step;
    }

    String label(int i) {
        double v = value(i);
        if (Math.abs(v) < step * 1e-6) {
            v = 0; // no "-0.0" or "1.4e-17" at the origin
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
