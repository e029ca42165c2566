package org.simdnet.optim;

/**
 * Which optimizer to train with and its hyper-parameters, with PyTorch's names, defaults and
 * update rules: {@link Sgd} ({@code torch.optim.SGD}), {@link Adam} ({@code torch.optim.Adam})
 * and {@link AdamW} ({@code torch.optim.AdamW}). Immutable, with the arguments checked when it is
 * made; {@link #create} makes the state for one flat parameter array.
 */
public sealed interface OptimizerSpec permits Sgd, Adam, AdamW {

    /** The base learning rate, which a {@link LearningRateSchedule} multiplies per epoch. */
    float lr();

    /** A fresh optimizer (zero state, no steps yet) for {@code parameters} floats. */
    Optimizer create(int parameters);

    /** PyTorch-style, e.g. {@code sgd(lr=0.1, momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=false)}. */
    @Override
    String toString();

    /** {@code torch.optim.SGD(lr)}: no momentum, no weight decay. */
    static Sgd sgd(float lr) {
        return new Sgd(lr, 0f, 0f, 0f, false);
    }

    /** {@code torch.optim.SGD(lr, momentum, weight_decay=weightDecay)}: dampening 0, no Nesterov. */
    static Sgd sgd(float lr, float momentum, float weightDecay) {
        return new Sgd(lr, momentum, 0f, weightDecay, false);
    }

    /** {@code torch.optim.SGD(lr, momentum, dampening, weight_decay=weightDecay, nesterov)}. */
    static Sgd sgd(float lr, float momentum, float dampening, float weightDecay, boolean nesterov) {
        return new Sgd(lr, momentum, dampening, weightDecay, nesterov);
    }

    /** {@code torch.optim.Adam(lr)}: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    static Adam adam(float lr) {
        return adam(lr, 0f);
    }

    /** {@code torch.optim.Adam(lr, weight_decay=weightDecay)}: betas (0.9, 0.999), eps 1e-8. */
    static Adam adam(float lr, float weightDecay) {
        return new Adam(lr, 0.9f, 0.999f, 1e-8f, weightDecay);
    }

    /** {@code torch.optim.Adam(lr, betas=(beta1, beta2), eps, weight_decay=weightDecay)}. */
    static Adam adam(float lr, float beta1, float beta2, float eps, float weightDecay) {
        return new Adam(lr, beta1, beta2, eps, weightDecay);
    }

    /** {@code torch.optim.AdamW(lr)}: betas (0.9, 0.999), eps 1e-8 and PyTorch's weight decay 1e-2. */
    static AdamW adamW(float lr) {
        return adamW(lr, 1e-2f);
    }

    /** {@code torch.optim.AdamW(lr, weight_decay=weightDecay)}: betas (0.9, 0.999), eps 1e-8. */
    static AdamW adamW(float lr, float weightDecay) {
        return new AdamW(lr, 0.9f, 0.999f, 1e-8f, weightDecay);
    }

    /** {@code torch.optim.AdamW(lr, betas=(beta1, beta2), eps, weight_decay=weightDecay)}. */
    static AdamW adamW(float lr, float beta1, float beta2, float eps, float weightDecay) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay);
    }
}
