package org.simdnet.train;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.simdnet.kernel.Failures;
import org.simdnet.kernel.SpinWait;
import org.simdnet.nn.Backprop;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Workspace;

/**
 * Runs forward + backward of one batch as fixed-size shards, in parallel on a ForkJoinPool, and
 * sums the shard gradients along a fixed binary tree.
 *
 * <p><b>Why the result is the same bits for any thread count.</b> The shard boundaries depend only
 * on the batch and {@code shardRows}, never on the threads, and so does the reduction: the batch
 * gradient of shards {@code 0 .. S−1} is the pairwise tree over shard indices whose node
 * {@code (level k, index i)} covers shards {@code [i·2^k, (i+1)·2^k) ∩ [0, S)} and is the sum of
 * its two children, or its left child alone when the right one is empty. Its shape is a function
 * of {@code S} alone. Threads only change <em>when</em> a shard runs and <em>who</em> adds a node
 * (float addition is commutative, so {@code a + b} and {@code b + a} are the same bits; only the
 * grouping matters, and the tree fixes it). The loss and the count of right predictions are
 * summed in double along the same tree.
 *
 * <p><b>Work.</b> A step cuts the shards into aligned blocks of {@code B} shards, {@code B} a power
 * of two chosen so that there are at most {@link #BLOCKS_PER_WORKER} blocks per worker; each block
 * is one subtree. Workers (the calling thread and up to {@code threads − 1} pool helpers) claim
 * blocks from an atomic counter; a worker runs its block's shards in order and folds each shard's
 * gradient into a carry stack with one slot per tree level, like a binary counter: shard {@code t}
 * of the block is added to its left sibling while bit {@code k} of {@code t} is set, then parked at
 * the first level whose bit is clear. At the end of the block the slots are folded from the lowest
 * level up (which is the tree's shape for a partial last block) into the block's sum. When all
 * blocks are done, the calling thread adds the block sums pairwise in place (the levels above the
 * blocks). Which {@code B} a step uses depends on the thread count, but every block is a subtree
 * of the same tree, so the sums do not.
 *
 * <p><b>Memory is bounded by the model and the thread count, not by the rows.</b> With
 * {@code W = min(threads, shards)} workers, {@code P} parameters and a largest batch of {@code S}
 * shards, the runner holds {@code W} workspaces of one shard each and
 * {@code W·(⌈log₂ B⌉ + 1) + min(8W, S)} gradient buffers of {@code P} floats, where
 * {@code B ≈ S / 8W}: a million shards on two threads take 18 buffers per worker and 16 block sums,
 * where one gradient row per shard took a million. No buffer is copied: a shard writes into a free
 * buffer of its worker, and buffers change hands (worker, level, block) by reference; a batch of
 * one shard leaves its gradient where the shard wrote it.
 *
 * <p><b>Waits.</b> The caller waits for the blocks still running by spinning and yielding briefly,
 * then parks until the worker that finishes the last block unparks it. A helper that finds no
 * work spins and yields for the next step as briefly (the gap between the steps of a small net is
 * shorter, so a training loop does not pay a worker wake-up per step), then parks until the
 * caller opens the next step and unparks it; after {@link #HELPER_LINGER_NANOS} without one it
 * returns its thread to the pool (where it parks too), and the next step submits it again. Idle
 * threads therefore use no CPU: no naps, no wake-ups. A helper still queued, spinning or parked is not
 * resubmitted: it helps whatever step is open, or leaves. Every buffer and task object is made once here, and no wait uses a blocking join (which
 * allocates a wait node on JDK 16 and later): a step allocates nothing.
 *
 * <p><b>Failures.</b> A shard's exception is rethrown on the calling thread once every claimed
 * block has finished: {@code Error}s (an {@code OutOfMemoryError} included) and
 * {@code RuntimeException}s as themselves, anything else wrapped in an
 * {@link IllegalStateException}.
 */
final class ShardRunner {

