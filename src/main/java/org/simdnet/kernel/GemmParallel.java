package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.KC;
import static org.simdnet.kernel.GemmBlocking.MC;
import static org.simdnet.kernel.GemmBlocking.MR;
import static org.simdnet.kernel.GemmBlocking.NC;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The packed GEMM shared across a ForkJoinPool, BLIS-style: the calling thread packs each
 * {@code kc × nc} slice of op(B) once into its own workspace, then it and the pool's helpers
 * claim row blocks of C (whole MR-row tiles) from an atomic counter; each claimer packs its rows
 * of op(A) into its own workspace and runs the micro-kernel over the shared packed B. When every
 * block of the slice is done the caller packs the next slice.
 *
 * <p>Determinism: the packed B slice is the same one the single-threaded run packs, and an
 * element's arithmetic does not depend on which row block (or thread) it falls in (see
 * {@link GemmBlocked}), so the result is bit-identical for any thread count. Work is claimed,
 * not assigned: a helper that starts late, or never, only means the caller claims more blocks,
 * so a busy pool costs little more than the single-threaded run.
 *
 * <p>No allocation per call: each calling thread keeps one {@code GemmParallel} (a
 * {@link ThreadLocal}) with reusable helper tasks; a helper still queued from an earlier call is
 * not resubmitted (it joins whatever call is open when it runs, or leaves). Waits spin, yield,
 * then sleep in short {@code parkNanos} naps: none of them allocates. Helpers wait only while a
 * call is open (between its slices); they leave when it closes.
 *
 * <p>A block's exception reaches the caller as itself ({@link Failures#rethrow}): an
 * {@code Error} as the {@code Error}, a {@code RuntimeException} as itself.
 */
final class GemmParallel {

    private static final ThreadLocal<GemmParallel> PER_CALLER = ThreadLocal.withInitial(GemmParallel::new);
    /** Calls that took this path, ever; tests read it to prove a product really was shared. */
    private static final AtomicLong CALLS = new AtomicLong();
    /** Set in {@link #helpersInside} while no call is open. */
    private static final int CLOSED = 1 << 30;

    // The call in progress; written by the caller before a slice is published.
    private boolean transA;
    private int m, aOff, lda, cOff, ldc, rowsPerBlock, blocks;
    private float alpha;
    private float[] a, c;
    // The slice in progress.
    private int jc, nc, pc, kc;
    private float sliceBeta;
    private float[] packedB;

    /** (slice id << 32) | next row block to claim. */
    private final AtomicLong claim = new AtomicLong();
    private final AtomicInteger blocksDone = new AtomicInteger();
    /** Helpers inside the current call, plus {@link #CLOSED} when no call is open. */
    private final AtomicInteger helpersInside = new AtomicInteger(CLOSED);
    private volatile Throwable failure;
    private final HelperTasks helpers = new HelperTasks(this::help);

    /** How many GEMM calls have taken the parallel path in this JVM (a test hook). */
    static long calls() {
        return CALLS.get();
    }

    /** True when C has at least two row tiles to share and the pool has a second thread. */
    static boolean worthSplitting(int m, ForkJoinPool pool) {
        return pool.getParallelism() > 1 && m >= 2 * MR;
    }

    static void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float beta, float[] c, int cOff, int ldc, ForkJoinPool pool) {
        CALLS.incrementAndGet();
        if (GemmColumnSplit.suits(n, pool)) {
            GemmColumnSplit.run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, pool);
            return;
        }
        PER_CALLER.get().share(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc, pool);
    }

    private void share(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc, ForkJoinPool pool) {
        int threads = pool.getParallelism();
        this.transA = transA;
        this.m = m;
        this.alpha = alpha;
        this.a = a;
        this.aOff = aOff;
        this.lda = lda;
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
        // About three blocks per thread so a late helper still finds work; whole tiles, at most MC.
        rowsPerBlock = Math.min(MC, GemmBlocking.roundUp((m + 3 * threads - 1) / (3 * threads), MR));
        blocks = (m + rowsPerBlock - 1) / rowsPerBlock;
        GemmWorkspace ws = GemmWorkspace.get();
        ws.ensure(rowsPerBlock, k, n);
        packedB = ws.packedB;
        failure = null;
        // No helper is inside between calls: mark the last slice fully claimed, then open.
        claim.set((claim.get() & ~0xFFFFFFFFL) | Integer.MAX_VALUE);
        helpersInside.addAndGet(-CLOSED);
        try {
            helpers.start(Math.min(threads, blocks) - 1, pool);
            long slice = claim.get() >>> 32;
            for (jc = 0; jc < n; jc += NC) {
                nc = Math.min(NC, n - jc);
                for (pc = 0; pc < k; pc += KC) {
                    kc = Math.min(KC, k - pc);
                    sliceBeta = pc == 0 ? beta : 1f;
                    GemmPacking.packB(transB, b, bOff, ldb, pc, kc, jc, nc, packedB);
                    blocksDone.set(0);
                    claim.set(++slice << 32);      // publish: helpers may claim from here on
                    work(slice, ws);
                    awaitAtLeast(blocksDone, blocks);
                    Throwable t = failure;
                    if (t != null) {
                        throw Failures.rethrow(t, "a shared GEMM block");
                    }
                }
            }
        } finally {
            helpersInside.addAndGet(CLOSED);    // close: late helpers leave at once
            for (int idle = 0; helpersInside.get() > CLOSED; ) {
                idle = SpinWait.pause(idle);             // wait for the helpers still inside to leave
            }
            this.a = null;
            this.c = null;
            packedB = null;
        }
    }

    /** Claims and computes row blocks of the given slice until none are left. */
    private void work(long slice, GemmWorkspace ws) {
        while (true) {
            long cur = claim.get();
            if (cur >>> 32 != slice) {
                return;
            }
            int block = (int) cur;
            if (block >= blocks || !claim.compareAndSet(cur, cur + 1)) {
                if (block >= blocks) {
                    return;
                }
                continue;
            }
            try {
                int ic = block * rowsPerBlock;
                int mc = Math.min(rowsPerBlock, m - ic);
                GemmPacking.packA(transA, a, aOff, lda, ic, mc, pc, kc, ws.packedA);
                GemmBlocked.macro(kc, mc, nc, ws.packedA, 0, packedB, alpha, sliceBeta, c,
                        cOff + ic * ldc + jc, ldc, ws.tile);
            } catch (Throwable t) {
                failure = t;
            } finally {
                blocksDone.incrementAndGet();
            }
        }
    }

    /** A pool thread's share: joins the open call, works each published slice, leaves at close. */
    private void help() {
        int inside;
        do {
            inside = helpersInside.get();
            if (inside >= CLOSED) {
                return;
            }
        } while (!helpersInside.compareAndSet(inside, inside + 1));
        try {
            GemmWorkspace ws = GemmWorkspace.get();
            ws.ensure(rowsPerBlock, KC, 0);
            long done = 0;
            int idle = 0;
            while (helpersInside.get() < CLOSED) {
                long slice = claim.get() >>> 32;
                if (slice != done && (int) claim.get() < blocks) {
                    work(slice, ws);
                    done = slice;
                    idle = 0;
                } else {
                    idle = SpinWait.pause(idle);
                }
            }
        } finally {
            helpersInside.decrementAndGet();
        }
    }

    /** Waits until {@code counter} reaches {@code target} (it only grows meanwhile). */
    private static void awaitAtLeast(AtomicInteger counter, int target) {
        for (int idle = 0; counter.get() < target; ) {
            idle = SpinWait.pause(idle);
        }
    }
}
