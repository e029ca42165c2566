package org.simdnet.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shares an element-wise pass over {@code [0, n)} (an optimizer's update) among a pool's threads:
 * the range is cut into chunks of {@link #CHUNK} elements that the caller and helper tasks claim.
 * Each element's arithmetic is its own, and the kernels' scalar tails give the vector lanes' bits,
 * so the result is the same bits for any thread count and any claiming order.
 *
 * <p>Why: on two threads the rest of a training step is shared (GEMMs), but an optimizer step over
 * a million parameters ran on the caller alone while the other core waited (Adam over 1.05
 * million floats on a Zen 3 pair: 625 µs on one thread, 343 µs on two).
 *
 * <p>No allocation per call: each calling thread keeps one instance (a {@link ThreadLocal}) with
 * reusable helper tasks ({@link HelperTasks}); waits spin and yield ({@link SpinWait}).
 */
public final class RangeSplit {

    /** A pass over the elements {@code from .. to}. */
    @FunctionalInterface
    public interface Range {
        /**
         * Runs the pass over {@code [from, to)}.
         *
         * @param from first element
         * @param to   one past the last element
         */
        void run(int from, int to);
    }

    /**
     * Elements per claimed chunk: a multiple of every vector length (so only the last chunk has a
     * scalar tail), and large enough that claiming costs nothing next to the chunk (4 arrays ×
     * 256 KiB for Adam).
     */
    static final int CHUNK = 1 << 16;

    private static final ThreadLocal<RangeSplit> PER_CALLER = ThreadLocal.withInitial(RangeSplit::new);
    /** Passes that were shared, ever; tests read it to prove a pass really was split. */
    private static final AtomicLong SHARED = new AtomicLong();

    // The pass in progress; written by the caller before it is published through claim.
    private Range range;
    private int n;
    private int chunks;

    /** (call id << 32) | next chunk to claim. */
    private final AtomicLong claim = new AtomicLong();
    private final AtomicInteger chunksDone = new AtomicInteger();
    private volatile Throwable failure;
    private final HelperTasks helpers = new HelperTasks(() -> work(claim.get() >>> 32));

    private RangeSplit() {
    }

    /** How many passes were shared among threads in this JVM (a test hook). */
    static long shared() {
        return SHARED.get();
    }

    /**
     * Runs {@code range} over {@code [0, n)}: on the calling thread alone when {@code pool} is
     * null, has one thread, or n is under two chunks; else in chunks shared with the pool.
     *
     * @param n     elements
     * @param range the pass; called with disjoint sub-ranges, from several threads at once
     * @param pool  the threads to share with, or null
     * @throws IllegalArgumentException when n is negative
     */
    public static void run(int n, Range range, ForkJoinPool pool) {
        Checks.nonNegative("n", n);
        if (pool == null || pool.getParallelism() < 2 || n < 2 * CHUNK) {
            range.run(0, n);
            return;
        }
        SHARED.incrementAndGet();
        PER_CALLER.get().share(n, range, pool);
    }

    private void share(int n, Range range, ForkJoinPool pool) {
        this.range = range;
        this.n = n;
        chunks = (n + CHUNK - 1) / CHUNK;
        failure = null;
        chunksDone.set(0);
        long call = (claim.get() >>> 32) + 1;
        claim.set(call << 32);                       // publish: helpers may claim from here on
        try {
            helpers.start(Math.min(pool.getParallelism(), chunks) - 1, pool);
            work(call);
            for (int idle = 0; chunksDone.get() < chunks; ) {
                idle = SpinWait.pause(idle);
            }
        } finally {
            claim.set(call << 32 | Integer.MAX_VALUE);  // closed: a late helper finds nothing
            this.range = null;
        }
        Throwable t = failure;
        if (t != null) {
            throw Failures.rethrow(t, "a chunk of a shared element-wise pass");
        }
    }

    /** Claims and runs chunks of call {@code call} until none are left. */
    private void work(long call) {
        while (true) {
            long cur = claim.get();
            int chunk = (int) cur;
            if (cur >>> 32 != call || chunk >= chunks) {
                return;
            }
            if (!claim.compareAndSet(cur, cur + 1)) {
                continue;
            }
            try {
                int from = chunk * CHUNK;
                range.run(from, Math.min(n, from + CHUNK));
            } catch (Throwable t) {
                failure = t;
            } finally {
                chunksDone.incrementAndGet();
            }
        }
    }
}
