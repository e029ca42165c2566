package org.simdnet.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Reusable ForkJoin tasks that each run one action (a shared GEMM's helper share): grown once,
 * then resubmitted without allocating. A task still queued from an earlier call is not submitted
 * again: when it runs, it helps whatever call is open then, or leaves.
 */
final class HelperTasks {

    private final Runnable share;
    private Task[] tasks = new Task[0];

    HelperTasks(Runnable share) {
        this.share = share;
    }

    /** Submits up to {@code wanted} tasks to {@code pool} (forked when the caller is one of its threads). */
    void start(int wanted, ForkJoinPool pool) {
        if (tasks.length < wanted) {
            Task[] grown = new Task[wanted];
            System.arraycopy(tasks, 0, grown, 0, tasks.length);
            tasks = grown;
        }
        boolean inPool = ForkJoinTask.getPool() == pool;
        for (int t = 0; t < wanted; t++) {
            Task task = tasks[t];
            if (task == null) {
                task = tasks[t] = new Task();
            } else if (!task.isDone()) {
                continue;   // still queued: it will help when it runs
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
            share.run();
        }
    }
}
