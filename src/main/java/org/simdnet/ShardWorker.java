package org.simdnet;

import org.simdnet.nn.Backprop;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Workspace;
import org.simdnet.train.SubtreeFold;

/**
 * The worker's half of data-parallel training ({@link DistributedTrainer} is the driver's): the
 * gradients of a run of consecutive shards of one batch, summed into the subtrees of the batch's
 * reduction tree that the run holds ({@link GradientSums}). A shard's gradient is computed by the
 * same code, on the same rows in the same order, as in {@link Model#train}, so the driver's
 * combined batch gradient is the in-process trainer's, bit for bit.
 *
 * <p>One worker per thread: it owns a copy of the model, a workspace of one shard and buffers for
 * the subtrees in progress; only the sums it returns are new arrays. Features are standardized as
 * {@link Model#train} does when the model has a standardization.
 */
public final class ShardWorker {

    private final Mlp mlp;
    private final int shardRows;
    private final Workspace ws;
    private final Standardization standardization;
    private final float[] x;
    private final int[] labels;
    private final float[] targets;
    private final double[] correct = new double[1];
    /** The pairwise tree's rule for a subtree, as the in-process trainer applies it; buffers made on demand. */
    private final SubtreeFold fold;

    /**
     * A worker for {@code model}'s architecture (its parameters are replaced by
     * {@link #setParameters} before each step) and shards of {@code shardRows} rows, the
     * driver's {@link DistributedTrainer#shardRows()}.
     */
    public ShardWorker(Model model, int shardRows) {
        if (shardRows < 1) {
            throw new IllegalArgumentException("shards must have >= 1 row, got " + shardRows);
        }
        this.mlp = model.mlp().copy();
        this.shardRows = shardRows;
        this.ws = new Workspace(mlp, shardRows);
        this.standardization = Standardization.of(mlp);
        this.x = new float[shardRows * mlp.inputs()];
        this.labels = mlp.head().usesLabels() ? new int[shardRows] : null;
        this.targets = mlp.head().usesLabels() ? null : new float[shardRows * mlp.outputs()];
        this.fold = new SubtreeFold(32, 33, 0, mlp.params().length);
    }

    /** The parameters of the step about to be computed (the driver's {@link DistributedTrainer#parameters()}). */
    public void setParameters(float[] parameters) {
        float[] p = mlp.params();
        if (parameters.length != p.length) {
            throw new IllegalArgumentException("the model has " + p.length + " parameters, got " + parameters.length);
        }
        System.arraycopy(parameters, 0, p, 0, p.length);
    }

    /**
     * The gradients of shards {@code fromShard .. toShard−1} of a batch of {@code batchRows} rows,
     * summed into the subtrees of the batch's tree that they make up.
     *
     * @param features   the run's rows in the epoch's order, {@code inputs} floats each; shard
     *                   {@code fromShard} starts at row {@code firstRow}
     * @param labels     their class labels (a model whose head takes labels), else null
     * @param targets    their targets, {@code outputs} floats per row (other heads), else null
     * @param batchRows  rows in the whole batch (the gradient is the batch mean)
     * @throws IllegalArgumentException when the arrays do not hold the run's rows or a label or
     *                                  target is invalid (the row is named within the shard)
     */
    public GradientSums sumShards(float[] features, int[] labels, float[] targets, int firstRow, int fromShard,
                                  int toShard, int batchRows) {
        int shards = (batchRows - 1) / shardRows + 1;
        if (batchRows < 1 || fromShard < 0 || toShard > shards || fromShard >= toShard) {
            throw new IllegalArgumentException("shards " + fromShard + ".." + (toShard - 1) + " are not a run of the "
                    + shards + " shards of a batch of " + batchRows + " rows");
        }
        int runRows = Math.min(toShard * shardRows, batchRows) - fromShard * shardRows;
        checkRows(features, labels, targets, firstRow, runRows);
        int count = 0;
        for (int s = fromShard; s < toShard; ) {
            s += span(s, toShard, shards);
            count++;
        }
        int[] levels = new int[count];
        int[] indices = new int[count];
        float[][] sums = new float[count][];
        double[] losses = new double[count];
        double[] corrects = new double[count];
        int row = firstRow;
        int n = 0;
        for (int s = fromShard; s < toShard; n++) {
            int span = span(s, toShard, shards);
            int k = GradientSums.topLevel(span);     // 2^k ≥ span; s is a multiple of 2^k
            levels[n] = k;
            indices[n] = s >> k;
            row = sumNode(features, labels, targets, row, s, s + span, batchRows, n, sums, losses, corrects);
            s += span;
        }
        return new GradientSums(shards, levels, indices, sums, losses, corrects);
    }

