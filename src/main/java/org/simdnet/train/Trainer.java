package org.simdnet.train;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.simdnet.kernel.KernelWarmUp;
import org.simdnet.nn.FusedPath;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Workspace;
import org.simdnet.optim.GradientClipping;
import org.simdnet.optim.Optimizer;

/**
 * Trains an {@link Mlp} on a labelled data set with mini-batch gradient descent: shuffling from
 * the seed, shards run in parallel by a {@link ShardRunner}, one optimizer step per batch,
 * divergence detection, per-epoch curves and step timings. Every buffer is made in the
 * constructor, so the training loop allocates nothing per step.
 *
 * <p>The trained parameters are bit-for-bit the same for any {@code threads}: see
 * {@link ShardRunner}. Its memory beyond the data and the model is bounded by the model and the
 * thread count, not by the rows: one workspace of one shard per worker thread and
 * {@code O(threads · log(shards))} gradient buffers (the bound is in {@link ShardRunner}). Close
 * the trainer to stop its worker threads.
 */
public final class Trainer implements AutoCloseable {

    /** Bytes of activations a shard aims to keep resident (a comfortable share of an L2). */
    static final int SHARD_BYTES = 256 * 1024;
    /**
     * The automatic floor. Each shard's GEMMs pack the weight matrices again, so a shard must
     * have rows enough to amortise that: in the 2 → 1024 → 1024 → 3 net, shards of 128 rows spent
     * ~10 % of a one-thread step packing 1024 × 1024 weights twice per step; 256 rows (one shard
     * for a batch of 256) measured ~10 % faster on one thread. (On two threads the single shard
     * leaves the parallelism to the GEMM split and was ~10 % slower than two shards; the shard size
     * may not depend on the thread count, so the one-thread figure decides.)
     */
    static final int MIN_AUTO_SHARD_ROWS = 256;
    /**
     * Rows per shard on the fused small-MLP path: its working set does not grow with the rows,
     * so shards are sized to amortise the per-shard set-up instead.
     */
    static final int FUSED_SHARD_ROWS = 512;
    private static final int MAX_TIMED_STEPS = 1 << 16;

    private final Mlp mlp;
    /**
     * What the steps run on: {@link #mlp} itself, or a copy whose first layer holds its weights
     * transposed ({@link TransposedFirstLayer}), written back into {@link #mlp} after each epoch
     * and when training stops.
     */
    private final Mlp training;
    private final float[] x;
    private final int[] labels;
    private final float[] targets;
    private final int rows;
    private final TrainConfig config;
    private final int batchRows;
    private final int shardRows;
    private final EpochOrder epochOrder;
    private final int[] order;
    private final ForkJoinPool pool;
    private final ShardRunner runner;
    private final Optimizer optimizer;
    private final GradientClipping clipping;
    /** The learning rate of the current epoch's steps. */
    private float lr;
    private final double[] correct = new double[1];
    private final long[] stepNanos = new long[MAX_TIMED_STEPS];
    private long stepsTimed;

    /**
     * A trainer for a model whose head takes class labels (softmax cross-entropy).
     *
     * @param x      {@code rows × mlp.inputs()} features, row-major
     * @param labels {@code rows} class indices in {@code [0, mlp.outputs())}
     * @throws IllegalArgumentException when the data does not fit the model
     */
    public Trainer(Mlp mlp, float[] x, int[] labels, int rows, TrainConfig config) {
        this(mlp, x, labels, null, rows, config);
    }

    /**
     * A trainer for a model whose head takes float targets (mean squared error, sigmoid
     * cross-entropy).
     *
     * @param x       {@code rows × mlp.inputs()} features, row-major
     * @param targets {@code rows × mlp.outputs()} targets, row-major
     * @throws IllegalArgumentException when the data does not fit the model
     */
    public Trainer(Mlp mlp, float[] x, float[] targets, int rows, TrainConfig config) {
        this(mlp, x, null, targets, rows, config);
    }

