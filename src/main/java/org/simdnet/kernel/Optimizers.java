package org.simdnet.kernel;

/**
 * The public, checked entry point to the optimizer updates: the names and parameters of
 * {@link OptimizerKernels}, with the hyper-parameters and bounds checked first (the ranges
 * PyTorch's optimizers accept), then delegated to {@link Kernels#OPTIMIZERS}. The parameter,
 * gradient and state arrays must not overlap one another.
 */
public final class Optimizers {

    private Optimizers() {
    }

    /**
     * SGD with momentum and weight decay; see {@link OptimizerKernels#sgd}. {@code momentumBuf}
     * may be null when {@code momentum == 0}.
     */
    public static void sgd(int n, float[] w, int wOff, float[] g, int gOff, float[] momentumBuf, int mOff,
                           float lr, float momentum, float weightDecay, boolean firstStep) {
        Checks.nonNegative("n", n);
        Checks.vector("w", w, wOff, n);
        Checks.vector("g", g, gOff, n);
        nonNegativeFinite("lr", lr);
        nonNegativeFinite("momentum", momentum);
        nonNegativeFinite("weightDecay", weightDecay);
        disjoint(n, "w", w, wOff, "g", g, gOff);
        if (momentum != 0f) {
            Checks.vector("momentumBuf", momentumBuf, mOff, n);
            disjoint(n, "momentumBuf", momentumBuf, mOff, "w", w, wOff);
            disjoint(n, "momentumBuf", momentumBuf, mOff, "g", g, gOff);
        }
        Kernels.OPTIMIZERS.sgd(n, w, wOff, g, gOff, momentumBuf, mOff, lr, momentum, weightDecay, firstStep);
    }

    /** Adam, step {@code >= 1}; see {@link OptimizerKernels#adam}. */
    public static void adam(int n, float[] w, int wOff, float[] g, int gOff,
                            float[] m, int mOff, float[] v, int vOff,
                            float lr, float beta1, float beta2, float eps, float weightDecay, int step) {
        Checks.nonNegative("n", n);
        Checks.vector("w", w, wOff, n);
        Checks.vector("g", g, gOff, n);
        Checks.vector("m", m, mOff, n);
        Checks.vector("v", v, vOff, n);
        nonNegativeFinite("lr", lr);
        unitInterval("beta1", beta1);
        unitInterval("beta2", beta2);
        nonNegativeFinite("eps", eps);
        nonNegativeFinite("weightDecay", weightDecay);
        if (step < 1) {
            throw new IllegalArgumentException("Adam step must be >= 1 (bias correction divides by 1 − β^step), got " + step);
        }
        disjoint(n, "w", w, wOff, "g", g, gOff);
        disjoint(n, "m", m, mOff, "w", w, wOff);
        disjoint(n, "m", m, mOff, "g", g, gOff);
        disjoint(n, "v", v, vOff, "w", w, wOff);
        disjoint(n, "v", v, vOff, "g", g, gOff);
        disjoint(n, "v", v, vOff, "m", m, mOff);
        Kernels.OPTIMIZERS.adam(n, w, wOff, g, gOff, m, mOff, v, vOff, lr, beta1, beta2, eps, weightDecay, step);
    }

    private static void nonNegativeFinite(String name, float value) {
        if (!(value >= 0f) || value == Float.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
    }

    private static void unitInterval(String name, float value) {
        if (!(value >= 0f && value < 1f)) {
            throw new IllegalArgumentException(name + " must lie in [0, 1), got " + value);
        }
    }

    private static void disjoint(int n, String aName, float[] a, int aOff, String bName, float[] b, int bOff) {
        Checks.noOverlap(aName + " (length " + n + ")", a, aOff, n, bName + " (length " + n + ")", b, bOff, n);
    }
}
