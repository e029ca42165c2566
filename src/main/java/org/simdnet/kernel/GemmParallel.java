package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.MR;
import static org.simdnet.kernel.GemmBlocking.NR;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Splits a large GEMM into rectangles of C, one per pool thread: horizontal bands of whole
 * MR-row tiles when C is taller than wide, vertical bands of whole NR-column tiles otherwise.
 * Each rectangle runs the full blocked algorithm ({@link GemmBlocked}) with its own thread's
 * workspace, packing the operand parts it needs. Every element of C is still one register-tile
 * accumulation over the same KC slices in the same order, so the result is bit-identical to the
 * single-threaded run for any number of threads.
 *
 * <p>The tasks are reused: each calling thread keeps one {@code GemmParallel} (a
 * {@link ThreadLocal}) with its task objects, re-initialised per call, so a call allocates no
 * task objects once warm.
 */
final class GemmParallel {

    /** How long an external caller waits for the other bands before parking (2 ms). */
    private static final long SPIN_NANOS = 2_000_000L;

    private static final ThreadLocal<GemmParallel> PER_CALLER = ThreadLocal.withInitial(GemmParallel::new);

    // The call being split; cleared afterwards so no caller array stays reachable.
    private boolean transA, transB;
    private int k, aOff, lda, bOff, ldb, cOff, ldc;
    private float alpha, beta;
    private float[] a, b, c;
    private Band[] bands = new Band[0];

    /** Number of bands a product with these many row and column tiles would use in {@code pool}. */
    static int bandCount(int m, int n, ForkJoinPool pool) {
        int tiles = m >= n ? (m + MR - 1) / MR : (n + NR - 1) / NR;
        return Math.min(pool.getParallelism(), tiles);
    }

    static void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float beta, float[] c, int cOff, int ldc, ForkJoinPool pool) {
        PER_CALLER.get().split(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc, pool);
    }

    private void split(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc, ForkJoinPool pool) {
        int count = bandCount(m, n, pool);
        if (bands.length < count) {
            Band[] grown = new Band[count];
            for (int t = 0; t < count; t++) {
                grown[t] = t < bands.length ? bands[t] : new Band();
            }
            bands = grown;
        }
        this.transA = transA;
        this.transB = transB;
        this.k = k;
        this.alpha = alpha;
        this.beta = beta;
        this.a = a;
        this.aOff = aOff;
        this.lda = lda;
        this.b = b;
        this.bOff = bOff;
        this.ldb = ldb;
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
        boolean byRows = m >= n;
        int tiles = byRows ? (m + MR - 1) / MR : (n + NR - 1) / NR;
        int step = byRows ? MR : NR;
        int extent = byRows ? m : n;
        for (int t = 0; t < count; t++) {
            int lo = Math.min(extent, (int) ((long) tiles * t / count) * step);
            int hi = Math.min(extent, (int) ((long) tiles * (t + 1) / count) * step);
            Band band = bands[t];
            band.m0 = byRows ? lo : 0;
            band.m1 = byRows ? hi : m;
            band.n0 = byRows ? 0 : lo;
            band.n1 = byRows ? n : hi;
        }
        boolean inPool = ForkJoinTask.getPool() == pool;
        try {
            for (int t = 1; t < count; t++) {
                bands[t].reinitialize();
                if (inPool) {
                    bands[t].fork();
                } else {
                    pool.execute(bands[t]);
                }
            }
            bands[0].compute();
        } finally {
            for (int t = count - 1; t >= 1; t--) {
                if (!inPool) {
                    awaitWithoutParking(bands[t]);
                }
                bands[t].join();
            }
            this.a = null;
            this.b = null;
            this.c = null;
        }
    }

    /**
     * Waits a little for a band by spinning, then yielding, before {@code join} would park: an
     * external thread that parks in {@code join} allocates a wait node (JDK 16+), and the bands
     * are balanced, so the wait is usually short. After {@link #SPIN_NANOS} it gives up and lets
     * {@code join} block as usual.
     */
    private static void awaitWithoutParking(ForkJoinTask<?> band) {
        long deadline = 0;
        for (int spins = 0; !band.isDone(); spins++) {
            if (spins < 100) {
                Thread.onSpinWait();
            } else if (deadline == 0) {
                deadline = System.nanoTime() + SPIN_NANOS;
            } else if (System.nanoTime() - deadline > 0) {
                return;
            } else {
                Thread.yield();
            }
        }
    }

    /** One rectangle of C, computed on whichever thread runs it. */
    private final class Band extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        int m0, m1, n0, n1;

        @Override
        protected void compute() {
            GemmBlocked.run(transA, transB, m0, m1, n0, n1, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc, GemmWorkspace.get());
        }
    }
}