    private Trainer(Mlp mlp, float[] x, int[] labels, float[] targets, int rows, TrainConfig config) {
        checkData(mlp, x, labels, targets, rows);
        if (rows < 1) {
            throw new IllegalArgumentException("cannot train on an empty data set");
        }
        this.mlp = mlp;
        this.x = x;
        this.labels = labels;
        this.targets = targets;
        this.rows = rows;
        this.config = config;
        this.batchRows = batchRows(config, rows);
        this.shardRows = shardRows(config, mlp);
        int shardCapacity = Math.min(shardRows, batchRows);
        if (shardCapacity > maxShardRows(mlp)) {
            throw new IllegalArgumentException("shards of " + shardCapacity + " rows do not fit " + mlp
                    + ": a shard's buffers hold rows × " + mlp.maxWidth() + " floats, which must stay below 2^31,"
                    + " so at most " + maxShardRows(mlp) + " rows per shard");
        }
        this.epochOrder = new EpochOrder(rows, config.seed());
        this.order = epochOrder.rows();
        this.pool = config.threads() > 1 ? newPool(config.threads()) : null;
        this.clipping = config.clipNorm() > 0 ? GradientClipping.byNorm(config.clipNorm()) : null;
        this.training = transposeFirstLayer && TransposedFirstLayer.suits(mlp, shardCapacity, clipping != null)
                ? TransposedFirstLayer.trainingCopy(mlp) : mlp;
        this.runner = new ShardRunner(training, shardRows, batchRows, pool);
        this.optimizer = config.optimizer().create(mlp.params().length);
        this.lr = config.schedule().learningRate(config.optimizer().lr(), 0);
    }

    /** Tests turn this off to compare against the model's own layout; the bits must not differ. */
    static volatile boolean transposeFirstLayer = true;

    private static final AtomicInteger POOLS = new AtomicInteger();

    /** A pool whose daemon threads are named {@code simdnet-train-P-worker-N}, for thread dumps. */
    private static ForkJoinPool newPool(int threads) {
        int number = POOLS.incrementAndGet();
        return new ForkJoinPool(threads, pool -> new NamedWorker(pool, "simdnet-train-" + number + "-worker-"),
                null, false);
    }

    /** A pool thread that names itself once registered (the pool names threads as it registers them). */
    private static final class NamedWorker extends ForkJoinWorkerThread {
        private final String prefix;

        NamedWorker(ForkJoinPool pool, String prefix) {
            super(pool);
            this.prefix = prefix;
        }

        @Override
        protected void onStart() {
            super.onStart();
            setName(prefix + getPoolIndex());
        }
    }

    /** Rows per optimizer step of a run of {@code config} on {@code rows} rows (the last batch of an epoch may be short). */
    public static int batchRows(TrainConfig config, int rows) {
        return config.batchSize() == 0 ? rows : Math.min(config.batchSize(), rows);
    }

    /** Rows per shard of a run of {@code config} on {@code mlp}: the configured size, or {@link #autoShardRows}. */
    public static int shardRows(TrainConfig config, Mlp mlp) {
        return config.shardRows() == 0 ? autoShardRows(mlp) : config.shardRows();
    }

    /**
     * The automatic shard size: as many rows as keep one shard's activations and back-propagated
     * gradients within {@link #SHARD_BYTES}, rounded down to a multiple of 16, but at least
     * {@link #MIN_AUTO_SHARD_ROWS}; nets on the fused kernel take {@link #FUSED_SHARD_ROWS}. It
     * depends only on the model (and whether the vector kernels are in use), never on the thread
     * count.
     */
    public static int autoShardRows(Mlp mlp) {
        if (FusedPath.applies(mlp)) {
            return FUSED_SHARD_ROWS;
        }
        // Counted over the Dense layers' widths: element-wise layers mostly share their buffers.
        int[] widths = mlp.denseWidths();
        long floatsPerRow = 0;
        int widestHidden = 0;
        for (int l = 0; l < widths.length; l++) {
            floatsPerRow += widths[l];
            if (l > 0 && l + 1 < widths.length) {
                widestHidden = Math.max(widestHidden, widths[l]);
            }
        }
        floatsPerRow += 2L * widestHidden;
        long rowsThatFit = SHARD_BYTES / (4 * floatsPerRow);
        return (int) Math.max(MIN_AUTO_SHARD_ROWS, rowsThatFit / 16 * 16);
    }

    /** The most rows a shard of {@code mlp} can have: its buffers hold rows × the widest layer's floats. */
    public static int maxShardRows(Mlp mlp) {
        return Workspace.maxRows(mlp);
    }

