package org.simdnet.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reusable ForkJoin tasks that each run one action (a shared GEMM's helper share): grown once,
 * then resubmitted without allocating. A task still queued from an earlier call is not submitted
 * again: when it runs, it helps whatever call is open then, or leaves.
 *
 * <p>After its share a task lingers, spinning, for up to {@link #LINGER_NANOS} in case the same
 * caller opens another call (a layer's products come in runs), and helps it at once: waking a
 * parked pool worker cost ~5 µs a call on a Zen 3 pair (n = 128 on two threads: 41 µs woken,
 * 36.7 lingering; n = 96: 23.9 and 18.7). BLAS libraries' threads do the same
 * (OpenBLAS spins for ~2^28 cycles by default, OpenMP runtimes for ~200 ms); this linger is
 * far shorter, and it ends early when the pool has other tasks waiting, so a pool shared
 * with the application's own tasks loses at most a few microseconds of a worker.
 */
final class HelperTasks {

    /** How long a task waits, spinning, for its caller's next call before it returns its thread. */
    static final long LINGER_NANOS = 100_000L;

    /** Calls joined by a lingering task, ever; tests read it to prove the linger works. */
    private static final AtomicLong LINGER_JOINS = new AtomicLong();

    private final Runnable share;
    private Task[] tasks = new Task[0];
    /** Calls opened by the caller so far; a lingering task joins the next one. Written by the caller only. */
    private volatile int opened;

    HelperTasks(Runnable share) {
        this.share = share;
    }

    /** How many calls a lingering task joined in this JVM (a test hook). */
    static long lingerJoins() {
        return LINGER_JOINS.get();
    }

    /** Submits up to {@code wanted} tasks to {@code pool} (forked when the caller is one of its threads). */
    void start(int wanted, ForkJoinPool pool) {
        if (tasks.length < wanted) {
            Task[] grown = new Task[wanted];
            System.arraycopy(tasks, 0, grown, 0, tasks.length);
            tasks = grown;
        }
        opened++;
        boolean inPool = ForkJoinTask.getPool() == pool;
        for (int t = 0; t < wanted; t++) {
            Task task = tasks[t];
            if (task == null) {
                task = tasks[t] = new Task();
            } else if (!task.isDone()) {
                continue;   // still queued or lingering: it will help this call
            } else {
                task.reinitialize();
            }
            if (inPool) {
                task.fork();
            } else {
                pool.execute(task);
            }
        }
    }

    private final class Task extends RecursiveAction {
        private static final long serialVersionUID = 1L;

        @Override
        protected void compute() {
            int seen;
            do {
                seen = opened;
                share.run();
            } while (nextCallOpened(seen));
        }

        /** Spins until the caller opens a call after {@code seen} (true) or the linger ends (false). */
        private boolean nextCallOpened(int seen) {
            ForkJoinPool pool = getPool();
            long start = System.nanoTime();
            for (int spins = 0; opened == seen; spins++) {
                if ((spins & 63) == 63 && (System.nanoTime() - start > LINGER_NANOS
                        || pool != null && (pool.hasQueuedSubmissions() || pool.getQueuedTaskCount() > 0))) {
                    return false;
                }
                Thread.onSpinWait();
            }
            LINGER_JOINS.incrementAndGet();
            return true;
        }
    }
}
