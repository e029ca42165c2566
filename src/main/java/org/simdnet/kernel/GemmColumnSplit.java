package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.KC;
import static org.simdnet.kernel.GemmBlocking.MR;
import static org.simdnet.kernel.GemmBlocking.NR;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The packed GEMM split by columns of C across a ForkJoinPool: one block of whole NR-column
 * tiles per thread, each computed start to end on its claimer's own workspace. Every claimer
 * packs its own B columns (and, past {@link #MAX_SHARED_A}, all of A); nothing is shared while the
 * blocks run, so there is no barrier per KC slice and no thread waits while another packs (the
 * row split, {@link GemmParallel}, packs each B slice on one thread while the others wait, and
 * meets at a barrier per slice: on two cores it reached 1.5× one thread at n = 1024, where
 * OpenBLAS reaches 1.8×). It suits products with columns enough for every thread: {@link #suits}.
 *
 * <p>Products whose packed A fits {@link #MAX_SHARED_A} ({@link #sharesA}) pack A once instead,
 * into the caller's buffer, when {@link SharedPackingChoice} finds that faster on the machine at
 * hand (it races the two ways): the claimers first claim and pack chunks of A (a KC slice of
 * {@link #A_CHUNK_ROWS} rows each), wait until every chunk is packed, then claim their column
 * blocks, which read the shared packing ({@link GemmBlocked#runPackedA}). With a packing per
 * block, each of two threads packed all of A for half the product: on a Zen 3 pair, two threads
 * took 36.7–39.7 µs at n = 128 and 1.67–1.71 ms at n = 512, with the shared packing 29.7–31.4 µs
 * and 1.55–1.59 ms (OpenBLAS 31.9 µs and 1.51 ms); on an Intel AVX-512 pair the shared packing
 * was the slower way. Larger A keep the packing per block, which needs no buffer beyond the
 * per-thread workspace.
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
    /** Rows of A per claimed packing chunk: whole MR-row panels (a multiple of both MRs). */
    static final int A_CHUNK_ROWS = 32;
    /**
     * The largest shared packed A, in floats (4 MiB, the size of the largest packed B block):
     * n = 1024 fits; past it claimers pack their own blocks, so a caller's buffer stays bounded.
     */
    static final long MAX_SHARED_A = 1 << 20;
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

    // Shared A: all of op(A), every KC slice, packed once by all claimers into the caller's buffer.
    private boolean sharedA;
    /** m rounded up to whole MR-row panels: the rows of one slice of the shared packing. */
    private int aRows;
    private int rowChunks, aChunks;
    private float[] packedA = new float[0];
    /** (call id << 32) | next chunk of A panels to pack. */
    private final AtomicLong aClaim = new AtomicLong();
    private final AtomicInteger aChunksDone = new AtomicInteger();
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
        // Which way is faster depends on the machine: raced where it runs (SharedPackingChoice).
        SharedPackingChoice choice = SharedPackingChoice.engine();
        boolean eligible = sharesA(m, k);
        int sizeClass = eligible ? SharedPackingChoice.sizeClass((long) GemmBlocking.roundUp(m, MR) * k) : 0;
        int callOfClass = eligible ? choice.call(sizeClass) : 0;
        sharedA = eligible && choice.shares(sizeClass, callOfClass);
        long start = eligible && choice.timed(callOfClass) ? System.nanoTime() : 0L;
        if (sharedA) {
            aRows = GemmBlocking.roundUp(m, MR);
            int size = aRows * k;
            if (packedA.length < size) {
                packedA = new float[size];
            }
            rowChunks = (m + A_CHUNK_ROWS - 1) / A_CHUNK_ROWS;
            aChunks = rowChunks * ((k + KC - 1) / KC);
            aChunksDone.set(0);
            aClaim.set(call << 32);
        }
        claim.set(call << 32);                       // publish: helpers may claim from here on
        int byCaller;
        try {
            helpers.start(blocks - 1, pool);
            byCaller = work(call);
            for (int idle = 0; blocksDone.get() < blocks; ) {
                idle = SpinWait.pause(idle);
            }
        } finally {
            aClaim.set(call << 32 | Integer.MAX_VALUE);
            claim.set(call << 32 | Integer.MAX_VALUE);  // closed: a late helper finds nothing
            this.a = null;
            this.b = null;
            this.c = null;
        }
        Throwable t = failure;
        if (t != null) {
            throw Failures.rethrow(t, "a column block of a shared GEMM");
        }
        if (start != 0L) {
            // A call whose helpers never came ran on one thread: it times neither way as two run.
            choice.record(sizeClass, callOfClass, System.nanoTime() - start, byCaller < blocks);
        }
    }

    /** Claims and computes column blocks of call {@code call} until none are left; returns how many it computed. */
    private int work(long call) {
        if (sharedA && !packSharedA(call)) {
            return 0;
        }
        int computed = 0;
        while (true) {
            long cur = claim.get();
            int block = (int) cur;
            if (cur >>> 32 != call || block >= blocks) {
                return computed;
            }
            if (!claim.compareAndSet(cur, cur + 1)) {
                continue;
            }
            computed++;
            try {
                int n0 = block * colsPerBlock;
                int n1 = Math.min(n, n0 + colsPerBlock);
                if (sharedA) {
                    GemmBlocked.runPackedA(transB, m, n0, n1, k, alpha, packedA, b, bOff, ldb, beta, c, cOff, ldc,
                            GemmWorkspace.get());
                } else {
                    GemmBlocked.run(transA, transB, 0, m, n0, n1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c,
                            cOff, ldc, GemmWorkspace.get());
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                blocksDone.incrementAndGet();
            }
        }
    }

    /** Whether the claimers share one packing of A: its packed size stays within {@link #MAX_SHARED_A} floats. */
    static boolean sharesA(int m, int k) {
        return (long) GemmBlocking.roundUp(m, MR) * k <= MAX_SHARED_A;
    }

    /**
     * Claims and packs chunks of A's panels for call {@code call}, then waits until every chunk
     * is packed; false when the call is not open (a late helper: nothing left to do).
     */
    private boolean packSharedA(long call) {
        while (true) {
            long cur = aClaim.get();
            int chunk = (int) cur;
            if (cur >>> 32 != call) {
                return false;
            }
            if (chunk >= aChunks) {
                break;
            }
            if (!aClaim.compareAndSet(cur, cur + 1)) {
                continue;
            }
            try {
                // Chunk = (KC slice, rows); slice pc of all rows starts at aRows·pc.
                int p0 = chunk / rowChunks * KC, kc = Math.min(KC, k - p0);
                int i0 = chunk % rowChunks * A_CHUNK_ROWS;
                GemmPacking.packA(transA, a, aOff, lda, i0, Math.min(A_CHUNK_ROWS, m - i0), p0, kc, packedA,
                        aRows * p0 + i0 * kc);
            } catch (Throwable t) {
                failure = t;
            } finally {
                aChunksDone.incrementAndGet();
            }
        }
        for (int idle = 0; aChunksDone.get() < aChunks; ) {
            if (claim.get() >>> 32 != call) {
                return false;
            }
            idle = SpinWait.pause(idle);
        }
        // After a failed chunk the blocks still run (on a partly packed A) so that the caller's
        // wait ends; it then throws the failure instead of returning the product.
        return true;
    }
}