    static void checkData(Mlp mlp, float[] x, int[] labels, float[] targets, int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        if (x == null || (long) rows * mlp.inputs() > x.length) {
            throw new IllegalArgumentException("x must hold " + rows + "×" + mlp.inputs() + " floats for "
                    + mlp + " but holds " + (x == null ? "null" : x.length + ""));
        }
        if (mlp.head().usesLabels() && labels == null) {
            throw new IllegalArgumentException(mlp.head() + " trains on class labels, not float targets");
        }
        if (!mlp.head().usesLabels() && targets == null) {
            throw new IllegalArgumentException(mlp.head() + " trains on float targets, not class labels");
        }
        mlp.head().checkTargets(rows, mlp.outputs(), labels, targets);
    }

    /** Rows per shard this trainer uses. */
    public int shardRows() {
        return shardRows;
    }

    /** Rows per optimizer step. */
    public int batchRows() {
        return batchRows;
    }

    /**
     * One optimizer step on the batch of rows {@code from .. from+count)} of the current epoch
     * order (benchmarks call this directly). The model's parameter array may lag behind it until
     * {@link #updateModel} (which {@link #train} calls after each epoch and when it stops).
     *
     * @return the batch's mean loss before the update
     */
    public double step(int from, int count) {
        double loss = runner.run(x, labels, targets, batchRows == rows ? null : order, from, count, correct);
        float[] gradient = runner.gradient();
        if (clipping != null) {
            clipping.clip(gradient);
        }
        // Shared with the pool (the same bits as one thread: the update is element-wise).
        optimizer.step(training.params(), gradient, lr, pool);
        return loss;
    }

    /** Whether the steps run on a copy with the first layer's weights transposed (tests). */
    boolean firstLayerTransposed() {
        return training != mlp;
    }

    /**
     * Brings the model's parameter array up to date with the steps taken so far (a no-op unless
     * the trainer holds the first layer transposed: {@link TransposedFirstLayer}).
     */
    public void updateModel() {
        if (training != mlp) {
            TransposedFirstLayer.toModel(training, mlp);
        }
    }

    /** Whether this trainer has settled how its kernels leave the scalar twins. */
    private boolean warmUpDecided;

    /**
     * How the run moves from the scalar twins to the vector kernels (the results do not depend
     * on it, only the speed): with a processor to spare, a background warm-up asked for after
     * the first step; without, a switch to the cold vector kernels when it pays
     * ({@link KernelWarmUp#coldSwitchPays}): after the first step for a run whose length, at the
     * twins' estimated pace, exceeds it; otherwise judged again after steps 128, 256, 512, ...
     * from the pace of the fastest of the last eight steps (the first tens run before the JIT
     * has compiled the twins, and say little). Models off the fused path switch their
     * optimizer at once (their other kernels are vector from the start). Returns whether that
     * is settled.
     */
    private boolean decideWarmUp(long steps, long totalSteps) {
        if (KernelWarmUp.spareProcessor()) {
            FusedPath.expectTraining(mlp);
            KernelWarmUp.expectOptimizers();
            return true;
        }
        if (steps == 1 && FusedPath.applies(mlp)) {
            // Before any measurement, from the twins' cost once compiled (2.6 ns per row and
            // hidden unit on one thread of a Zen 3, the column pass): a run that long switches
            // at once.
            double twinStepSeconds = 2.6e-9 * batchRows * mlp.widthBefore(1) / Math.max(1, config.threads());
            if (twinStepSeconds * totalSteps > KernelWarmUp.COLD_SWITCH_PAYS_SECONDS) {
                KernelWarmUp.switchTrainingNow();
                return true;
            }
        }
        if (!FusedPath.applies(mlp)) {
            // The layer path's kernels are vector anyway: its optimizer updates go along.
            KernelWarmUp.switchTrainingNow();
            return true;
        }
        if (steps < 128) {
            return false;
        }
        long fastest = Long.MAX_VALUE;
        for (long i = Math.max(0, stepsTimed - 8); i < stepsTimed; i++) {
            fastest = Math.min(fastest, stepNanos[(int) (i % MAX_TIMED_STEPS)]);
        }
        // Twice the margin: this only corrects estimates that were far off, and a loaded
        // machine's slow steps must not tip a short run over.
        if (!KernelWarmUp.coldSwitchPays(fastest / 1e9 * (totalSteps - steps) / 2)) {
            return false;
        }
        KernelWarmUp.switchTrainingNow();
        return true;
    }

