package org.simdnet.optim;

/**
 * {@code torch.optim.AdamW}'s configuration (decoupled weight decay). At step {@code t >= 1}, per
 * element: first {@code w = w·(1 − lr·weightDecay)}, then the {@link Adam} update with no decay
 * added to the gradient. PyTorch's default weight decay here is 1e-2
 * ({@link OptimizerSpec#adamW(float)}).
 *
 * <p>Checks: as {@link Adam}.
 *
 * @param lr the base learning rate ({@code lr}), finite and {@code >= 0}
 * @param beta1 the decay rate of the first moment ({@code betas[0]}), in [0, 1)
 * @param beta2 the decay rate of the second moment ({@code betas[1]}), in [0, 1)
 * @param eps added to the denominator ({@code eps}), finite and {@code > 0}
 * @param weightDecay the decoupled decay ({@code weight_decay}): each step first multiplies {@code w} by {@code 1 − lr·weightDecay}, finite and {@code >= 0}
 */
public record AdamW(float lr, float beta1, float beta2, float eps, float weightDecay) implements OptimizerSpec {

    /**
     * Checks the arguments (see {@link Adam}); each failure names the argument.
     *
     * @param lr the base learning rate ({@code lr}), finite and {@code >= 0}
     * @param beta1 the decay rate of the first moment ({@code betas[0]}), in [0, 1)
     * @param beta2 the decay rate of the second moment ({@code betas[1]}), in [0, 1)
     * @param eps added to the denominator ({@code eps}), finite and {@code > 0}
     * @param weightDecay the decoupled decay ({@code weight_decay}): each step first multiplies {@code w} by {@code 1 − lr·weightDecay}, finite and {@code >= 0}
     * @throws IllegalArgumentException when an argument is out of its range, NaN or infinite
     */
    public AdamW {
        Adam.checkAdam(lr, beta1, beta2, eps, weightDecay);
    }

    @Override
    public Optimizer create(int parameters) {
        return new AdamOptimizer(this, parameters, beta1, beta2, eps, weightDecay, true);
    }

    @Override
    public String toString() {
        return "adamw(lr=" + lr + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + eps
                + ", weight_decay=" + weightDecay + ")";
    }
}