    /** At most this many blocks per worker and step: a worker that starts late still finds work. */
    static final int BLOCKS_PER_WORKER = 8;
    /**
     * How long a helper waits for the next step in all (spinning and yielding for
     * {@link SpinWait#ACTIVE_PAUSES} pauses, then parked until the caller unparks it) before it
     * returns its thread to the pool.
     */
    static final long HELPER_LINGER_NANOS = 10_000_000L;
    /**
     * The most a helper spins and yields before it parks, whatever the count of pauses: ~0.2 ms
     * of pauses on an idle machine, but on a loaded one each yield may last a whole time slice,
     * and 200 of them kept a helper runnable for over 200 ms after training had ended (seen once
     * in CI, {@code WaitsTest}).
     */
    static final long HELPER_ACTIVE_NANOS = 1_000_000L;

    private final Mlp mlp;
    private final int shardRows;
    private final int parameters;
    private final ForkJoinPool pool;
    /** {@code workers[0]} is the calling thread's; {@code helpers[h]} runs {@code workers[h + 1]}. */
    private final Worker[] workers;
    private final Helper[] helpers;
    /** Block sums of the open step, one per block; the arrays change hands (see {@link Worker#runBlock}). */
    private final float[][] blockSums;
    private final double[] blockLoss;
    private final double[] blockCorrect;
    private final int maxBlocks;
    /** (step number << 32) | next block to claim. */
    private final AtomicLong claim = new AtomicLong(Integer.MAX_VALUE);
    private final AtomicInteger blocksDone = new AtomicInteger();
    /** The calling thread while it is parked waiting for the last blocks, else null. */
    private volatile Thread waiter;
    private volatile Throwable failure;
    /** Where the last run left the batch gradient. */
    private float[] result;

    // The batch being run; written by the caller before it opens the step (a volatile write of
    // claim), read by the workers after they see the step open.
    private float[] x;
    private int[] labels;
    private float[] targets;
    private int[] order;
    private int batchFrom;
    private int batchRows;
    private int shardCount;
    private int blockShards;
    private int blockCount;

    /**
     * @param pool null to run every shard on the calling thread
     */
    ShardRunner(Mlp mlp, int shardRows, int maxBatchRows, ForkJoinPool pool) {
        if (shardRows < 1 || maxBatchRows < 1) {
            throw new IllegalArgumentException("shards of " + shardRows + " rows of batches of up to " + maxBatchRows
                    + " rows: both must be >= 1");
        }
        this.mlp = mlp;
        this.shardRows = shardRows;
        this.parameters = mlp.params().length;
        this.pool = pool;
        int maxShards = (maxBatchRows - 1) / shardRows + 1;
        int workerCount = pool == null ? 1 : Math.max(1, Math.min(pool.getParallelism(), maxShards));
        this.maxBlocks = (int) Math.min((long) BLOCKS_PER_WORKER * workerCount, maxShards);
        int levels = Integer.numberOfTrailingZeros(blockShards(maxShards, maxBlocks)) + 1;
        this.blockSums = new float[maxBlocks][];
        for (int b = 0; b < maxBlocks; b++) {
            blockSums[b] = new float[parameters];
        }
        this.blockLoss = new double[maxBlocks];
        this.blockCorrect = new double[maxBlocks];
        int capacity = Math.min(shardRows, maxBatchRows);
        this.workers = new Worker[workerCount];
        for (int w = 0; w < workerCount; w++) {
            workers[w] = new Worker(capacity, levels);
        }
        this.helpers = new Helper[workerCount - 1];
        for (int h = 0; h < helpers.length; h++) {
            helpers[h] = new Helper(workers[h + 1]);
        }
        this.result = blockSums[0];
    }

    /** The smallest power of two {@code B} that cuts {@code shards} into at most {@code maxBlocks} blocks. */
    static int blockShards(int shards, int maxBlocks) {
        int b = 1;
        while ((shards - 1) / b + 1 > maxBlocks) {
            b <<= 1;
        }
        return b;
    }

