package org.simdnet.kernel;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * Compiles the vector kernels in the background while their scalar twins serve the first calls.
 *
 * <p>Before C2 compiles it, Vector API code runs 100–1000× slower than after (each vector is a
 * boxed object in the interpreter and in C1), while plain Java is usable from its first call. So
 * the kernels that have an exact scalar twin ({@link WarmingSmallMlpKernel},
 * {@link WarmingOptimizerKernels}) start on it, and one daemon thread, {@code simdnet-warmup},
 * calls the vector and the scalar version of each operation on small synthetic inputs of the
 * shapes the engine was asked for (by a predictor when it is made, by a training run when a
 * processor is to spare), alternately and timed. When the vector version has been the
 * faster one {@value #WINS_NEEDED} times in a row (it only gets there once C2 has compiled it),
 * that operation switches to it. The twins give the same bits, so the moment of the switch
 * changes no result. The thread ends when everything asked for has switched, or after
 * {@value #GIVE_UP_SECONDS} s of trying (a JVM that never compiles them with C2, such as one
 * with {@code -Xint}, stays on the twins, which are the faster code there).
 *
 * <p>{@code -Dsimdnet.warmup=false} turns all this off: the vector kernels from the first call.
 */
public final class KernelWarmUp {

    static final int WINS_NEEDED = 3;
    static final int GIVE_UP_SECONDS = 30;

    private static final Object LOCK = new Object();
    /** Work not yet started; guarded by LOCK. */
    private static final ArrayDeque<Probe> QUEUE = new ArrayDeque<>();
    /** Shapes already asked for (in, hidden, out, activation), so that each is warmed once; guarded by LOCK. */
    private static final java.util.Set<String> SEEN = new java.util.HashSet<>();
    private static Thread thread;
    /** Set by {@link #forceVector}: the paths stay where a test put them, whatever the probes find. */
    private static volatile boolean pinned;
    private static boolean optimizersQueued;
    /** Processors of this JVM: with more than two, a warm-up runs beside the work on a spare one. */
    private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

    private KernelWarmUp() {
    }

    /** Asks for the fused kernel's operations on one shape to be compiled; returns at once. */
    static void expect(WarmingSmallMlpKernel kernel, int in, int hidden, int out, int activation, boolean training) {
        if (training ? kernel.allVector() : kernel.inferenceVector()) {
            return;
        }
        synchronized (LOCK) {
            if (!SEEN.add(in + "," + hidden + "," + out + "," + activation + "," + training)) {
                return;
            }
            QUEUE.add(new SmallMlpProbe(kernel, in, hidden, out, activation, training));
            startIfIdle();
        }
    }

    /**
     * Asks for the optimizer updates to be compiled (once per JVM); returns at once. No effect
     * when warm-up is off or the engine is scalar.
     */
    public static void expectOptimizers() {
        if (Kernels.OPTIMIZERS instanceof WarmingOptimizerKernels) {
            expect((WarmingOptimizerKernels) Kernels.OPTIMIZERS);
        }
    }

    private static void expect(WarmingOptimizerKernels kernels) {
        synchronized (LOCK) {
            if (optimizersQueued) {
                return;
            }
            optimizersQueued = true;
            QUEUE.add(new OptimizerProbe(kernels));
            startIfIdle();
        }
    }

    private static void startIfIdle() {
        if (thread != null) {
            return;
        }
        Thread t = new Thread(KernelWarmUp::drain, "simdnet-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        thread = t;
        t.start();
    }

    /** The thread's loop: one round of every unfinished probe at a time, new ones joining as they come. */
    private static void drain() {
        java.util.List<Probe> active = new java.util.ArrayList<>();
        try {
            while (true) {
                synchronized (LOCK) {
                    for (Probe q; (q = QUEUE.poll()) != null; ) {
                        active.add(q);
                    }
                    if (active.isEmpty()) {
                        return;
                    }
                }
                try {
                    active.removeIf(Probe::round);
                } catch (RuntimeException | LinkageError e) {
                    // A failed warm-up only costs speed: the twins keep serving. Say so.
                    System.getLogger("org.simdnet").log(System.Logger.Level.WARNING,
                            "simdnet warm-up stopped; the scalar twins keep serving: " + e);
                    active.clear();
                }
            }
        } finally {
            synchronized (LOCK) {
                thread = null;
                QUEUE.clear();
                LOCK.notifyAll();
            }
        }
    }

    /** Whether a processor is to spare for a background warm-up beside a training run (more than two). */
    public static boolean spareProcessor() {
        return PROCESSORS > 2;
    }

    /**
     * Whether a training run without a spare processor should switch to the vector kernels now,
     * while they are still cold: when the rest of the run, at the pace of the twins, would take
     * longer than {@value #COLD_SWITCH_PAYS_SECONDS} s. Measured on two Zen 3 cores (the
     * lecture's net, whole runs, with the twins' column pass): the cold vector kernels cost
     * about 1.5 s before C2 has compiled them, then run about 4× faster than the twins; 2000
     * epochs take 1.4–1.6 s on the twins against 2.0–2.1 s vector from the start, 3000 epochs
     * 1.9 s against 2.3 s, 5000 epochs 2.7–3.6 s against 2.5–2.7 s (about 0.4 ms a step on
     * the twins); a background warm-up there competes with the run and is slower than either.
     * So runs up to about 4500 epochs stay on the twins, longer ones switch early.
     */
    public static boolean coldSwitchPays(double remainingSecondsAtCurrentPace) {
        return remainingSecondsAtCurrentPace > COLD_SWITCH_PAYS_SECONDS;
    }

    /** Seconds of a run on the scalar twins above which switching to the cold vector kernels pays. */
    public static final double COLD_SWITCH_PAYS_SECONDS = 1.8;

    /**
     * Puts the training pass and the optimizer updates on the vector kernels now, compiled or
     * not (see {@link #coldSwitchPays}); the results do not change. No effect when pinned by
     * {@link #forceVector}, when warm-up is off or the engine is scalar.
     */
    public static void switchTrainingNow() {
        if (pinned || !Kernels.vectorized()) {
            return;
        }
        if (Kernels.SMALL_MLP instanceof WarmingSmallMlpKernel) {
            ((WarmingSmallMlpKernel) Kernels.SMALL_MLP).vectorTraining = true;
        }
        if (Kernels.OPTIMIZERS instanceof WarmingOptimizerKernels) {
            ((WarmingOptimizerKernels) Kernels.OPTIMIZERS).useVector = true;
        }
    }

    /**
     * Waits until the background warm-up has finished everything asked for so far.
     *
     * @param timeoutMillis the longest wait
     * @return true when it finished within the time (whether or not every operation switched)
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public static boolean await(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (LOCK) {
            while (thread != null || !QUEUE.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LOCK.wait(Math.max(1, left / 1_000_000L));
            }
            return true;
        }
    }

    /**
     * Puts every warming kernel of this JVM on its vector ({@code true}) or scalar path at once,
     * and keeps it there whatever the warm-up finds (until {@link #resume}): for tests that check
     * that the switch changes no bits, and for benchmarks. No effect when warm-up is off or the
     * engine is scalar.
     */
    public static void forceVector(boolean vector) {
        if (!Kernels.vectorized()) {
            return;
        }
        pinned = true;
        if (Kernels.SMALL_MLP instanceof WarmingSmallMlpKernel) {
            ((WarmingSmallMlpKernel) Kernels.SMALL_MLP).useVector(vector);
        }
        if (Kernels.OPTIMIZERS instanceof WarmingOptimizerKernels) {
            ((WarmingOptimizerKernels) Kernels.OPTIMIZERS).useVector = vector;
        }
    }

    /**
     * Undoes {@link #forceVector}: every warming kernel back on its scalar twin, and the warm-up
     * free again to switch them, for the shapes asked for from now on (tests of the warm-up).
     */
    public static void resume() {
        if (!Kernels.vectorized()) {
            return;
        }
        synchronized (LOCK) {
            SEEN.clear();
            optimizersQueued = false;
        }
        forceVector(false);
        pinned = false;
    }

    /**
     * Whether every kernel with a scalar twin now runs its vector version (true as well when
     * warm-up is off, or when the engine is scalar and there is nothing to switch).
     */
    public static boolean allVector() {
        if (!Kernels.vectorized()) {
            return true;
        }
        boolean mlp = !(Kernels.SMALL_MLP instanceof WarmingSmallMlpKernel)
                || ((WarmingSmallMlpKernel) Kernels.SMALL_MLP).allVector();
        boolean opt = !(Kernels.OPTIMIZERS instanceof WarmingOptimizerKernels)
                || ((WarmingOptimizerKernels) Kernels.OPTIMIZERS).useVector;
        return mlp && opt;
    }

    /**
     * Whether the fused kernel's inference operations run their vector version (true as well
     * when warm-up is off or the engine is scalar).
     */
    public static boolean inferenceVector() {
        return !Kernels.vectorized() || !(Kernels.SMALL_MLP instanceof WarmingSmallMlpKernel)
                || ((WarmingSmallMlpKernel) Kernels.SMALL_MLP).inferenceVector();
    }

    /** Counts consecutive wins of the vector version; a loss resets the count. */
    private static final class Race {
        private int wins;

        /** Records one timed pair; true once the vector version has won {@link #WINS_NEEDED} in a row. */
        boolean vectorWon(long vectorNanos, long scalarNanos) {
            wins = vectorNanos < scalarNanos ? wins + 1 : 0;
            return wins >= WINS_NEEDED;
        }
    }

    private static long deadline() {
        return System.nanoTime() + GIVE_UP_SECONDS * 1_000_000_000L;
    }

    /** One operation family's race: one timed round per call, until it has switched or given up. */
    private interface Probe {
        /** Runs one round; true when this probe is finished. */
        boolean round();
    }

    /**
     * The fused kernel on one shape, scaled down: one full block of samples and a partial one,
     * at most five hidden units, so that each round is cheap while the vector code is still
     * interpreted, yet takes every branch the real shape takes (they depend on in, out and the
     * activation, and on full and partial blocks, in order and shuffled). Separate kernel
     * instances, so that the shared ones keep their cached layout; compiled code is per
     * method, not per instance.
     */
    private static final class SmallMlpProbe implements Probe {
        private final WarmingSmallMlpKernel target;
        /** Whether to warm the training pass too, or inference only. */
        private final boolean training;
        private final int in, h, out, activation, rows;
        private final VectorSmallMlpKernel vector = new VectorSmallMlpKernel();
        private final ScalarSmallMlpKernel scalar = new ScalarSmallMlpKernel(FloatSpecies.SPECIES.length());
        private final float[] p, x, gv, gs, sv, ss, prepared, sample, probs;
        private final int[] labels, order, classes, correct = new int[1];
        private final Race trainingRace = new Race(), batch = new Race(), single = new Race();
        private final long deadline = deadline();
        private int round;

        SmallMlpProbe(WarmingSmallMlpKernel target, int in, int hidden, int out, int activation, boolean training) {
            this.target = target;
            this.training = training;
            this.in = in;
            this.out = out;
            this.activation = activation;
            this.h = Math.min(hidden, 5);
            this.rows = FloatSpecies.SPECIES.length() + 1;
            SplittableRandom rnd = new SplittableRandom(1);
            p = new float[h * in + h + out * h + out];
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) (0.5 * rnd.nextGaussian());
            }
            x = new float[rows * in];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (2 * rnd.nextDouble() - 1);
            }
            labels = new int[rows];
            order = new int[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = rnd.nextInt(out);
                order[i] = rows - 1 - i;
            }
            gv = new float[p.length];
            gs = new float[p.length];
            sv = new float[vector.scratchSize(in, h, out)];
            ss = new float[scalar.scratchSize(in, h, out)];
            prepared = new float[vector.scratchSize(in, h, out)];
            scalar.prepare(in, h, out, p, 0, prepared);
            sample = new float[vector.sampleScratchSize(h)];
            probs = new float[rows * out];
            classes = new int[rows];
        }

        @Override
        public boolean round() {
            int[] o = (round++ & 1) == 0 ? null : order;
            if (training && !target.vectorTraining) {
                long t0 = System.nanoTime();
                vector.lossAndGradient(in, h, out, activation, p, 0, x, o, 0, rows, labels, rows, gv, 0, sv, correct);
                long t1 = System.nanoTime();
                scalar.lossAndGradient(in, h, out, activation, p, 0, x, o, 0, rows, labels, rows, gs, 0, ss, correct);
                long t2 = System.nanoTime();
                if (trainingRace.vectorWon(t1 - t0, t2 - t1) && !pinned) {
                    target.vectorTraining = true;
                }
            }
            if (!target.vectorBatch) {
                // The batch prediction with the Predictor's feature check beside it, so that both
                // are compiled when the batch switches.
                long t0 = System.nanoTime();
                vector.largestMagnitude(x, 0, x.length);
                vector.predict(in, h, out, activation, p, 0, x, 0, rows, probs, 0, classes, 0, sv);
                long t1 = System.nanoTime();
                scalar.largestMagnitude(x, 0, x.length);
                scalar.predict(in, h, out, activation, p, 0, x, 0, rows, probs, 0, classes, 0, ss);
                long t2 = System.nanoTime();
                if (batch.vectorWon(t1 - t0, t2 - t1) && !pinned) {
                    target.vectorBatch = true;
                }
            }
            if (!target.vectorSingle) {
                long t0 = System.nanoTime();
                for (int r = 0; r < 4; r++) {
                    vector.predictOne(in, h, out, activation, prepared, p, 0, x, r * in, probs, 0, sample);
                }
                long t1 = System.nanoTime();
                for (int r = 0; r < 4; r++) {
                    scalar.predictOne(in, h, out, activation, prepared, p, 0, x, r * in, probs, 0, sample);
                }
                long t2 = System.nanoTime();
                if (single.vectorWon(t1 - t0, t2 - t1) && !pinned) {
                    target.vectorSingle = true;
                }
            }
            return (training ? target.allVector() : target.inferenceVector()) || System.nanoTime() > deadline;
        }
    }

    /** The optimizer updates, each of them once per round, on a few vectors' worth of parameters and a tail. */
    private static final class OptimizerProbe implements Probe {
        private final WarmingOptimizerKernels target;
        private final VectorOptimizerKernels vector = new VectorOptimizerKernels();
        private final ScalarOptimizerKernels scalar = new ScalarOptimizerKernels();
        private final int n = 2 * FloatSpecies.SPECIES.length() + 3;
        private final float[] w = new float[n], g = new float[n], m = new float[n], v = new float[n];
        private final Race race = new Race();
        private final long deadline = deadline();
        private int step;

        OptimizerProbe(WarmingOptimizerKernels target) {
            this.target = target;
            SplittableRandom rnd = new SplittableRandom(2);
            for (int i = 0; i < n; i++) {
                w[i] = (float) rnd.nextGaussian();
                g[i] = (float) (1e-2 * rnd.nextGaussian());
            }
        }

        @Override
        public boolean round() {
            step++;
            long t0 = System.nanoTime();
            updates(vector, n, w, g, m, v, step);
            long t1 = System.nanoTime();
            updates(scalar, n, w, g, m, v, step);
            long t2 = System.nanoTime();
            if (race.vectorWon(t1 - t0, t2 - t1) && !pinned) {
                target.useVector = true;
            }
            return target.useVector || System.nanoTime() > deadline;
        }
    }

    /** One of each update, with and without momentum, decay and Nesterov. */
    private static void updates(OptimizerKernels k, int n, float[] w, float[] g, float[] m, float[] v, int step) {
        k.adam(n, w, 0, g, 0, m, 0, v, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 1e-5f, step);
        k.adamW(n, w, 0, g, 0, m, 0, v, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 1e-2f, step);
        k.sgd(n, w, 0, g, 0, m, 0, 1e-3f, 0.9f, 0f, 1e-5f, (step & 1) == 0, step == 1);
        k.sgd(n, w, 0, g, 0, m, 0, 1e-3f, 0f, 0f, 0f, false, false);
        k.scale(n, g, 0, 1f);
    }
}
