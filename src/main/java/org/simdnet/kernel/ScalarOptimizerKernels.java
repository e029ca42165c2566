package org.simdnet.kernel;

/**
 * Plain-Java optimizer updates, the reference for {@link VectorOptimizerKernels}. Each element
 * goes through the same float operations, in the same order, as PyTorch's single-tensor CPU path
 * ({@code torch.optim.SGD} / {@code Adam} / {@code AdamW} with foreach off, without its FMAs), and
 * as the vector twin, so the two implementations agree bit for bit.
 *
 * <p>One deliberate difference from PyTorch: tiny values are stored as 0. Weight decay drives the
 * weights of dead ReLU units geometrically towards 0; unflushed, they end up in products with
 * small gradients that land in the subnormal range, where x86 FMAs take microcode assists (Java
 * cannot set flush-to-zero): a 2 → 1024 → 1024 → 3 net was measured slowing from 17 ms to 560 ms
 * per step over 1200 steps. What is flushed:
 * <ul>
 * <li>parameters below {@link #FLUSH_PARAMETER}: a weight below 1e-15 next to weights of order
 *     0.01 changes no output in float;</li>
 * <li>SGD: the gradient (weight decay included) below {@link #FLUSH_GRADIENT} and the momentum
 *     buffer below {@link #FLUSH_MOMENT}; they move a weight by less than lr·1e-15 per step;</li>
 * <li>Adam and AdamW: thresholds tied to {@code eps} (see {@link #ADAM_FLUSH}), never absolute
 *     ones. Adam's update is scale-free in the gradient, so an absolute threshold is wrong for
 *     some eps: with eps 1e-16 and gradients near 1e-14 the second moment (about 1e-31) used to be
 *     flushed at 1e-30 while the first survived, and the weight moved by 100·lr where PyTorch
 *     moves it by about lr.</li>
 * </ul>
 */
public final class ScalarOptimizerKernels implements OptimizerKernels {

    /** Parameters smaller than this in magnitude are stored as 0 after an update. */
    public static final float FLUSH_PARAMETER = 1e-15f;
    /** SGD: gradients (weight decay included) smaller than this count as 0. */
    public static final float FLUSH_GRADIENT = 1e-15f;
    /** SGD: momentum buffers smaller than this are stored as 0. */
    public static final float FLUSH_MOMENT = 1e-30f;
    /**
     * Adam's flush scale {@code τ = 2^-28}: with {@code a = eps·τ}, gradient entries (weight decay
     * included) below {@code a} count as 0, first moments below {@code (1−β1)·a} and second
     * moments below {@code (1−β2)·a²} are stored as 0.
     *
     * <p>Why this cannot change a result beyond rounding: zeroing a gradient entry below {@code a}
     * changes the bias-corrected {@code m̂} of that and every later step by less than {@code a}
     * (m̂ is a weighted mean of the gradients, weights summing to 1) and {@code v̂} by less than
     * {@code a²}. Zeroing a first moment below {@code (1−β1)·a} is the same as changing that step's
     * gradient by less than {@code a}, and a second moment below {@code (1−β2)·a²} the same as
     * changing its square by less than {@code a²}. Both kinds of change together move m̂ by less
     * than {@code 2a} and {@code √v̂} by less than {@code √2·a}, against a denominator
     * {@code √v̂ + eps >= eps}, so a step's move {@code lr·q} with {@code q = m̂ / (√v̂ + eps)}
     * changes by less than {@code lr·τ·(2 + 1.5·|q|)}: under {@code lr·2^-26} for {@code |q| <= 1}
     * (Adam's usual size), below half an ulp of any weight of magnitude {@code >= lr}.
     *
     * <p>For eps 1e-8 the thresholds (3.7e-17, 3.7e-18, 1.4e-36 for β2 0.999) keep moments and
     * products out of the subnormal range; for eps below about 1e-9 the second-moment threshold
     * is itself subnormal or 0, so nothing that matters is flushed and tiny moments may run at
     * subnormal speed: exactness first.
     */
    public static final float ADAM_FLUSH = 0x1p-28f;

    /** {@code x}, or 0 when {@code |x| < below} (NaN stays NaN, so divergence is still seen). */
    static float flush(float x, float below) {
        return Flush.below(x, below);
    }

    @Override
    public void sgd(int n, float[] w, int wOff, float[] g, int gOff, float[] momentumBuf, int mOff,
                    float lr, float momentum, float dampening, float weightDecay, boolean nesterov,
                    boolean firstStep) {
        float negLr = -lr;
        // PyTorch passes 1 − dampening as a Python float (double), rounded to float by the kernel.
        float oneMinusDampening = (float) (1.0 - dampening);
        for (int i = 0; i < n; i++) {
            float wi = w[wOff + i];
            float d = g[gOff + i];
            if (weightDecay != 0f) {          // PyTorch skips the term entirely at 0 (0·Inf would be NaN)
                d = d + weightDecay * wi;
            }
            d = flush(d, FLUSH_GRADIENT);
            if (momentum != 0f) {
                float b = flush(firstStep ? d : momentumBuf[mOff + i] * momentum + oneMinusDampening * d,
                        FLUSH_MOMENT);
                momentumBuf[mOff + i] = b;
                d = nesterov ? d + momentum * b : b;
            }
            w[wOff + i] = flush(wi + negLr * d, FLUSH_PARAMETER);
        }
    }

