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

    /**
     * The lecture's run.
     *
     * @return 1000 full-batch epochs of Adam (lr 1e-3, weight decay 1e-5), seed 12345, all cores
     */
    public static TrainingConfig defaults() {
        return new TrainingConfig(TrainConfig.defaults());
    }

    /**
     * A copy with a different setting.
     *
     * @param epochs passes over the data, >= 1
     * @return a copy with this setting changed
     */
    public TrainingConfig withEpochs(int epochs) {
        return new TrainingConfig(inner.withEpochs(epochs));
    }

    /**
     * A copy with a different setting.
     *
     * @param batchSize rows per optimizer step; 0 means the whole data set (full batch)
     * @return a copy with this setting changed
     */
    public TrainingConfig withBatchSize(int batchSize) {
        return new TrainingConfig(inner.withBatchSize(batchSize));
    }

    /**
     * A copy with a different setting.
     *
     * @param threads worker threads, >= 1; the trained model does not depend on it
     * @return a copy with this setting changed
     */
    public TrainingConfig withThreads(int threads) {
        return new TrainingConfig(inner.withThreads(threads));
    }

    /**
     * A copy with a different setting.
     *
     * @param seed seeds the shuffling of mini-batches
     * @return a copy with this setting changed
     */
    public TrainingConfig withSeed(long seed) {
        return new TrainingConfig(inner.withSeed(seed));
    }

    /**
     * A copy with a different setting.
     *
     * @param optimizer e.g. {@code OptimizerSpec.adamW(1e-3f, 1e-2f)} (PyTorch's rules)
     * @return a copy with this setting changed
     */
    public TrainingConfig withOptimizer(OptimizerSpec optimizer) {
        return new TrainingConfig(inner.withOptimizer(optimizer));
    }

    /**
     * A copy with a different setting.
     *
     * @param schedule the per-epoch learning-rate multiplier, e.g. a warm-up times a cosine decay
     * @return a copy with this setting changed
     */
    public TrainingConfig withSchedule(LearningRateSchedule schedule) {
        return new TrainingConfig(inner.withSchedule(schedule));
    }

    /**
     * A copy with a different setting.
     *
     * @param clipNorm clip each step's gradient to this global L2 norm, or 0 for none
     * @return a copy with this setting changed
     */
    public TrainingConfig withClipNorm(float clipNorm) {
        return new TrainingConfig(inner.withClipNorm(clipNorm));
    }

    /**
     * A copy with a different setting.
     *
     * @param shardRows rows per shard (part of the result's definition), or 0 for automatic
     * @return a copy with this setting changed
     */
    public TrainingConfig withShardRows(int shardRows) {
        return new TrainingConfig(inner.withShardRows(shardRows));
    }

    /**
     * Passes over the data.
     *
     * @return the setting
     */
    public int epochs() {
        return inner.epochs();
    }

    /**
     * Rows per optimizer step, 0 for full batch.
     *
     * @return the setting
     */
    public int batchSize() {
        return inner.batchSize();
    }

    /**
     * Worker threads.
     *
     * @return the setting
     */
    public int threads() {
        return inner.threads();
    }

    /**
     * The shuffling seed.
     *
     * @return the setting
     */
    public long seed() {
        return inner.seed();
    }

    /**
     * The optimizer.
     *
     * @return the setting
     */
    public OptimizerSpec optimizer() {
        return inner.optimizer();
    }

    /**
     * The learning-rate schedule.
     *
     * @return the setting
     */
    public LearningRateSchedule schedule() {
        return inner.schedule();
    }

    /**
     * The gradient clipping norm, 0 for none.
     *
     * @return the setting
     */
    public float clipNorm() {
        return inner.clipNorm();
    }

    /**
     * Rows per shard, 0 for automatic.
     *
     * @return the setting
     */
    public int shardRows() {
        return inner.shardRows();
    }

    TrainConfig inner() {
        return inner;
    }

    /** Every setting, for logs: {@code TrainingConfig[epochs=10, batchSize=32, ...]}. */
    @Override
    public String toString() {
        return "TrainingConfig[epochs=" + epochs() + ", batchSize=" + batchSize() + ", threads=" + threads()
                + ", seed=" + seed() + ", optimizer=" + optimizer() + ", schedule=" + schedule() + ", clipNorm="
                + clipNorm() + ", shardRows=" + shardRows() + "]";
    }
}
