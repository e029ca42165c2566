package org.simdnet.optim;

import org.simdnet.kernel.Checks;
import org.simdnet.kernel.Kernels;

/**
 * Clipping by the global L2 norm, as {@code torch.nn.utils.clip_grad_norm_(max_norm)}:
 * {@code total = ‖g‖₂} over the whole flat gradient, {@code coef = min(maxNorm / (total + 1e-6), 1)}
 * in float, every entry multiplied by {@code coef}; the norm before clipping is returned. NaN or
 * infinite gradients are not an error (PyTorch's default {@code error_if_nonfinite=False}): the
 * coefficient then is NaN or 0 and spreads to the gradient, as in PyTorch.
 *
 * <p>The sum of squares is accumulated in double in a fixed order (four interleaved partial sums,
 * combined in a fixed way), so the norm is the same on every machine and run, then rounded to
 * float as PyTorch's float32 norm is. Only the scaling is vectorized ({@code Kernels.OPTIMIZERS.scale},
 * element-wise, so bit-identical to scalar). Allocation-free.
 */
public final class GradientClipping {

    /** The constant PyTorch adds to the norm before dividing: {@code max_norm / (total_norm + 1e-6)}. */
    public static final float EPSILON = 1e-6f;

    private final float maxNorm;

    private GradientClipping(float maxNorm) {
        Args.positive("maxNorm", maxNorm);
        this.maxNorm = maxNorm;
    }

    /**
     * Clipping to global L2 norm {@code maxNorm} (finite and {@code > 0}).
     *
     * @param maxNorm the largest norm a clipped gradient has ({@code max_norm})
     * @return the clipping
     * @throws IllegalArgumentException when {@code maxNorm} is not finite and {@code > 0}
     */
    public static GradientClipping byNorm(float maxNorm) {
        return new GradientClipping(maxNorm);
    }

    /**
     * The norm the gradient is clipped to.
     *
     * @return {@code maxNorm}
     */
    public float maxNorm() {
        return maxNorm;
    }

    /**
     * Clips the whole of {@code gradient} in place; returns its norm before clipping.
     *
     * @param gradient the flat gradient, scaled in place
     * @return the global L2 norm of {@code gradient} before clipping
     * @throws IllegalArgumentException when {@code gradient} is null
     */
    public float clip(float[] gradient) {
        if (gradient == null) {
            throw new IllegalArgumentException("gradient is null");
        }
        return clipGradNorm(gradient.length, gradient, 0, maxNorm);
    }

    /**
     * Clips {@code gradient[off .. off+n)} in place to global L2 norm {@code maxNorm}; returns the
     * norm before clipping, as {@code torch.nn.utils.clip_grad_norm_}.
     *
     * @param n the number of entries, {@code >= 0}
     * @param gradient the array holding the gradient, scaled in place
     * @param off the index of the first entry
     * @param maxNorm the largest norm a clipped gradient has, finite and {@code > 0}
     * @return the global L2 norm of the {@code n} entries before clipping
     * @throws IllegalArgumentException when {@code maxNorm} is not finite and {@code > 0}, or
     *                                  {@code gradient} is null or does not hold {@code n} entries
     *                                  from {@code off}
     */
    public static float clipGradNorm(int n, float[] gradient, int off, float maxNorm) {
        Args.positive("maxNorm", maxNorm);
        Checks.vector("gradient", gradient, off, n);
        float total = totalNorm(n, gradient, off);
        // PyTorch: clip_coef = max_norm / (total_norm + 1e-6), clamped to at most 1, all in float32.
        float coef = Math.min(maxNorm / (total + EPSILON), 1f);   // Math.min keeps a NaN, as torch.clamp
        if (coef != 1f) {                                          // multiplying by 1 changes nothing
            Kernels.OPTIMIZERS.scale(n, gradient, off, coef);
        }
        return total;
    }

    /**
     * {@code sqrt(Σ g²)} over {@code gradient[off .. off+n)}, summed in double in a fixed order, rounded to float.
     *
     * @param n the number of entries, {@code >= 0}
     * @param gradient the array holding the gradient (not modified)
     * @param off the index of the first entry
     * @return the global L2 norm of the {@code n} entries
     * @throws IllegalArgumentException when {@code gradient} is null or does not hold {@code n}
     *                                  entries from {@code off}
     */
    public static float totalNorm(int n, float[] gradient, int off) {
        Checks.vector("gradient", gradient, off, n);
        // Four partial sums break the chain of dependent double additions; the order stays fixed.
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            double a = gradient[off + i], b = gradient[off + i + 1], c = gradient[off + i + 2], d = gradient[off + i + 3];
            s0 += a * a;
            s1 += b * b;
            s2 += c * c;
            s3 += d * d;
        }
        for (; i < n; i++) {
            double a = gradient[off + i];
            s0 += a * a;
        }
        return (float) Math.sqrt((s0 + s1) + (s2 + s3));
    }

    @Override
    public String toString() {
        return "clip_grad_norm(max_norm=" + maxNorm + ")";
    }
}
