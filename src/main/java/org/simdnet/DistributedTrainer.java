package org.simdnet;

import org.simdnet.nn.Mlp;
import org.simdnet.optim.GradientClipping;
import org.simdnet.optim.Optimizer;
import org.simdnet.train.DivergenceException;
import org.simdnet.train.EpochOrder;
import org.simdnet.train.TrainConfig;
import org.simdnet.train.Trainer;

/**
 * The driver's half of data-parallel training across machines (a Spark job, say): it plans the
 * run exactly as {@link Model#train} does (the epochs' row orders from the seed, the batches, the
 * shards, the learning rate of each epoch) and applies each step's combined gradient with the
 * configured clipping and optimizer. Workers ({@link ShardWorker}) compute the gradients of runs of
 * consecutive shards; {@link GradientSums#combine} adds them along the trainer's tree.
 *
 * <p><b>The guarantee.</b> Given the same rows in the same order, the same model and the same
 * configuration (seed and shard size included), the model this leaves is bit for bit the one
 * {@link Model#train} leaves, however the shards are spread over machines and threads (the
 * configuration's thread count plays no part here). Both sides must run the same kernels: the
 * vector kernels everywhere, or the scalar ones everywhere.
 *
 * <p>A run: for each epoch {@code e} in order, {@link #startEpoch(int) startEpoch(e)}; for each
 * batch {@code b}, send {@link #parameters()} and the batch's rows (positions
 * {@link #batchStart(int) batchStart(b)} onwards of the epoch's order) to the workers, combine what
 * they return and pass it to {@link #step}.
 */
public final class DistributedTrainer {

    private final Model model;
    private final Mlp mlp;
    private final int rows;
    private final TrainConfig config;
    private final int batchRows;
    private final int shardRows;
    private final EpochOrder order;
    private final Optimizer optimizer;
    private final GradientClipping clipping;
    private int epoch = -1;
    private float lr;
    private long steps;

    /**
     * Plans training {@code model} in place on {@code rows} rows.
     *
     * @throws IllegalArgumentException when there are no rows or a shard would not fit the model's buffers
     */
    public DistributedTrainer(Model model, int rows, TrainingConfig config) {
        if (rows < 1) {
            throw new IllegalArgumentException("cannot train on an empty data set");
        }
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.model = model;
        this.mlp = model.mlp();
        this.rows = rows;
        this.config = config.inner();
        this.batchRows = Trainer.batchRows(this.config, rows);
        this.shardRows = Trainer.shardRows(this.config, mlp);
        if (Math.min(shardRows, batchRows) > Trainer.maxShardRows(mlp)) {
            throw new IllegalArgumentException("shards of " + shardRows + " rows do not fit " + mlp + ": at most "
                    + Trainer.maxShardRows(mlp) + " rows per shard");
        }
        this.order = new EpochOrder(rows, this.config.seed());
        this.optimizer = this.config.optimizer().create(mlp.params().length);
        this.clipping = this.config.clipNorm() > 0 ? GradientClipping.byNorm(this.config.clipNorm()) : null;
    }

    /** The model being trained (its parameters change at every {@link #step}). */
    public Model model() {
        return model;
    }

    /** Rows of the data set. */
    public int rows() {
        return rows;
    }

    /** Epochs of the run. */
    public int epochs() {
        return config.epochs();
    }

    /** Rows per shard: what each {@link ShardWorker} is made with. */
    public int shardRows() {
        return shardRows;
    }

    /** Batches (optimizer steps) per epoch. */
    public int batches() {
        return (rows - 1) / batchRows + 1;
    }

    /** The position in the epoch's order of batch {@code b}'s first row. */
    public int batchStart(int b) {
        checkBatch(b);
        return b * batchRows;
    }

    /** Rows in batch {@code b} (the last batch of an epoch may be short). */
    public int batchRows(int b) {
        checkBatch(b);
        return Math.min(batchRows, rows - b * batchRows);
    }

    /** Shards in batch {@code b}. */
    public int shards(int b) {
        return (batchRows(b) - 1) / shardRows + 1;
    }

    private void checkBatch(int b) {
        if (b < 0 || b >= batches()) {
            throw new IllegalArgumentException("batch " + b + " is not one of the epoch's " + batches());
        }
    }

    /**
     * Starts epoch {@code epoch} (0, 1, ... in turn): sets its learning rate and returns its row
     * order, position → row index (shuffled from the seed when batches are smaller than the data,
     * else the rows in order). The array is live: the next epoch shuffles it again.
     *
     * @throws IllegalStateException when epochs are started out of turn
     */
    public int[] startEpoch(int epoch) {
        if (epoch != this.epoch + 1 || epoch >= config.epochs()) {
            throw new IllegalStateException("epoch " + epoch + " cannot start now: "
                    + (this.epoch + 1 < config.epochs() ? "the next is epoch " + (this.epoch + 1)
                    : "all " + config.epochs() + " epochs have run"));
        }
        this.epoch = epoch;
        lr = config.schedule().learningRate(config.optimizer().lr(), epoch);
        if (batchRows < rows) {
            order.shuffle();
        }
        return order.rows();
    }

    /** A copy of the current parameters, for the workers of the next step. */
    public float[] parameters() {
        return mlp.params().clone();
    }

    /**
     * Applies one batch's combined gradient: clipping, then the optimizer step at the epoch's
     * learning rate.
     *
     * @param batch the root that {@link GradientSums#combine} made of the batch's sums
     * @return the batch's mean loss before the update
     * @throws DivergenceException when the loss is NaN or infinite (the parameters are left unchanged)
     */
    public double step(GradientSums batch) {
        if (epoch < 0) {
            throw new IllegalStateException("start an epoch before its steps");
        }
        float[] gradient = batch.gradient();
        double loss = batch.loss();
        if (!Double.isFinite(loss)) {
            throw new DivergenceException("training diverged: the loss became " + loss + " in epoch " + (epoch + 1)
                    + " of " + config.epochs() + "; try a lower learning rate (it is " + lr + ")");
        }
        if (clipping != null) {
            clipping.clip(gradient);
        }
        optimizer.step(mlp.params(), gradient, lr);
        steps++;
        return loss;
    }

    /** Optimizer steps applied so far. */
    public long steps() {
        return steps;
    }
}
