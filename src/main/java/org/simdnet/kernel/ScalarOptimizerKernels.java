package org.simdnet.kernel;

/**
 * Plain-Java optimizer updates, the reference for {@link VectorOptimizerKernels}. Each element
 * goes through the same float operations, in the same order, as PyTorch's single-tensor CPU path
 * ({@code torch.optim.SGD} / {@code torch.optim.Adam} with foreach off), and as the vector twin,
 * so the two implementations agree bit for bit.
 */
public final class ScalarOptimizerKernels implements OptimizerKernels {

    @Override
    public void sgd(int n, float[] w, int wOff, float[] g, int gOff, float[] momentumBuf, int mOff,
                    float lr, float momentum, float weightDecay, boolean firstStep) {
        float negLr = -lr;
        for (int i = 0; i < n; i++) {
            float wi = w[wOff + i];
            float d = g[gOff + i];
            if (weightDecay != 0f) {          // PyTorch skips the term entirely at 0 (0·Inf would be NaN)
                d = d + weightDecay * wi;
            }
            if (momentum != 0f) {
                float b = firstStep ? d : momentumBuf[mOff + i] * momentum + d;
                momentumBuf[mOff + i] = b;
                d = b;
            }
            w[wOff + i] = wi + negLr * d;
        }
    }

    @Override
    public void adam(int n, float[] w, int wOff, float[] g, int gOff,
                     float[] m, int mOff, float[] v, int vOff,
                     float lr, float beta1, float beta2, float eps, float weightDecay, int step) {
        // Per-step scalars in double, as PyTorch computes them with Python floats, rounded once.
        float oneMinusBeta1 = (float) (1.0 - beta1);
        float oneMinusBeta2 = (float) (1.0 - beta2);
        float negStepSize = (float) (-(lr / (1.0 - Math.pow(beta1, step))));
        float bc2Sqrt = (float) Math.sqrt(1.0 - Math.pow(beta2, step));
        boolean lerpBelowHalf = oneMinusBeta1 < 0.5f;
        for (int i = 0; i < n; i++) {
            float wi = w[wOff + i];
            float d = g[gOff + i];
            if (weightDecay != 0f) {
                d = d + weightDecay * wi;
            }
            // exp_avg.lerp_(grad, 1 − β1): PyTorch's lerp for a weight below 0.5 is self + w·(end − self).
            float mi = lerpBelowHalf ? m[mOff + i] + oneMinusBeta1 * (d - m[mOff + i])
                                       : d - (d - m[mOff + i]) * (1f - oneMinusBeta1);
            float vi = v[vOff + i] * beta2 + oneMinusBeta2 * d * d;
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;
            w[wOff + i] = wi + negStepSize * mi / denom;
        }
    }
}