    /**
     * The batch gradient the last {@link #run} produced, exactly {@code parameters} floats (the
     * array may differ from one run to the next). When the batch is one shard it is the array the
     * shard wrote its gradient into.
     */
    float[] gradient() {
        return result;
    }

    /** Workspaces held: one per worker. */
    int workspaces() {
        return workers.length;
    }

    /** Gradient buffers of {@code parameters} floats held: the workers' carry stacks and the block sums. */
    int gradientBuffers() {
        int n = blockSums.length;
        for (Worker w : workers) {
            n += w.buffers();
        }
        return n;
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
        this.shardCount = (rows - 1) / shardRows + 1;
        this.blockShards = blockShards(shardCount, maxBlocks);
        this.blockCount = (shardCount - 1) / blockShards + 1;
        if (pool == null || blockCount == 1 || helpers.length == 0) {
            for (int b = 0; b < blockCount; b++) {
                workers[0].runBlock(b);
            }
        } else {
            runShared();
        }
        // The levels above the blocks, in place: block j + step into block j.
        for (int step = 1; step < blockCount; step <<= 1) {
            for (int j = 0; j + step < blockCount; j += 2 * step) {
                SubtreeFold.add(blockSums[j + step], blockSums[j]);
                blockLoss[j] += blockLoss[j + step];
                blockCorrect[j] += blockCorrect[j + step];
            }
        }
        result = blockSums[0];
        correctOut[0] = blockCorrect[0];
        return blockLoss[0];
    }

    /** The caller and the pool's helpers claim the batch's blocks; returns when all are done. */
    private void runShared() {
        failure = null;
        blocksDone.set(0);
        long step = (claim.get() >>> 32) + 1;
        claim.set(step << 32);                  // publish: the batch fields above are visible to claimers
        int wanted = Math.min(helpers.length, blockCount - 1);
        for (int h = 0; h < wanted; h++) {
            Helper helper = helpers[h];
            Thread parked = helper.parked;
            if (parked != null) {
                LockSupport.unpark(parked);               // waiting for this step: wake it
            } else if (!helper.submitted || helper.isDone()) {   // else queued or spinning: it will help
                helper.reinitialize();
                helper.submitted = true;
                pool.execute(helper);
            }
        }
        claimBlocks(step, workers[0]);
        awaitBlocks();
        claim.set(step << 32 | Integer.MAX_VALUE);  // closed: a late helper finds nothing to claim
        Throwable t = failure;
        if (t != null) {
            failure = null;
            throw Failures.rethrow(t, "a training shard");
        }
    }

