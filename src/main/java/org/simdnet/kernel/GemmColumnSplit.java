package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.NR;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The packed GEMM split by columns of C across a ForkJoinPool: one block of whole NR-column
 * tiles per thread, each computed start to end by {@link GemmBlocked#run} on its claimer's own
 * workspace. Every claimer packs its own B columns and all of A; nothing is shared while the
 * blocks run, so there is no barrier per KC slice and no thread waits while another packs (the
 * row split, {@link GemmParallel}, packs each B slice on one thread while the others wait, and
 * meets at a barrier per slice: on two cores it reached 1.5× one thread at n = 1024, where
 * OpenBLAS reaches 1.8×). A is packed once per block, so this split suits products with columns
 * enough for every thread: {@link #suits}.
 *
 * <p>Determinism: the blocks' edges are multiples of NR, so every register tile is the tile the
 * one-thread run computes, with the same KC slices (see {@link GemmBlocked}): the same bits for
 * any thread count. Blocks are claimed, not assigned: a helper that starts late only means the
 * caller claims its block too.
 *
 * <p>No allocation per call: each calling thread keeps one instance (a {@link ThreadLocal}) with
 * reusable helper tasks; waits spin and yield ({@link SpinWait}).
 */
final class GemmColumnSplit {

    private static final ThreadLocal<GemmColumnSplit> PER_CALLER = ThreadLocal.withInitial(GemmColumnSplit::new);
    /** Calls that took this split, ever; tests read it to prove a product really was split by columns. */
    private static final AtomicLong CALLS = new AtomicLong();

    // The call in progress; written by the caller before the call is published through claim.
    private boolean transA, transB;
    private int m, n, k, aOff, lda, bOff, ldb, cOff, ldc, colsPerBlock, blocks;
    private float alpha, beta;
    private float[] a, b, c;

    /** (call id << 32) | next block to claim. */
    private final AtomicLong claim = new AtomicLong();
    private final AtomicInteger blocksDone = new AtomicInteger();
    private volatile Throwable failure;
    private final HelperTasks helpers = new HelperTasks(() -> work(claim.get() >>> 32));

    /** Whether a product with {@code n} columns gives each of the pool's threads at least two tiles. */
    static boolean suits(int n, ForkJoinPool pool) {
        return n >= 2 * NR * pool.getParallelism();
    }

    /** How many GEMM calls were split by columns in this JVM (a test hook). */
    static long calls() {
        return CALLS.get();
    }

    static void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float beta, float[] c, int cOff, int ldc, ForkJoinPool pool) {
        CALLS.incrementAndGet();
        PER_CALLER.get().share(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, pool);
    }

    private void share(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc, ForkJoinPool pool) {
        int threads = pool.getParallelism();
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
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
        colsPerBlock = GemmBlocking.roundUp((n + threads - 1) / threads, NR);
        blocks = (n + colsPerBlock - 1) / colsPerBlock;
        failure = null;
        blocksDone.set(0);
        long call = (claim.get() >>> 32) + 1;
        claim.set(call << 32);                       // publish: helpers may claim from here on
        try {
            helpers.start(blocks - 1, pool);
            work(call);
            for (int idle = 0; blocksDone.get() < blocks; ) {
                idle = SpinWait.pause(idle);
            }
        } finally {
            claim.set(call << 32 | Integer.MAX_VALUE);  // closed: a late helper finds nothing
            this.a = null;
            this.b = null;
            this.c = null;
        }
        Throwable t = failure;
        if (t != null) {
            throw Failures.rethrow(t, "a column block of a shared GEMM");
        }
    }

    /** Claims and computes column blocks of call {@code call} until none are left. */
    private void work(long call) {
        while (true) {
            long cur = claim.get();
            int block = (int) cur;
            if (cur >>> 32 != call || block >= blocks) {
                return;
            }
            if (!claim.compareAndSet(cur, cur + 1)) {
                continue;
            }
            try {
                int n0 = block * colsPerBlock;
                int n1 = Math.min(n, n0 + colsPerBlock);
                GemmBlocked.run(transA, transB, 0, m, n0, n1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                        ldc, GemmWorkspace.get());
            } catch (Throwable t) {
                failure = t;
            } finally {
                blocksDone.incrementAndGet();
            }
        }
    }
}
