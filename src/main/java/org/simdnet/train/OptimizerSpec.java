package org.simdnet.train;

/**
 * Which optimizer to train with and its hyper-parameters, with PyTorch's names and defaults.
 * Immutable; build with {@link #sgd} or {@link #adam}.
 */
public final class OptimizerSpec {

    /** The update rule. */
    public enum Kind { SGD, ADAM }

    final Kind kind;
    final float lr;
    final float momentum;
    final float beta1;
    final float beta2;
    final float eps;
    final float weightDecay;

    private OptimizerSpec(Kind kind, float lr, float momentum, float beta1, float beta2, float eps,
                          float weightDecay) {
        requireFinite("learning rate", lr, false);
        requireFinite("weight decay", weightDecay, true);
        if (momentum < 0 || !(momentum < 1) && kind == Kind.SGD && momentum != 0) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (kind == Kind.ADAM) {
            if (!(beta1 >= 0 && beta1 < 1)) {
                throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
            }
            if (!(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
            }
            if (!(eps > 0) || Float.isInfinite(eps)) {
                throw new IllegalArgumentException("eps must be > 0 and finite, got " + eps);
            }
        }
        this.kind = kind;
        this.lr = lr;
        this.momentum = momentum;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    private static void requireFinite(String name, float value, boolean zeroAllowed) {
        if (Float.isNaN(value) || Float.isInfinite(value) || value < 0 || (!zeroAllowed && value == 0)) {
            throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? ">= 0" : "> 0")
                    + " and finite, got " + value);
        }
    }

    /** {@code torch.optim.SGD(lr, momentum, weight_decay)}. */
    public static OptimizerSpec sgd(float lr, float momentum, float weightDecay) {
        return new OptimizerSpec(Kind.SGD, lr, momentum, 0, 0, 0, weightDecay);
    }

    /** {@code torch.optim.Adam(lr, betas=(beta1, beta2), eps, weight_decay)}. */
    public static OptimizerSpec adam(float lr, float beta1, float beta2, float eps, float weightDecay) {
        return new OptimizerSpec(Kind.ADAM, lr, 0, beta1, beta2, eps, weightDecay);
    }

    /** Adam with PyTorch's default betas (0.9, 0.999) and eps 1e-8. */
    public static OptimizerSpec adam(float lr, float weightDecay) {
        return adam(lr, 0.9f, 0.999f, 1e-8f, weightDecay);
    }

    public Kind kind() {
        return kind;
    }

    public float lr() {
        return lr;
    }

    @Override
    public String toString() {
        return kind == Kind.SGD
                ? "sgd(lr=" + lr + ", momentum=" + momentum + ", weight_decay=" + weightDecay + ")"
                : "adam(lr=" + lr + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + eps
                        + ", weight_decay=" + weightDecay + ")";
    }
}
