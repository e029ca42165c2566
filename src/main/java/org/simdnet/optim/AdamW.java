package org.simdnet.optim;

/**
 * {@code torch.optim.AdamW}'s configuration (decoupled weight decay). At step {@code t >= 1}, per
 * element: first {@code w = w·(1 − lr·weightDecay)}, then the {@link Adam} update with no decay
 * added to the gradient. PyTorch's default weight decay here is 1e-2
 * ({@link OptimizerSpec#adamW(float)}).
 *
 * <p>Checks: as {@link Adam}.
 */
public record AdamW(float lr, float beta1, float beta2, float eps, float weightDecay) implements OptimizerSpec {

    /** Checks the arguments (see {@link Adam}); each failure names the argument. */
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
