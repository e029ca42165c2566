package org.simdnet.optim;

/**
 * {@code torch.optim.SGD}'s configuration. Per element, with {@code g} the gradient and
 * {@code w} the parameter: {@code g = g + weightDecay·w}; when {@code momentum != 0},
 * {@code buf = (first step) ? g : momentum·buf + (1 − dampening)·g} and
 * {@code g = nesterov ? g + momentum·buf : buf}; then {@code w = w − lr·g}.
 *
 * <p>Checks: {@code lr} and {@code weightDecay} finite and {@code >= 0} (as PyTorch);
 * {@code momentum} in [0, 1) and {@code dampening} in [0, 1] (PyTorch accepts more, but only to
 * diverge); Nesterov needs {@code momentum > 0} and {@code dampening == 0} (PyTorch's rule).
 *
 * @param lr the learning rate ({@code lr}), finite and {@code >= 0}
 * @param momentum the momentum factor ({@code momentum}), in [0, 1); 0 for none
 * @param dampening the dampening of the momentum ({@code dampening}), in [0, 1]
 * @param weightDecay the L2 penalty added to the gradient ({@code weight_decay}), finite and {@code >= 0}
 * @param nesterov whether to use Nesterov momentum ({@code nesterov})
 */
public record Sgd(float lr, float momentum, float dampening, float weightDecay, boolean nesterov)
        implements OptimizerSpec {

    /**
     * Checks the arguments (see the class comment); each failure names the argument.
     *
     * @param lr the learning rate ({@code lr}), finite and {@code >= 0}
     * @param momentum the momentum factor ({@code momentum}), in [0, 1); 0 for none
     * @param dampening the dampening of the momentum ({@code dampening}), in [0, 1]
     * @param weightDecay the L2 penalty added to the gradient ({@code weight_decay}), finite and {@code >= 0}
     * @param nesterov whether to use Nesterov momentum ({@code nesterov})
     * @throws IllegalArgumentException when an argument is out of its range, NaN or infinite, or
     *                                  {@code nesterov} is set without momentum or with dampening
     */
    public Sgd {
        Args.nonNegative("lr", lr);
        Args.belowOne("momentum", momentum);
        Args.unit("dampening", dampening);
        Args.nonNegative("weightDecay", weightDecay);
        if (nesterov && (momentum == 0f || dampening != 0f)) {
            throw new IllegalArgumentException("nesterov requires momentum > 0 and dampening == 0, got momentum "
                    + momentum + " and dampening " + dampening);
        }
    }

    @Override
    public Optimizer create(int parameters) {
        return new SgdOptimizer(this, parameters);
    }

    @Override
    public String toString() {
        return "sgd(lr=" + lr + ", momentum=" + momentum + ", dampening=" + dampening
                + ", weight_decay=" + weightDecay + ", nesterov=" + nesterov + ")";
    }
}
