package org.simdnet;

import org.simdnet.optim.LearningRateSchedule;
import org.simdnet.optim.OptimizerSpec;
import org.simdnet.train.TrainConfig;

/**
 * How to train: epochs, batch size, threads, seed, optimizer, learning-rate schedule, gradient
 * clipping and shard size. Immutable; start from {@link #defaults()} (the lecture's run: 1000
 * full-batch epochs of Adam, lr 1e-3, weight decay 1e-5, all cores) and change what differs.
 * Each {@code with…} checks its argument. The trained model depends on everything here except
 * {@code threads}: any thread count gives the same bits.
 */
public final class TrainingConfig {

    private final TrainConfig inner;

    private TrainingConfig(TrainConfig inner) {
        this.inner = inner;
    }

    /** The lecture's run. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(TrainConfig.defaults());
    }

    /** @param epochs passes over the data, >= 1 */
    public TrainingConfig withEpochs(int epochs) {
        return new TrainingConfig(inner.withEpochs(epochs));
    }

    /** @param batchSize rows per optimizer step; 0 means the whole data set (full batch) */
    public TrainingConfig withBatchSize(int batchSize) {
        return new TrainingConfig(inner.withBatchSize(batchSize));
    }

    /** @param threads worker threads, >= 1; the trained model does not depend on it */
    public TrainingConfig withThreads(int threads) {
        return new TrainingConfig(inner.withThreads(threads));
    }

    /** @param seed seeds the shuffling of mini-batches */
    public TrainingConfig withSeed(long seed) {
        return new TrainingConfig(inner.withSeed(seed));
    }

    /** @param optimizer e.g. {@code OptimizerSpec.adamW(1e-3f, 1e-2f)} (PyTorch's rules) */
    public TrainingConfig withOptimizer(OptimizerSpec optimizer) {
        return new TrainingConfig(inner.withOptimizer(optimizer));
    }

    /** @param schedule the per-epoch learning-rate multiplier, e.g. a warm-up times a cosine decay */
    public TrainingConfig withSchedule(LearningRateSchedule schedule) {
        return new TrainingConfig(inner.withSchedule(schedule));
    }

    /** @param clipNorm clip each step's gradient to this global L2 norm, or 0 for none */
    public TrainingConfig withClipNorm(float clipNorm) {
        return new TrainingConfig(inner.withClipNorm(clipNorm));
    }

    /** @param shardRows rows per shard (part of the result's definition), or 0 for automatic */
    public TrainingConfig withShardRows(int shardRows) {
        return new TrainingConfig(inner.withShardRows(shardRows));
    }

    public int epochs() {
        return inner.epochs();
    }

    public int batchSize() {
        return inner.batchSize();
    }

    public int threads() {
        return inner.threads();
    }

    public long seed() {
        return inner.seed();
    }

    public OptimizerSpec optimizer() {
        return inner.optimizer();
    }

    public LearningRateSchedule schedule() {
        return inner.schedule();
    }

    public float clipNorm() {
        return inner.clipNorm();
    }

    public int shardRows() {
        return inner.shardRows();
    }

    TrainConfig inner() {
        return inner;
    }
}
