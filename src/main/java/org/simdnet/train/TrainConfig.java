package org.simdnet.train;

/**
 * How to train: epochs, batch size, threads, seed, optimizer and shard size. Immutable; start
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

    private TrainConfig(int epochs, int batchSize, int threads, long seed, OptimizerSpec optimizer, int shardRows) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.threads = threads;
        this.seed = seed;
        this.optimizer = optimizer;
        this.shardRows = shardRows;
    }

    /**
     * The lecture's run: 1000 full-batch epochs of Adam (lr 1e-3, weight decay 1e-5), seed
     * 12345, all cores, shard size chosen from the model.
     */
    public static TrainConfig defaults() {
        return new TrainConfig(1000, 0, Runtime.getRuntime().availableProcessors(), 12345L,
                OptimizerSpec.adam(1e-3f, 1e-5f), 0);
    }

    /** @param epochs passes over the data, >= 1 */
    public TrainConfig withEpochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        return new TrainConfig(epochs, batchSize, threads, seed, optimizer, shardRows);
    }

    /** @param batchSize rows per optimizer step; 0 means the whole data set (full batch) */
    public TrainConfig withBatchSize(int batchSize) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be >= 1, or 0 for full batch, got " + batchSize);
        }
        return new TrainConfig(epochs, batchSize, threads, seed, optimizer, shardRows);
    }

    /** @param threads worker threads, >= 1; the trained model does not depend on it */
    public TrainConfig withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        return new TrainConfig(epochs, batchSize, threads, seed, optimizer, shardRows);
    }

    /** @param seed seeds the shuffling of mini-batches */
    public TrainConfig withSeed(long seed) {
        return new TrainConfig(epochs, batchSize, threads, seed, optimizer, shardRows);
    }

    public TrainConfig withOptimizer(OptimizerSpec optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is null");
        }
        return new TrainConfig(epochs, batchSize, threads, seed, optimizer, shardRows);
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
        return new TrainConfig(epochs, batchSize, threads, seed, optimizer, shardRows);
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