    /**
     * Waits until every block of the step is done: spins and yields for the short waits, then
     * parks until the last worker unparks it. Interruption does not cut the wait short (the step
     * must finish before the batch's buffers are reused); the interrupt status is kept.
     */
    private void awaitBlocks() {
        boolean interrupted = false;
        for (int idle = 0; blocksDone.get() < blockCount; ) {
            if (idle < SpinWait.ACTIVE_PAUSES) {
                idle = SpinWait.pause(idle);
                continue;
            }
            waiter = Thread.currentThread();
            if (blocksDone.get() < blockCount) {
                LockSupport.park(this);
            }
            waiter = null;
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs blocks of step {@code step} on {@code worker} until none are left to claim. */
    private void claimBlocks(long step, Worker worker) {
        while (true) {
            long cur = claim.get();
            int b = (int) cur;
            if (cur >>> 32 != step || b >= blockCount) {
                return;
            }
            if (!claim.compareAndSet(cur, cur + 1)) {
                continue;
            }
            try {
                worker.runBlock(b);
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                }
            } finally {
                if (blocksDone.incrementAndGet() == blockCount) {
                    Thread w = waiter;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
            }
        }
    }

    /**
     * A pool thread's share of whichever step is open when it runs, and of the steps that follow
     * while they come in quick succession: with nothing to claim it spins and yields for the next
     * step for {@link SpinWait#ACTIVE_PAUSES} pauses, at most {@link #HELPER_ACTIVE_NANOS} (the
     * gap between the steps of a small net is shorter), then parks until the caller, opening a step, unparks it; after
     * {@link #HELPER_LINGER_NANOS} without a step it returns its thread to the pool.
     */
    private final class Helper extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient Worker worker;
        /** Set (by the caller only) once the helper was first handed to the pool. */
        boolean submitted;
        /** The thread running this helper while it is parked waiting for a step, else null. */
        volatile Thread parked;

        Helper(Worker worker) {
            this.worker = worker;
        }

        @Override
        protected void compute() {
            long step = claim.get() >>> 32;
            long idleSince = 0;
            long activeSince = System.nanoTime();
            for (int pauses = 0; ; ) {
                claimBlocks(step, worker);
                long now = claim.get();
                if (now >>> 32 != step && (int) now < blockCount) {
                    step = now >>> 32;          // a new step is open: help it
                    pauses = 0;
                    activeSince = System.nanoTime();
                    continue;
                }
                if (pauses < SpinWait.ACTIVE_PAUSES) {
                    pauses = SpinWait.pause(pauses);
                    long t = System.nanoTime();
                    if (t - activeSince > HELPER_ACTIVE_NANOS) {
                        pauses = SpinWait.ACTIVE_PAUSES;
                    }
                    idleSince = pauses == SpinWait.ACTIVE_PAUSES ? t : 0;
                    continue;
                }
                long idle = System.nanoTime() - idleSince;
                if (idle > HELPER_LINGER_NANOS || Thread.currentThread().isInterrupted()) {
                    return;
                }
                // Parked, the caller unparks it when it opens a step (it reads parked after it
                // publishes the step; claim is read again after parked is set).
                parked = Thread.currentThread();
                if (claim.get() == now) {
                    LockSupport.parkNanos(this, HELPER_LINGER_NANOS - idle);
                }
                parked = null;
            }
        }
    }

    /**
     * One worker's state: its workspace and the {@link SubtreeFold} that sums its blocks (its free
     * gradient buffers and carry stack). Used by one thread at a time: the caller, or the helper
     * that owns it.
     */
    private final class Worker {
        private final Workspace ws;
        private final SubtreeFold fold;
        private final int buffers;
        private final double[] correctBuffer = new double[1];

        /** @param levels tree levels a block spans, {@code log₂ B + 1}: as many buffers are needed at most */
        Worker(int capacity, int levels) {
            fold = new SubtreeFold(levels, levels, levels, parameters);
            buffers = levels;
            ws = new Workspace(mlp, capacity, fold.peekFree(), 0);
        }

        int buffers() {
            return buffers;
        }

        /**
         * Runs the shards of block {@code block} in order and leaves the block's subtree sum in
         * {@code blockSums[block]}, taking the array that was there in exchange.
         */
        void runBlock(int block) {
            int first = block * blockShards;
            int end = Math.min(first + blockShards, shardCount);
            try {
                for (int s = first; s < end; s++) {
                    float[] g = fold.take();
                    double loss;
                    try {
                        loss = runShard(s, g);
                    } catch (Throwable e) {
                        fold.give(g);
                        throw e;
                    }
                    fold.push(s - first, g, loss, correctBuffer[0]);
                }
            } catch (Throwable e) {
                fold.release();
                throw e;
            }
            float[] sum = fold.finish();
            fold.give(blockSums[block]);
            blockSums[block] = sum;
            blockLoss[block] = fold.loss();
            blockCorrect[block] = fold.correct();
        }

        /** One shard: its rows, forward, loss, backward into {@code g}; returns its share of the loss. */
        private double runShard(int shard, float[] g) {
            int start = shard * shardRows;
            int rows = Math.min(shardRows, batchRows - start);
            ws.gradientTo(g, 0);
            // Large products may also split across the pool when blocks are fewer than threads;
            // the GEMM is bit-identical however it splits, so determinism holds.
            return Backprop.shard(mlp, ws, x, labels, targets, order, batchFrom + start, rows, batchRows, pool,
                    correctBuffer);
        }
    }
}
