package org.simdnet.kernel;

/**
 * In-place parameter updates over one flat parameter array, with the update rules of PyTorch's
 * {@code torch.optim.SGD}, {@code torch.optim.Adam} (L2 weight decay added to the gradient) and
 * {@code torch.optim.AdamW} (decoupled weight decay). Implementations trust their caller;
 * {@link Optimizers} checks arguments.
 */
public interface OptimizerKernels {

    /**
     * SGD as {@code torch.optim.SGD}: {@code g' = g + wd·w}; with momentum,
     * {@code buf = first ? g' : momentum·buf + (1 − dampening)·g'} and
     * {@code g' = nesterov ? g' + momentum·buf : buf}; then {@code w −= lr·g'}.
     * With momentum 0 the buffer is neither read nor written (and {@code nesterov} is ignored).
     */
    void sgd(int n, float[] w, int wOff, float[] g, int gOff, float[] momentumBuf, int mOff,
             float lr, float momentum, float dampening, float weightDecay, boolean nesterov, boolean firstStep);

    /**
     * SGD with momentum and weight decay, dampening 0 and no Nesterov:
     * {@code g' = g + wd·w; buf = first ? g' : momentum·buf + g'; w −= lr·buf}.
     * With momentum 0 the buffer is neither read nor written and {@code w −= lr·g'}.
     */
    default void sgd(int n, float[] w, int wOff, float[] g, int gOff, float[] momentumBuf, int mOff,
                     float lr, float momentum, float weightDecay, boolean firstStep) {
        // (1 − 0)·g' is g' exactly, so this is bit for bit the rule without dampening.
        sgd(n, w, wOff, g, gOff, momentumBuf, mOff, lr, momentum, 0f, weightDecay, false, firstStep);
    }

    /**
     * Adam, step {@code t >= 1}: {@code g' = g + wd·w; m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²;
     * w −= (lr / (1−β1^t)) · m / (sqrt(v) / sqrt(1−β2^t) + eps)}, as PyTorch computes it.
     */
    void adam(int n, float[] w, int wOff, float[] g, int gOff,
              float[] m, int mOff, float[] v, int vOff,
              float lr, float beta1, float beta2, float eps, float weightDecay, int step);

    /**
     * AdamW, step {@code t >= 1}: first {@code w = w·(1 − lr·wd)}, then the Adam update of
     * {@link #adam} with no decay added to the gradient, as {@code torch.optim.AdamW}.
     */
    void adamW(int n, float[] w, int wOff, float[] g, int gOff,
               float[] m, int mOff, float[] v, int vOff,
               float lr, float beta1, float beta2, float eps, float weightDecay, int step);

    /** {@code x[i] = x[i]·factor} (gradient clipping's scaling). */
    void scale(int n, float[] x, int xOff, float factor);
}
