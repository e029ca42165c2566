package org.simdnet.kernel;

/** Placeholder. */
public final class ScalarOptimizerKernels implements OptimizerKernels {

    @Override
    public void sgd(int n, float[] w, int wOff, float[] g, int gOff, float[] momentumBuf, int mOff,
             float lr, float momentum, float weightDecay, boolean firstStep) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void adam(int n, float[] w, int wOff, float[] g, int gOff,
              float[] m, int mOff, float[] v, int vOff,
              float lr, float beta1, float beta2, float eps, float weightDecay, int step) {
        throw new UnsupportedOperationException("TODO");
    }
}
