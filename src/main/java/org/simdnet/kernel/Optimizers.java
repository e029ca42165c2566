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
     * SGD with momentum and weight decay (dampening 0, no Nesterov); see {@link OptimizerKernels#sgd}.
     * {@code momentumBuf} may be null when {@code momentum == 0}.
     */
    public static void sgd(int n, float[] w, int wOff, float[] g, int gOff, float[] momentumBuf, int mOff,
                           float lr, float momentum, float weightDecay, boolean firstStep) {
        sgd(n, w, wOff, g, gOff, momentumBuf, mOff, lr, momentum, 0f, weightDecay, false, firstStep);
    }

    /**
     * SGD as {@code torch.optim.SGD}, with dampening and Nesterov momentum; see
     * {@link OptimizerKernels#sgd(int, float[], int, float[], int, float[], int, float, float, float, float, boolean, boolean)}.
     * {@code momentumBuf} may be null when {@code momentum == 0}. Nesterov needs
     * {@code momentum > 0} and {@code dampening == 0} (PyTorch's rule).
     */
    public static void sgd(int n, float[] w, int wOff, float[] g, int gOff, float[] momentumBuf, int mOff,
                           float lr, float momentum, float dampening, float weightDecay, boolean nesterov,
                           boolean firstStep) {
        Checks.nonNegative("n", n);
        Checks.vector("w", w, wOff, n);
        Checks.vector("g", g, gOff, n);
        nonNegativeFinite("lr", lr);
        nonNegativeFinite("momentum", momentum);
        nonNegativeFinite("dampening", dampening);
        nonNegativeFinite("weightDecay", weightDecay);
        if (nesterov && (momentum == 0f || dampening != 0f)) {
            throw new IllegalArgumentException("nesterov requires momentum > 0 and dampening == 0, got momentum "
                    + momentum + " and dampening " + dampening);
        }
        disjoint(n, "w", w, wOff, "g", g, gOff);
        if (momentum != 0f) {
            Checks.vector("momentumBuf", momentumBuf, mOff, n);
            disjoint(n, "momentumBuf", momentumBuf, mOff, "w", w, wOff);
            disjoint(n, "momentumBuf", momentumBuf, mOff, "g", g, gOff);
        }
        Kernels.OPTIMIZERS.sgd(n, w, wOff, g, gOff, momentumBuf, mOff, lr, momentum, dampening, weightDecay,
                nesterov, firstStep);
    }

    /** Adam, step {@code >= 1}; see {@link OptimizerKernels#adam}. */
    public static void adam(int n, float[] w, int wOff, float[] g, int gOff,
                            float[] m, int mOff, float[] v, int vOff,
                            float lr, float beta1, float beta2, float eps, float weightDecay, int step) {
        checkAdam(n, w, wOff, g, gOff, m, mOff, v, vOff, lr, beta1, beta2, eps, weightDecay, step);
        Kernels.OPTIMIZERS.adam(n, w, wOff, g, gOff, m, mOff, v, vOff, lr, beta1, beta2, eps, weightDecay, step);
    }

    /** AdamW (decoupled weight decay), step {@code >= 1}; see {@link OptimizerKernels#adamW}. */
    public static void adamW(int n, float[] w, int wOff, float[] g, int gOff,
                             float[] m, int mOff, float[] v, int vOff,
                             float lr, float beta1, float beta2, float eps, float weightDecay, int step) {
        checkAdam(n, w, wOff, g, gOff, m, mOff, v, vOff, lr, beta1, beta2, eps, weightDecay, step);
        Kernels.OPTIMIZERS.adamW(n, w, wOff, g, gOff, m, mOff, v, vOff, lr, beta1, beta2, eps, weightDecay, step);
    }

    /** {@code x[i] *= factor}; see {@link OptimizerKernels#scale}. */
    public static void scale(int n, float[] x, int xOff, float factor) {
        Checks.nonNegative("n", n);
        Checks.vector("x", x, xOff, n);
        Kernels.OPTIMIZERS.scale(n, x, xOff, factor);
    }

    private static void checkAdam(int n, float[] w, int wOff, float[] g, int gOff,
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
