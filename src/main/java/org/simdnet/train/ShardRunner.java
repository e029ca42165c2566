package org.simdnet.train;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.SpinWait;
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
 * <p>Parallel steps: the calling thread and up to {@code threads − 1} pool helpers claim shards
 * from an atomic counter until none are left; the caller then waits (spinning, yielding, napping)
 * for the shards still running. Work is claimed, not assigned, so a helper that starts late only
 * means the caller runs more shards. A helper still queued from an earlier step is not
 * resubmitted; when it runs it helps whatever step is open, or leaves.
 *
 * <p>Every buffer and every task object is made once here, and no wait uses a blocking join
 * (which allocates a wait node on JDK 16 and later): a step allocates nothing.
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
    private final Helper[] helpers;
    /** (step number << 32) | next shard to claim. */
    private final AtomicLong claim = new AtomicLong(Integer.MAX_VALUE);
    private final AtomicInteger shardsDone = new AtomicInteger();
    private volatile Throwable failure;
    /** Pauses a helper waits for the next step before it leaves (spins, yields, then 20 µs naps). */
    private static final int HELPER_LINGER = 600;

    // The batch being run; read by the tasks (published by fork/invoke).
    private float[] x;
    private int[] labels;
    private float[] targets;
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
        int helperCount = pool == null ? 0 : Math.max(0, Math.min(pool.getParallelism(), maxShards) - 1);
        this.helpers = new Helper[helperCount];
        for (int h = 0; h < helperCount; h++) {
            helpers[h] = new Helper();
        }
    }

    /**
     * The batch gradient the last {@link #run} produced, exactly {@code parameters} floats. When
     * every batch is one shard that is the shard's own gradient row, not a copy of it.
     */
    float[] gradient() {
        return shardGradients.length == parameters ? shardGradients : gradient;
    }

    /**
     * Forward + backward over rows {@code order[from .. from+rows)} (or {@code from .. from+rows)
     * when {@code order} is null); leaves the batch-mean gradient in {@link #gradient()}.
     *
     * @param labels     class labels (label heads), else null
     * @param targets    float targets (other heads), else null
     * @param correctOut {@code correctOut[0]} receives how many rows were predicted right
     * @return the batch's mean loss
     */
    double run(float[] x, int[] labels, float[] targets, int[] order, int from, int rows, double[] correctOut) {
        this.x = x;
        this.labels = labels;
        this.targets = targets;
        this.order = order;
        this.batchFrom = from;
        this.batchRows = rows;
        this.shardCount = (rows + shardRows - 1) / shardRows;
        if (pool == null || shardCount == 1 || helpers.length == 0) {
            for (int s = 0; s < shardCount; s++) {
                tasks[s].runShard();
            }
        } else {
            runShared();
        }
        double loss = 0;
        double correct = 0;
        for (int s = 0; s < shardCount; s++) {
            loss += tasks[s].loss;
            correct += tasks[s].correct;
        }
        correctOut[0] = correct;
        if (shardGradients.length != parameters) {     // several shard rows: sum them (a copy if one)
            Kernels.ROWS.columnSums(shardCount, parameters, shardGradients, 0, parameters, gradient, 0, false);
        }
        return loss;
    }

    /** The caller and the pool's helpers claim the batch's shards; returns when all are done. */
    private void runShared() {
        failure = null;
        shardsDone.set(0);
        long step = (claim.get() >>> 32) + 1;
        claim.set(step << 32);                  // publish: the batch fields above are visible to claimers
        for (Helper h : helpers) {
            if (!h.submitted || h.isDone()) {   // else still queued or lingering: it will help this step
                h.reinitialize();
                h.submitted = true;
                pool.execute(h);
            }
        }
        claimShards(step);
        for (int idle = 0; shardsDone.get() < shardCount; ) {
            idle = SpinWait.pause(idle);
        }
        claim.set(step << 32 | Integer.MAX_VALUE);  // closed: a late helper finds nothing to claim
        Throwable t = failure;
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t != null) {
            throw new IllegalStateException("a training shard failed", t);
        }
    }

    /** Runs shards of step {@code step} until none are left to claim. */
    private void claimShards(long step) {
        while (true) {
            long cur = claim.get();
            int s = (int) cur;
            if (cur >>> 32 != step || s >= shardCount) {
                return;
            }
            if (!claim.compareAndSet(cur, cur + 1)) {
                continue;
            }
            try {
                tasks[s].runShard();
            } catch (Throwable e) {
                failure = e;
            } finally {
                shardsDone.incrementAndGet();
            }
        }
    }

    /**
     * A pool thread's share of whichever step is open when it runs, and of the steps that follow
     * while they come in quick succession: it waits for the next step up to {@link #HELPER_LINGER}
     * pauses (a few milliseconds), so that a training loop does not pay a worker wake-up per step,
     * then returns its thread to the pool.
     */
    private final class Helper extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        /** Set (by the caller only) once the helper was first handed to the pool. */
        boolean submitted;

        @Override
        protected void compute() {
            long step = claim.get() >>> 32;
            for (int idle = 0; idle < HELPER_LINGER; ) {
                claimShards(step);
                long now = claim.get();
                if (now >>> 32 != step && (int) now < shardCount) {
                    step = now >>> 32;          // a new step is open: help it
                    idle = 0;
                } else {
                    idle = SpinWait.pause(idle);
                }
            }
        }
    }

    /** One shard: load its rows, forward, loss, backward into its own gradient row. */
    private final class ShardTask {
        private final int index;
        private final double[] correctBuffer = new double[1];
        double loss;
        double correct;

        ShardTask(int index) {
            this.index = index;
        }

        void runShard() {
            int start = index * shardRows;
            int rows = Math.min(shardRows, batchRows - start);
            // Large products may also split across the pool when shards are fewer than threads;
            // the GEMM is bit-identical however it splits, so determinism holds.
            loss = Backprop.shard(mlp, workspaces[index], x, labels, targets, order, batchFrom + start, rows,
                    batchRows, pool, correctBuffer);
            correct = correctBuffer[0];
        }
    }
}