    @Override
    public void adam(int n, float[] w, int wOff, float[] g, int gOff,
                     float[] m, int mOff, float[] v, int vOff,
                     float lr, float beta1, float beta2, float eps, float weightDecay, int step) {
        adamUpdate(n, w, wOff, g, gOff, m, mOff, v, vOff, lr, beta1, beta2, eps, weightDecay, step, false);
    }

    @Override
    public void adamW(int n, float[] w, int wOff, float[] g, int gOff,
                      float[] m, int mOff, float[] v, int vOff,
                      float lr, float beta1, float beta2, float eps, float weightDecay, int step) {
        adamUpdate(n, w, wOff, g, gOff, m, mOff, v, vOff, lr, beta1, beta2, eps, weightDecay, step, true);
    }

    /**
     * Elements per call of {@link #adamRange}. Not a speed knob for the loop itself: it keeps a
     * call's loop short so that HotSpot's 600 calls for a normal C2 compilation come ~30 steps
     * into a cold run of the lecture's net (603 parameters, one update a step), not hundreds of
     * steps in. In one call the update was compiled on stack replacement at step ~66 (an entry
     * its C1 code takes only now and then) and normally much later, ~20 ms of C2 time each while
     * the run waited; in chunks the two compilations of the short loop take ~17 ms in all
     * (jmh/scripts/c2_time.sh).
     */
    static final int ADAM_CHUNK = 48;

    private static void adamUpdate(int n, float[] w, int wOff, float[] g, int gOff,
                                   float[] m, int mOff, float[] v, int vOff,
                                   float lr, float beta1, float beta2, float eps, float weightDecay, int step,
                                   boolean decoupled) {
        // Per-step scalars in double, as PyTorch computes them with Python floats, rounded once.
        float oneMinusBeta1 = (float) (1.0 - beta1);
        float oneMinusBeta2 = (float) (1.0 - beta2);
        float negStepSize = (float) (-(lr / (1.0 - Math.pow(beta1, step))));
        float bc2Sqrt = (float) Math.sqrt(1.0 - Math.pow(beta2, step));
        float decayFactor = (float) (1.0 - (double) lr * weightDecay);   // AdamW: param.mul_(1 − lr·wd)
        boolean coupledDecay = !decoupled && weightDecay != 0f;
        boolean decoupledDecay = decoupled && weightDecay != 0f;
        for (int from = 0; from < n; from += ADAM_CHUNK) {
            adamRange(from, Math.min(n, from + ADAM_CHUNK), w, wOff, g, gOff, m, mOff, v, vOff, beta2, eps,
                    weightDecay, oneMinusBeta1, oneMinusBeta2, negStepSize, bc2Sqrt, decayFactor, coupledDecay,
                    decoupledDecay);
        }
    }

    /** Elements {@code from .. to} of {@link #adamUpdate}, with its per-step scalars. */
    private static void adamRange(int from, int to, float[] w, int wOff, float[] g, int gOff,
                                  float[] m, int mOff, float[] v, int vOff, float beta2, float eps,
                                  float weightDecay, float oneMinusBeta1, float oneMinusBeta2, float negStepSize,
                                  float bc2Sqrt, float decayFactor, boolean coupledDecay, boolean decoupledDecay) {
        boolean lerpBelowHalf = oneMinusBeta1 < 0.5f;
        float gradientFloor = eps * ADAM_FLUSH;
        float firstFloor = oneMinusBeta1 * gradientFloor;
        float secondFloor = oneMinusBeta2 * gradientFloor * gradientFloor;
        for (int i = from; i < to; i++) {
            float wi = w[wOff + i];
            if (decoupledDecay) {
                wi = wi * decayFactor;
            }
            float d = g[gOff + i];
            if (coupledDecay) {
                d = d + weightDecay * wi;
            }
            d = flush(d, gradientFloor);
            // exp_avg.lerp_(grad, 1 − β1): PyTorch's lerp for a weight below 0.5 is self + w·(end − self).
            float mi = flush(lerpBelowHalf ? m[mOff + i] + oneMinusBeta1 * (d - m[mOff + i])
                                             : d - (d - m[mOff + i]) * (1f - oneMinusBeta1), firstFloor);
            float vi = flush(v[vOff + i] * beta2 + oneMinusBeta2 * d * d, secondFloor);
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;
            w[wOff + i] = flush(wi + negStepSize * mi / denom, FLUSH_PARAMETER);
        }
    }

    @Override
    public void scale(int n, float[] x, int xOff, float factor) {
        for (int i = 0; i < n; i++) {
            x[xOff + i] = x[xOff + i] * factor;
        }
    }
}
