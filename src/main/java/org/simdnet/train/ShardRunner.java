package org.simdnet.train;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

import org.simdnet.kernel.Kernels;
import org.simdnet.nn.Backprop;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Workspace;

/**
 * Runs forward + backward of one batch as fixed-size shards, in parallel on a ForkJoinPool, and
 * sums the shard gradients in shard order.
 *
 * <p>Why the result is the same bits for any thread count: the shard boundaries depend only on
 * the batch and {@code shardRows}, never on the threads; each shard writes its own gradient row
 * of {@code shardGradients} ({@code shards × parameters}); and the batch gradient is the column
 * sum of those rows, always added in ascending shard order. Threads only change <em>when</em> a
 * shard runs, not what it computes.
 *
 * <p>Every buffer and every task object is made once here: a step allocates nothing.
 */
final class ShardRunner {

    private final Mlp mlp;
    private final int shardRows;
    private final int parameters;
    private final Workspace[] workspaces;
    private final ShardTask[] tasks;
    private final float[] shardGradients;
    private final float[] gradient;
    private final ForkJoinPool pool;
    private final BatchTask batchTask = new BatchTask();

    // The batch being run; read by the tasks (published by fork/invoke).
    private float[] x;
    private int[] labels;
    private int[] order;
    private int batchFrom;
    private int batchRows;
    private int shardCount;

    /**
     * @param pool null to run every shard on the calling thread
     */
    ShardRunner(Mlp mlp, int shardRows, int maxBatchRows, ForkJoinPool pool) {
        this.mlp = mlp;
        this.shardRows = shardRows;
        this.parameters = mlp.params().length;
        this.pool = pool;
        int maxShards = (maxBatchRows + shardRows - 1) / shardRows;
        this.shardGradients = new float[maxShards * parameters];
        this.gradient = new float[parameters];
        this.workspaces = new Workspace[maxShards];
        this.tasks = new ShardTask[maxShards];
        for (int s = 0; s < maxShards; s++) {
            workspaces[s] = new Workspace(mlp, Math.min(shardRows, maxBatchRows), shardGradients, s * parameters);
            tasks[s] = new ShardTask(s);
        }
    }

    /** The batch gradient the last {@link #run} produced. */
    float[] gradient() {
        return gradient;
    }

    /**
     * Forward + backward over rows {@code order[from .. from+rows)} (or {@code from .. from+rows)
     * when {@code order} is null); leaves the batch-mean gradient in {@link #gradient()}.
     *
     * @param correctOut {@code correctOut[0]} receives how many rows were classified right
     * @return the batch's mean loss
     */
    double run(float[] x, int[] labels, int[] order, int from, int rows, int[] correctOut) {
        this.x = x;
        this.labels = labels;
        this.order = order;
        this.batchFrom = from;
        this.batchRows = rows;
        this.shardCount = (rows + shardRows - 1) / shardRows;
        if (pool == null || shardCount == 1) {
            for (int s = 0; s < shardCount; s++) {
                tasks[s].runShard();
            }
        } else {
            batchTask.reinitialize();
            pool.invoke(batchTask);
        }
        double loss = 0;
        int correct = 0;
        for (int s = 0; s < shardCount; s++) {
            loss += tasks[s].loss;
            correct += tasks[s].correct;
        }
        correctOut[0] = correct;
        Kernels.ROWS.columnSums(shardCount, parameters, shardGradients, 0, parameters, gradient, 0, false);
        return loss;
    }

    /** Forks every shard but the first, runs the first here, then joins the rest. */
    private final class BatchTask extends RecursiveAction {
        private static final long serialVersionUID = 1L;

        @Override
        protected void compute() {
            for (int s = shardCount - 1; s > 0; s--) {
                tasks[s].reinitialize();
                tasks[s].fork();
            }
            tasks[0].runShard();
            for (int s = 1; s < shardCount; s++) {
                tasks[s].join();
            }
        }
    }

    /** One shard: load its rows, forward, loss, backward into its own gradient row. */
    private final class ShardTask extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final int index;
        double loss;
        int correct;

        ShardTask(int index) {
            this.index = index;
        }

        @Override
        protected void compute() {
            runShard();
        }

        void runShard() {
            Workspace ws = workspaces[index];
            int start = index * shardRows;
            int rows = Math.min(shardRows, batchRows - start);
            ws.load(x, mlp.inputs(), labels, order, batchFrom + start, rows);
            // Large products may also split across the pool when shards are fewer than threads;
            // the GEMM is bit-identical however it splits, so determinism holds.
            loss = Backprop.lossAndGradient(mlp, ws, rows, batchRows, pool);
            int[] predicted = ws.predictions();
            int[] truth = ws.labels();
            int hits = 0;
            for (int r = 0; r < rows; r++) {
                hits += predicted[r] == truth[r] ? 1 : 0;
            }
            correct = hits;
        }
    }
}