    /** Never cancelled: what {@link #train(ProgressListener)} passes. */
    private static final BooleanSupplier NEVER = () -> false;

    /**
     * Trains for the configured epochs, telling {@code listener} after each. Stops between two
     * steps when the thread is interrupted (see {@link #train(ProgressListener, BooleanSupplier)}).
     */
    public TrainResult train(ProgressListener listener) {
        return train(listener, NEVER);
    }

    /**
     * Trains for the configured epochs, telling {@code listener} after each, and stops between two
     * steps once {@code cancelled} returns true or the calling thread is interrupted: it throws a
     * {@link TrainingCancelledException} and leaves the model with the parameters of the last
     * completed step (a step is never cut short; an interrupt during one is acted on after it,
     * and the thread's interrupt status stays set). {@code cancelled} is called before every
     * step, so it must be cheap (an {@code AtomicBoolean::get}, say).
     *
     * @throws TrainingCancelledException when cancelled or interrupted
     * @throws DivergenceException        when the loss becomes NaN or infinite
     */
    public TrainResult train(ProgressListener listener, BooleanSupplier cancelled) {
        if (listener == null || cancelled == null) {
            throw new IllegalArgumentException("listener and cancelled must not be null");
        }
        int epochs = config.epochs();
        double[] epochLoss = new double[epochs];
        double[] epochAccuracy = new double[epochs];
        long start = System.nanoTime();
        try {
            epochs(listener, cancelled, epochLoss, epochAccuracy, start);
        } finally {
            updateModel();      // whatever stopped it: the model holds the last completed step
        }
        long trainNanos = System.nanoTime() - start;
        Evaluation last = Evaluation.of(mlp, x, labels, targets, rows);
        if (!Double.isFinite(last.loss())) {
            throw new DivergenceException("training diverged: the final loss is " + last.loss()
                    + "; try a lower learning rate (it is " + config.optimizer().lr() + ")");
        }
        return new TrainResult(epochLoss, epochAccuracy, last.loss(), last.accuracy(), trainNanos, medianStepMicros());
    }

    /** The epochs of {@link #train}, filling the curves. */
    private void epochs(ProgressListener listener, BooleanSupplier cancelled, double[] epochLoss,
                        double[] epochAccuracy, long start) {
        int epochs = config.epochs();
        long steps = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            lr = config.schedule().learningRate(config.optimizer().lr(), epoch);
            if (batchRows < rows) {
                epochOrder.shuffle();
            }
            double lossSum = 0;
            double correctSum = 0;
            for (int from = 0; from < rows; from += batchRows) {
                boolean interrupted = Thread.currentThread().isInterrupted();
                if (interrupted || cancelled.getAsBoolean()) {
                    throw new TrainingCancelledException(steps, epoch, epochs, interrupted);
                }
                int count = Math.min(batchRows, rows - from);
                long t0 = System.nanoTime();
                double loss = step(from, count);
                stepNanos[(int) (stepsTimed++ % MAX_TIMED_STEPS)] = System.nanoTime() - t0;
                steps++;
                if (!warmUpDecided && (steps & (steps - 1)) == 0) {
                    warmUpDecided = decideWarmUp(steps, (long) epochs * ((rows + batchRows - 1) / batchRows));
                }
                if (!Double.isFinite(loss)) {
                    throw new DivergenceException("training diverged: the loss became " + loss + " in epoch "
                            + (epoch + 1) + " of " + epochs + "; try a lower learning rate (it is "
                            + lr + ")");
                }
                lossSum += loss * count;
                correctSum += correct[0];
            }
            epochLoss[epoch] = lossSum / rows;
            epochAccuracy[epoch] = mlp.head().classifies() ? correctSum / rows : Double.NaN;
            double seconds = (System.nanoTime() - start) / 1e9;
            // The listener may read the model (a predictor for validation, say), or even change it.
            updateModel();
            listener.epochDone(epoch + 1, epochs, epochLoss[epoch], epochAccuracy[epoch], steps / Math.max(seconds, 1e-9));
            if (training != mlp) {
                TransposedFirstLayer.fromModel(mlp, training);
            }
        }
    }

    private double medianStepMicros() {
        int n = (int) Math.min(stepsTimed, MAX_TIMED_STEPS);
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(stepNanos, n);
        Arrays.sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return median / 1e3;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
