package org.simdnet.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * A step allocates nothing: the state is allocated when the optimizer is made. Measured with the
 * current thread's allocation counter over 1000 steps of each kind (and 1000 clippings), once the
 * JIT has compiled the kernels (interpreted Vector API code boxes every vector, so the warm-up is
 * repeated until the compiled code runs, a bounded number of times).
 */
class OptimizerAllocationTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void sgd() {
        assertNoAllocation(OptimizerSpec.sgd(0.01f, 0f, 1e-4f));
        assertNoAllocation(OptimizerSpec.sgd(0.01f, 0.9f, 0.1f, 1e-4f, false));
        assertNoAllocation(OptimizerSpec.sgd(0.01f, 0.9f, 0f, 1e-4f, true));
    }

    @Test
    void adam() {
        assertNoAllocation(OptimizerSpec.adam(1e-3f, 1e-4f));
    }

    @Test
    void adamW() {
        assertNoAllocation(OptimizerSpec.adamW(1e-3f));
    }

    /** A step shared with a two-thread pool: the caller and the pool's threads allocate nothing. */
    @Test
    void sharedSteps() throws Exception {
        int n = 2 * 65_536 + 13;                            // three chunks of the split
        SplittableRandom rnd = new SplittableRandom(73);
        float[] w = TorchReference.random(rnd, n);
        float[] g = TorchReference.random(rnd, n);
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(2);
        try {
            for (OptimizerSpec spec : new OptimizerSpec[] {OptimizerSpec.adam(1e-3f, 1e-4f),
                    OptimizerSpec.sgd(0.01f, 0.9f, 0.1f, 1e-4f, false)}) {
                Optimizer opt = spec.create(n);
                long[] workers = new long[0];
                long bytes = -1;
                for (int round = 0; round < 20 && bytes != 0; round++) {
                    for (int i = 0; i < 200; i++) {
                        opt.step(w, g, 1e-3f, pool);
                    }
                    workers = Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().startsWith("ForkJoinPool-")).mapToLong(Thread::getId).toArray();
                    long[] before = new long[workers.length];
                    for (int t = 0; t < workers.length; t++) {
                        before[t] = THREADS.getThreadAllocatedBytes(workers[t]);
                    }
                    long callerBefore = THREADS.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < 100; i++) {
                        opt.step(w, g, 1e-3f, pool);
                    }
                    bytes = THREADS.getCurrentThreadAllocatedBytes() - callerBefore;
                    for (int t = 0; t < workers.length; t++) {
                        long now = THREADS.getThreadAllocatedBytes(workers[t]);
                        bytes += now < 0 || before[t] < 0 ? 0 : now - before[t];
                    }
                }
                assertEquals(0, bytes, "bytes allocated by 100 shared steps of " + spec
                        + " (caller and " + workers.length + " pool threads)");
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void clipping() {
        float[] g = TorchReference.random(new SplittableRandom(71), 1003);
        GradientClipping clip = GradientClipping.byNorm(1f);
        long bytes = -1;
        for (int round = 0; round < 20 && bytes != 0; round++) {
            for (int i = 0; i < 2000; i++) {
                g[i % g.length] = 1f;          // keep the norm above 1, so every call scales
                clip.clip(g);
            }
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1000; i++) {
                g[i % g.length] = 1f;
                clip.clip(g);
            }
            bytes = THREADS.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, bytes, "bytes allocated by 1000 clippings");
    }

    private static void assertNoAllocation(OptimizerSpec spec) {
        int n = 1003;                                       // a vector body and a tail
        SplittableRandom rnd = new SplittableRandom(72);
        float[] w = TorchReference.random(rnd, n);
        float[] g = TorchReference.random(rnd, n);
        Optimizer opt = spec.create(n);
        long bytes = -1;
        for (int round = 0; round < 20 && bytes != 0; round++) {
            for (int i = 0; i < 2000; i++) {
                opt.step(w, g, 1e-3f);
            }
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1000; i++) {
                opt.step(w, g, 1e-3f);
            }
            bytes = THREADS.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, bytes, "bytes allocated by 1000 steps of " + spec);
    }
}
