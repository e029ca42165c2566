package org.simdnet.optim;

/**
 * {@code torch.optim.Adam}'s configuration (L2 weight decay, added to the gradient). At step
 * {@code t >= 1}, per element: {@code g = g + weightDecay·w; m = β1·m + (1−β1)·g;
 * v = β2·v + (1−β2)·g²; w = w − (lr / (1−β1^t)) · m / (√v / √(1−β2^t) + eps)}, in PyTorch's
 * single-tensor operation order.
 *
 * <p>Checks: {@code lr} and {@code weightDecay} finite and {@code >= 0}, betas in [0, 1) (as
 * PyTorch); {@code eps} finite and {@code > 0} (PyTorch's 0 gives 0/0 for unused parameters).
 *
 * @param lr the base learning rate ({@code lr}), finite and {@code >= 0}
 * @param beta1 the decay rate of the first moment ({@code betas[0]}), in [0, 1)
 * @param beta2 the decay rate of the second moment ({@code betas[1]}), in [0, 1)
 * @param eps added to the denominator ({@code eps}), finite and {@code > 0}
 * @param weightDecay the L2 penalty added to the gradient ({@code weight_decay}), finite and {@code >= 0}
 */
public record Adam(float lr, float beta1, float beta2, float eps, float weightDecay) implements OptimizerSpec {

    /**
     * Checks the arguments (see the class comment); each failure names the argument.
     *
     * @param lr the base learning rate ({@code lr}), finite and {@code >= 0}
     * @param beta1 the decay rate of the first moment ({@code betas[0]}), in [0, 1)
     * @param beta2 the decay rate of the second moment ({@code betas[1]}), in [0, 1)
     * @param eps added to the denominator ({@code eps}), finite and {@code > 0}
     * @param weightDecay the L2 penalty added to the gradient ({@code weight_decay}), finite and {@code >= 0}
     * @throws IllegalArgumentException when an argument is out of its range, NaN or infinite
     */
    public Adam {
        checkAdam(lr, beta1, beta2, eps, weightDecay);
    }

    static void checkAdam(float lr, float beta1, float beta2, float eps, float weightDecay) {
        Args.nonNegative("lr", lr);
        Args.belowOne("beta1", beta1);
        Args.belowOne("beta2", beta2);
        Args.positive("eps", eps);
        Args.nonNegative("weightDecay", weightDecay);
    }

    @Override
    public Optimizer create(int parameters) {
        return new AdamOptimizer(this, parameters, beta1, beta2, eps, weightDecay, false);
    }

    @Override
    public String toString() {
        return "adam(lr=" + lr + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + eps
                + ", weight_decay=" + weightDecay + ")";
    }
}
