package org.simdnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinWorkerThread;

import org.junit.jupiter.api.Test;
import org.simdnet.data.Dataset;
import org.simdnet.data.Spiral;
import org.simdnet.kernel.Kernels;
import org.simdnet.layer.Activation;
import org.simdnet.layer.Dense;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.SoftmaxCrossEntropy;
import org.simdnet.nn.Mlp;

/**
 * Waiting threads park instead of burning the host's CPUs: the caller while a helper runs a long
 * shard, and the pool's helpers once training is over. Measured as thread CPU time, which a
 * parked thread does not accumulate however loaded the machine is (no wall-clock asserts).
 */
class WaitsTest {

    private static final ThreadMXBean BEAN = ManagementFactory.getThreadMXBean();

    /**
     * Two shards on two threads; the pool thread's shard sleeps 300 ms, the caller's 20 ms (long
     * enough for the helper to start and claim the other shard). The caller then waits ~280 ms;
     * it used to nap 20 µs at a time (thousands of wake-ups, tens of ms of CPU), now it parks.
     */
    @Test
    void theCallerParksWhileAHelperRunsALongShard() {
        assumeTrue(BEAN.isCurrentThreadCpuTimeSupported(), "thread CPU time");
        Mlp mlp = Mlp.initialise(2, List.of(new Dense(2, 8), new Sleepy(), new Dense(8, 3)), new SoftmaxCrossEntropy(), 1);
        int rows = 64;
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[rows * 2];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            x[2 * i] = (float) random.nextGaussian();
            x[2 * i + 1] = (float) random.nextGaussian();
            labels[i] = random.nextInt(3);
        }
        TrainConfig config = TrainConfig.defaults().withThreads(2).withShardRows(rows / 2);
        try (Trainer trainer = new Trainer(mlp, x, labels, rows, config)) {
            Sleepy.enabled = false;
            for (int i = 0; i < 200; i++) {        // warm-up: cold kernels would count their own CPU
                trainer.step(0, rows);
            }
            Sleepy.enabled = true;
            for (int attempt = 0; attempt < 5; attempt++) {
                Sleepy.helperSlept = false;
                Sleepy.callerSlept = false;
                long before = BEAN.getCurrentThreadCpuTime();
                trainer.step(0, rows);
                long cpu = BEAN.getCurrentThreadCpuTime() - before;
                if (Sleepy.helperSlept && Sleepy.callerSlept) {   // the split happened: the caller waited
                    assertTrue(cpu < 15_000_000L, "the caller used " + cpu / 1e6 + " ms of CPU waiting ~280 ms");
                    return;
                }
            }
            assumeTrue(false, "the helper never took a shard (an overloaded machine): nothing to measure");
        }
    }

    /** After training the pool's threads are parked: no CPU time over the next 200 ms. */
    @Test
    void afterTrainingThePoolThreadsAreIdle() throws InterruptedException {
        assumeTrue(BEAN.isThreadCpuTimeSupported(), "thread CPU time");
        Dataset data = Spiral.generate(3, 1000, 0.2, 1);
        Mlp mlp = Mlp.initialise(new int[] {2, 100, 3}, new ReLU(), 1);
        try (Trainer trainer = new Trainer(mlp, data.x(), data.labels(), data.size(),
                TrainConfig.defaults().withEpochs(100).withThreads(2))) {
            trainer.train(ProgressListener.NONE);
            List<Thread> pool = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("simdnet-train-") && t instanceof ForkJoinWorkerThread && t.isAlive()) {
                    pool.add(t);
                }
            }
            assertFalse(pool.isEmpty(), "the trainer's pool threads are named simdnet-train-*");
            Thread.sleep(5);          // a helper spins or yields at most 1 ms, then parks (at most 10 ms)
            long[] before = new long[pool.size()];
            for (int i = 0; i < pool.size(); i++) {
                before[i] = BEAN.getThreadCpuTime(pool.get(i).getId());
            }
            Thread.sleep(200);
            long cpu = 0;
            for (int i = 0; i < pool.size(); i++) {
                long now = BEAN.getThreadCpuTime(pool.get(i).getId());
                cpu += now < 0 || before[i] < 0 ? 0 : now - before[i];
                Thread.State state = pool.get(i).getState();
                assertTrue(state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                        || state == Thread.State.TERMINATED, pool.get(i).getName() + " is " + state);
            }
            assertTrue(cpu < 5_000_000L, "pool threads used " + cpu / 1e6 + " ms of CPU in 200 ms after training");
        }
    }

    /** ReLU that sleeps in its forward pass: 300 ms on a pool thread, 20 ms on any other. */
    private static final class Sleepy extends Activation {
        static volatile boolean enabled;
        static volatile boolean helperSlept;
        static volatile boolean callerSlept;

        Sleepy() {
            super(ReLU.KIND, "Sleepy", false, true);
        }

        @Override
        public void forward(int n, float[] x, int xOff, float[] y, int yOff) {
            boolean helper = Thread.currentThread() instanceof ForkJoinWorkerThread;
            if (!enabled) {
                Kernels.ROWS.relu(n, x, xOff, y, yOff);
                return;
            }
            try {
                Thread.sleep(helper ? 300 : 20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (helper) {
                helperSlept = true;
            } else {
                callerSlept = true;
            }
            Kernels.ROWS.relu(n, x, xOff, y, yOff);
        }

        @Override
        public double apply(double x) {
            return x > 0 ? x : 0;
        }

        @Override
        public void backward(int n, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
                             int dxOff) {
            Kernels.ROWS.reluBackward(n, y, yOff, dy, dyOff, dx, dxOff);
        }
    }
}
