package org.simdnet.kernel;

/**
 * The optimizer updates as the engine serves them when warm-up is on: the scalar twin (the same
 * float operations, the same bits) until {@link KernelWarmUp} has seen the vector updates
 * compiled and faster, then the vector ones.
 */
final class WarmingOptimizerKernels implements OptimizerKernels {

    final ScalarOptimizerKernels scalar = new ScalarOptimizerKernels();
    /** Set once, by the warm-up thread (or a test); read on every call. */
    volatile boolean useVector;

    /** The vector updates, made on first use: a run that stays on the twin never initialises them. */
    private static final class Vector {
        static final VectorOptimizerKernels KERNELS = new VectorOptimizerKernels();
    }

    /** The vector updates (made on first call). */
    static VectorOptimizerKernels vector() {
        return Vector.KERNELS;
    }

    @Override
    public void sgd(int n, float[] w, int wOff, float[] g, int gOff, float[] momentumBuf, int mOff,
                    float lr, float momentum, float dampening, float weightDecay, boolean nesterov, boolean firstStep) {
        if (useVector) {
            vector().sgd(n, w, wOff, g, gOff, momentumBuf, mOff, lr, momentum, dampening, weightDecay, nesterov, firstStep);
        } else {
            scalar.sgd(n, w, wOff, g, gOff, momentumBuf, mOff, lr, momentum, dampening, weightDecay, nesterov, firstStep);
        }
    }

    @Override
    public void adam(int n, float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                     float lr, float beta1, float beta2, float eps, float weightDecay, int step) {
        if (useVector) {
            vector().adam(n, w, wOff, g, gOff, m, mOff, v, vOff, lr, beta1, beta2, eps, weightDecay, step);
        } else {
            scalar.adam(n, w, wOff, g, gOff, m, mOff, v, vOff, lr, beta1, beta2, eps, weightDecay, step);
        }
    }

    @Override
    public void adamW(int n, float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                      float lr, float beta1, float beta2, float eps, float weightDecay, int step) {
        if (useVector) {
            vector().adamW(n, w, wOff, g, gOff, m, mOff, v, vOff, lr, beta1, beta2, eps, weightDecay, step);
        } else {
            scalar.adamW(n, w, wOff, g, gOff, m, mOff, v, vOff, lr, beta1, beta2, eps, weightDecay, step);
        }
    }

    @Override
    public void scale(int n, float[] x, int xOff, float factor) {
        if (useVector) {
            vector().scale(n, x, xOff, factor);
        } else {
            scalar.scale(n, x, xOff, factor);
        }
    }
}