    /**
     * Shards in the largest subtree that starts at shard {@code s} and ends by {@code end}: its
     * size {@code 2^k} with {@code s} a multiple of it, cut at the batch's last shard.
     */
    static int span(int s, int end, int shards) {
        int size = 1;
        while (s % (2 * size) == 0 && Math.min(s + 2 * size, shards) <= end && size < shards) {
            size *= 2;
        }
        return Math.min(s + size, shards) - s;
    }

    /**
     * Sums shards {@code first .. end−1}, one subtree, the way the in-process trainer does
     * ({@link SubtreeFold}). Returns the row after the subtree's last.
     */
    private int sumNode(float[] features, int[] labels, float[] targets, int row, int first, int end, int batchRows,
                        int n, float[][] sums, double[] losses, double[] corrects) {
        for (int s = first; s < end; s++) {
            int rows = Math.min(shardRows, batchRows - s * shardRows);
            float[] g = fold.take();
            double loss;
            try {
                loss = shard(features, labels, targets, row, rows, batchRows, g);
            } catch (RuntimeException | Error e) {
                fold.give(g);
                fold.release();             // the next call starts with an empty carry stack
                throw e;
            }
            row += rows;
            fold.push(s - first, g, loss, correct[0]);
        }
        sums[n] = fold.finish();           // handed out: the next subtree takes a new buffer
        losses[n] = fold.loss();
        corrects[n] = fold.correct();
        return row;
    }

    /** One shard: its rows copied (standardized) into the workspace's scale, forward, loss, backward into {@code g}. */
    private double shard(float[] features, int[] labels, float[] targets, int row, int rows, int batchRows, float[] g) {
        int in = mlp.inputs();
        System.arraycopy(features, row * in, x, 0, rows * in);
        if (standardization != null) {
            standardization.applyInPlace(x, rows);
        }
        if (this.labels != null) {
            System.arraycopy(labels, row, this.labels, 0, rows);
        } else {
            int out = mlp.outputs();
            System.arraycopy(targets, row * out, this.targets, 0, rows * out);
        }
        mlp.head().checkTargets(rows, mlp.outputs(), this.labels, this.targets);
        ws.gradientTo(g, 0);
        return Backprop.shard(mlp, ws, x, this.labels, this.targets, null, 0, rows, batchRows, null, correct);
    }

    private void checkRows(float[] features, int[] labels, float[] targets, int firstRow, int rows) {
        long end = (long) firstRow + rows;
        if (firstRow < 0 || features == null || end * mlp.inputs() > features.length) {
            throw new IllegalArgumentException("features must hold rows " + firstRow + ".." + (end - 1) + " of "
                    + mlp.inputs() + " floats");
        }
        if (this.labels != null && (labels == null || end > labels.length)) {
            throw new IllegalArgumentException(mlp.head() + " trains on class labels: labels must hold rows "
                    + firstRow + ".." + (end - 1));
        }
        if (this.targets != null && (targets == null || end * mlp.outputs() > targets.length)) {
            throw new IllegalArgumentException(mlp.head() + " trains on float targets: targets must hold rows "
                    + firstRow + ".." + (end - 1) + " of " + mlp.outputs() + " floats");
        }
    }
}
