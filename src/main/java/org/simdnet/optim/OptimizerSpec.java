package org.simdnet.optim;

/**
 * Which optimizer to train with and its hyper-parameters, with PyTorch's names, defaults and
 * update rules: {@link Sgd} ({@code torch.optim.SGD}), {@link Adam} ({@code torch.optim.Adam})
 * and {@link AdamW} ({@code torch.optim.AdamW}). Immutable, with the arguments checked when it is
 * made; {@link #create} makes the state for one flat parameter array.
 */
public sealed interface OptimizerSpec permits Sgd, Adam, AdamW {

    /**
     * The base learning rate, which a {@link LearningRateSchedule} multiplies per epoch.
     *
     * @return {@code lr}, finite and {@code >= 0}
     */
    float lr();

    /**
     * A fresh optimizer (zero state, no steps yet) for {@code parameters} floats.
     *
     * @param parameters the length of the flat parameter array, {@code >= 0}
     * @return the optimizer, with its state allocated
     * @throws IllegalArgumentException when {@code parameters < 0}
     */
    Optimizer create(int parameters);

    /**
     * PyTorch-style, e.g. {@code sgd(lr=0.1, momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=false)}.
     *
     * @return the optimizer's name and every hyper-parameter
     */
    @Override
    String toString();

    /**
     * {@code torch.optim.SGD(lr)}: no momentum, no weight decay.
     *
     * @param lr the learning rate, finite and {@code >= 0}
     * @return the spec
     * @throws IllegalArgumentException when an argument is out of its range (see {@link Sgd})
     */
    static Sgd sgd(float lr) {
        return new Sgd(lr, 0f, 0f, 0f, false);
    }

    /**
     * {@code torch.optim.SGD(lr, momentum, weight_decay=weightDecay)}: dampening 0, no Nesterov.
     *
     * @param lr the learning rate, finite and {@code >= 0}
     * @param momentum the momentum factor, in [0, 1); 0 for none
     * @param weightDecay the L2 penalty added to the gradient, finite and {@code >= 0}
     * @return the spec
     * @throws IllegalArgumentException when an argument is out of its range (see {@link Sgd})
     */
    static Sgd sgd(float lr, float momentum, float weightDecay) {
        return new Sgd(lr, momentum, 0f, weightDecay, false);
    }

    /**
     * {@code torch.optim.SGD(lr, momentum, dampening, weight_decay=weightDecay, nesterov)}.
     *
     * @param lr the learning rate, finite and {@code >= 0}
     * @param momentum the momentum factor, in [0, 1); 0 for none
     * @param dampening the dampening of the momentum, in [0, 1]
     * @param weightDecay the L2 penalty added to the gradient, finite and {@code >= 0}
     * @param nesterov whether to use Nesterov momentum (needs {@code momentum > 0} and
     *                 {@code dampening == 0})
     * @return the spec
     * @throws IllegalArgumentException when an argument is out of its range (see {@link Sgd})
     */
    static Sgd sgd(float lr, float momentum, float dampening, float weightDecay, boolean nesterov) {
        return new Sgd(lr, momentum, dampening, weightDecay, nesterov);
    }

    /**
     * {@code torch.optim.Adam(lr)}: betas (0.9, 0.999), eps 1e-8, no weight decay.
     *
     * @param lr the base learning rate, finite and {@code >= 0}
     * @return the spec
     * @throws IllegalArgumentException when {@code lr} is negative, NaN or infinite
     */
    static Adam adam(float lr) {
        return adam(lr, 0f);
    }

    /**
     * {@code torch.optim.Adam(lr, weight_decay=weightDecay)}: betas (0.9, 0.999), eps 1e-8.
     *
     * @param lr the base learning rate, finite and {@code >= 0}
     * @param weightDecay the L2 penalty added to the gradient, finite and {@code >= 0}
     * @return the spec
     * @throws IllegalArgumentException when an argument is negative, NaN or infinite
     */
    static Adam adam(float lr, float weightDecay) {
        return new Adam(lr, 0.9f, 0.999f, 1e-8f, weightDecay);
    }

    /**
     * {@code torch.optim.Adam(lr, betas=(beta1, beta2), eps, weight_decay=weightDecay)}.
     *
     * @param lr the base learning rate, finite and {@code >= 0}
     * @param beta1 the decay rate of the first moment, in [0, 1)
     * @param beta2 the decay rate of the second moment, in [0, 1)
     * @param eps added to the denominator, finite and {@code > 0}
     * @param weightDecay the L2 penalty added to the gradient, finite and {@code >= 0}
     * @return the spec
     * @throws IllegalArgumentException when an argument is out of its range (see {@link Adam})
     */
    static Adam adam(float lr, float beta1, float beta2, float eps, float weightDecay) {
        return new Adam(lr, beta1, beta2, eps, weightDecay);
    }

    /**
     * {@code torch.optim.AdamW(lr)}: betas (0.9, 0.999), eps 1e-8 and PyTorch's weight decay 1e-2.
     *
     * @param lr the base learning rate, finite and {@code >= 0}
     * @return the spec
     * @throws IllegalArgumentException when {@code lr} is negative, NaN or infinite
     */
    static AdamW adamW(float lr) {
        return adamW(lr, 1e-2f);
    }

    /**
     * {@code torch.optim.AdamW(lr, weight_decay=weightDecay)}: betas (0.9, 0.999), eps 1e-8.
     *
     * @param lr the base learning rate, finite and {@code >= 0}
     * @param weightDecay the decoupled decay, finite and {@code >= 0}
     * @return the spec
     * @throws IllegalArgumentException when an argument is negative, NaN or infinite
     */
    static AdamW adamW(float lr, float weightDecay) {
        return new AdamW(lr, 0.9f, 0.999f, 1e-8f, weightDecay);
    }

    /**
     * {@code torch.optim.AdamW(lr, betas=(beta1, beta2), eps, weight_decay=weightDecay)}.
     *
     * @param lr the base learning rate, finite and {@code >= 0}
     * @param beta1 the decay rate of the first moment, in [0, 1)
     * @param beta2 the decay rate of the second moment, in [0, 1)
     * @param eps added to the denominator, finite and {@code > 0}
     * @param weightDecay the decoupled decay, finite and {@code >= 0}
     * @return the spec
     * @throws IllegalArgumentException when an argument is out of its range (see {@link Adam})
     */
    static AdamW adamW(float lr, float beta1, float beta2, float eps, float weightDecay) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay);
    }
}
