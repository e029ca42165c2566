package org.simdnet.kernel;

/**
 * In-place parameter updates over one flat parameter array, with the update rules of PyTorch's
 * {@code torch.optim.SGD} and {@code torch.optim.Adam} (L2 weight decay added to the gradient,
 * not decoupled). Implementations trust their caller; {@link Optimizers} checks arguments.
 */
public interface OptimizerKernels {

    /**
     * SGD with momentum and weight decay (dampening 0, no Nesterov):
     * {@code g' = g + wd·w; buf = first ? g' : momentum·buf + g'; w −= lr·buf}.
     * With momentum 0 the buffer is neither read nor written and {@code w −= lr·g'}.
     */
    void sgd(int n, float[] w, int wOff, float[] g, int gOff, float[] momentumBuf, int mOff,
             float lr, float momentum, float weightDecay, boolean firstStep);

    /**
     * Adam, step {@code t >= 1}: {@code g' = g + wd·w; m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²;
     * w −= (lr / (1−β1^t)) · m / (sqrt(v) / sqrt(1−β2^t) + eps)}, as PyTorch computes it.
     */
    void adam(int n, float[] w, int wOff, float[] g, int gOff,
              float[] m, int mOff, float[] v, int vOff,
              float lr, float beta1, float beta2, float eps, float weightDecay, int step);
}
