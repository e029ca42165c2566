package org.simdnet.optim;

/**
 * A per-epoch multiplier of the base learning rate. The trainer asks once per epoch
 * ({@code epoch} counts from 0) and every step of that epoch uses
 * {@link #learningRate(float, int) (float) (baseLr · factor(epoch))}.
 *
 * <p>The factories give PyTorch's schedulers in closed form (so a factor never depends on the
 * epochs asked before): {@link #constant()}, {@link #step} ({@code StepLR}), {@link #cosine}
 * ({@code CosineAnnealingLR}) and {@link #linearWarmup} ({@code LambdaLR} with a linear ramp);
 * {@link #times} multiplies two schedules, e.g. a warm-up with a cosine decay.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The multiplier of the base learning rate for epoch {@code epoch >= 0}: finite and
     * {@code >= 0} for the schedules made here.
     *
     * @param epoch the epoch, counting from 0
     * @return the multiplier of the base learning rate in that epoch
     * @throws IllegalArgumentException when {@code epoch < 0}
     */
    double factor(int epoch);

    /**
     * The learning rate every step of {@code epoch} uses: {@code (float) (baseLr · factor(epoch))}.
     *
     * @param baseLr the optimizer's base learning rate ({@link OptimizerSpec#lr()})
     * @param epoch the epoch, counting from 0
     * @return the learning rate of that epoch's steps
     * @throws IllegalArgumentException when {@code epoch < 0}
     */
    default float learningRate(float baseLr, int epoch) {
        return (float) (baseLr * factor(epoch));
    }

    /**
     * The product of the two schedules' factors, epoch by epoch (PyTorch:
     * {@code LambdaLR(lambda e: a(e)·b(e))}): {@code linearWarmup(5).times(cosine(100, 0))} ramps up
     * over 5 epochs while the cosine decay has already begun.
     *
     * @param other the schedule to multiply this one by
     * @return the product schedule
     * @throws IllegalArgumentException when {@code other} is null
     */
    default LearningRateSchedule times(LearningRateSchedule other) {
        if (other == null) {
            throw new IllegalArgumentException("other is null");
        }
        return new ProductSchedule(this, other);
    }

    /**
     * Factor 1 in every epoch: the base learning rate throughout.
     *
     * @return the constant schedule
     */
    static LearningRateSchedule constant() {
        return ConstantSchedule.INSTANCE;
    }

    /**
     * {@code gamma^floor(epoch / stepEpochs)}: the learning rate is multiplied by {@code gamma}
     * every {@code stepEpochs} epochs, as {@code torch.optim.lr_scheduler.StepLR(step_size=stepEpochs, gamma)}
     * (its closed form {@code base_lr · gamma^(last_epoch // step_size)}).
     *
     * @param stepEpochs {@code >= 1}
     * @param gamma finite and {@code > 0}
     * @return the step schedule
     * @throws IllegalArgumentException when an argument is out of its range
     */
    static LearningRateSchedule step(int stepEpochs, double gamma) {
        return new StepSchedule(stepEpochs, gamma);
    }

    /**
     * {@code minFactor + (1 − minFactor)·(1 + cos(π·min(epoch, T)/T))/2} with {@code T = totalEpochs}:
     * from 1 at epoch 0 down to {@code minFactor} at epoch {@code T}, as
     * {@code torch.optim.lr_scheduler.CosineAnnealingLR(T_max=T, eta_min=minFactor·base_lr)} (its
     * closed form {@code eta_min + (base_lr − eta_min)·(1 + cos(π·last_epoch/T_max))/2}). After
     * epoch {@code T} the factor stays at {@code minFactor}, where PyTorch's would rise again.
     *
     * @param totalEpochs {@code >= 1}
     * @param minFactor in [0, 1]
     * @return the cosine schedule
     * @throws IllegalArgumentException when an argument is out of its range
     */
    static LearningRateSchedule cosine(int totalEpochs, double minFactor) {
        return new CosineSchedule(totalEpochs, minFactor);
    }

    /**
     * {@code (epoch + 1) / warmupEpochs} for {@code epoch < warmupEpochs}, then 1: a linear ramp
     * reaching the base learning rate in epoch {@code warmupEpochs − 1}, as
     * {@code torch.optim.lr_scheduler.LambdaLR(lr_lambda=lambda e: min(1, (e + 1) / warmupEpochs))}.
     *
     * @param warmupEpochs {@code >= 1}
     * @return the warm-up schedule
     * @throws IllegalArgumentException when {@code warmupEpochs < 1}
     */
    static LearningRateSchedule linearWarmup(int warmupEpochs) {
        return new WarmupSchedule(warmupEpochs);
    }
}
