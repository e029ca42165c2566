package org.simdnet.train;

import org.simdnet.optim.LearningRateSchedule;
import org.simdnet.optim.OptimizerSpec;

/**
 * How to train: epochs, batch size, threads, seed, optimizer, learning-rate schedule, gradient
 * clipping and shard size. Immutable; start
 * from {@link #defaults()} (the lecture's run) and change what differs with the {@code with…}
 * methods, each of which checks its argument.
 */
public final class TrainConfig {

    private final int epochs;
    private final int batchSize;
    private final int threads;
    private final long seed;
    private final OptimizerSpec optimizer;
    private final int shardRows;
    private final LearningRateSchedule schedule;
    private final float clipNorm;

    private TrainConfig(int epochs, int batchSize, int threads, long seed, OptimizerSpec optimizer, int shardRows,
                        LearningRateSchedule schedule, float clipNorm) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.threads = threads;
        this.seed = seed;
        this.optimizer = optimizer;
        this.shardRows = shardRows;
        this.schedule = schedule;
        this.clipNorm = clipNorm;
    }

    /**
     * The lecture's run: 1000 full-batch epochs of Adam (lr 1e-3, weight decay 1e-5), seed
     * 12345, all cores, shard size chosen from the model.
     */
    public static TrainConfig defaults() {
        return new TrainConfig(1000, 0, Runtime.getRuntime().availableProcessors(), 12345L,
                OptimizerSpec.adam(1e-3f, 1e-5f), 0, LearningRateSchedule.constant(), 0f);
    }

    /** @param epochs passes over the data, >= 1 */
    public TrainConfig withEpochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        return new TrainConfig(epochs, batchSize, threads, seed, optimizer, shardRows, schedule, clipNorm);
    }

    /** @param batchSize rows per optimizer step; 0 means the whole data set (full batch) */
    public TrainConfig withBatchSize(int batchSize) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be >= 1, or 0 for full batch, got " + batchSize);
        }
        return new TrainConfig(epochs, batchSize, threads, seed, optimizer, shardRows, schedule, clipNorm);
    }

    /** @param threads worker threads, >= 1; the trained model does not depend on it */
    public TrainConfig withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        return new TrainConfig(epochs, batchSize, threads, seed, optimizer, shardRows, schedule, clipNorm);
    }

    /** @param seed seeds the shuffling of mini-batches */
    public TrainConfig withSeed(long seed) {
        return new TrainConfig(epochs, batchSize, threads, seed, optimizer, shardRows, schedule, clipNorm);
    }

    public TrainConfig withOptimizer(OptimizerSpec optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is null");
        }
        return new TrainConfig(epochs, batchSize, threads, seed, optimizer, shardRows, schedule, clipNorm);
    }

    /**
     * @param shardRows rows per shard, or 0 to derive it from the model (see
     *                  {@link Trainer#autoShardRows}). Part of the result's definition: the same
     *                  shard size gives the same bits for any thread count.
     */
    public TrainConfig withShardRows(int shardRows) {
        if (shardRows < 0) {
            throw new IllegalArgumentException("shard rows must be >= 1, or 0 for automatic, got " + shardRows);
        }
        return new TrainConfig(epochs, batchSize, threads, seed, optimizer, shardRows, schedule, clipNorm);
    }

    /**
     * @param schedule the per-epoch multiplier of the optimizer's learning rate (step decay,
     *                 cosine annealing, warm-up; see {@link LearningRateSchedule})
     */
    public TrainConfig withSchedule(LearningRateSchedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule is null");
        }
        return new TrainConfig(epochs, batchSize, threads, seed, optimizer, shardRows, schedule, clipNorm);
    }

    /**
     * @param clipNorm clip each step's gradient to this global L2 norm
     *                 ({@code torch.nn.utils.clip_grad_norm_}), or 0 for no clipping
     */
    public TrainConfig withClipNorm(float clipNorm) {
        if (!(clipNorm >= 0) || Float.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip norm must be > 0 and finite, or 0 for none, got " + clipNorm);
        }
        return new TrainConfig(epochs, batchSize, threads, seed, optimizer, shardRows, schedule, clipNorm);
    }

    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** The global gradient norm steps are clipped to, or 0 for none. */
    public float clipNorm() {
        return clipNorm;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public int threads() {
        return threads;
    }

    public long seed() {
        return seed;
    }

    public OptimizerSpec optimizer() {
        return optimizer;
    }

    public int shardRows() {
        return shardRows;
    }
}
