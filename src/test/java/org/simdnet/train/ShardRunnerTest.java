package org.simdnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.Test;
import org.simdnet.kernel.Kernels;
import org.simdnet.layer.Activation;
import org.simdnet.layer.Dense;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.SoftmaxCrossEntropy;
import org.simdnet.layer.Tanh;
import org.simdnet.nn.Backprop;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Workspace;

/** The reduction tree of {@link ShardRunner}: its shape, its bits for any thread count, its memory. */
class ShardRunnerTest {

    private static final int ROWS = 203;

    private static Mlp model() {
        return Mlp.initialise(3, List.of(new Dense(3, 12), new Tanh(), new Dense(12, 4)), new SoftmaxCrossEntropy(), 7);
    }

    private static float[] features(int rows, int inputs) {
        SplittableRandom random = new SplittableRandom(3);
        float[] x = new float[rows * inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static int[] labels(int rows, int classes) {
        SplittableRandom random = new SplittableRandom(4);
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = random.nextInt(classes);
        }
        return y;
    }

    /** The pairwise tree over shards {@code [from, from + n)}, written the obvious recursive way. */
    private static float[] tree(float[][] shards, int from, int n) {
        if (n == 1) {
            return shards[from].clone();
        }
        int half = Integer.highestOneBit(n - 1);   // the left subtree is the largest power of two below n
        float[] left = tree(shards, from, half);
        float[] right = tree(shards, from + half, n - half);
        for (int i = 0; i < left.length; i++) {
            left[i] += right[i];
        }
        return left;
    }

    /** Every batch size from 1 to 20 shards, 1 to 5 threads: the gradient is the pairwise tree of the shards, bit for bit. */
    @Test
    void theBatchGradientIsThePairwiseTreeOfTheShardGradients() {
        Mlp mlp = model();
        int shardRows = 7;
        float[] x = features(ROWS, mlp.inputs());
        int[] y = labels(ROWS, mlp.outputs());
        for (int shards = 1; shards <= 20; shards++) {
            int rows = Math.min(ROWS, shards * shardRows - 3);   // a short last shard
            float[][] single = new float[shards][];
            for (int s = 0; s < shards; s++) {
                Workspace ws = new Workspace(mlp, shardRows);
                int from = s * shardRows;
                Backprop.shard(mlp, ws, x, y, null, null, from, Math.min(shardRows, rows - from), rows, null,
                        new double[1]);
                single[s] = ws.gradient().clone();
            }
            float[] expected = tree(single, 0, shards);
            for (int threads = 1; threads <= 5; threads++) {
                ForkJoinPool pool = threads == 1 ? null : new ForkJoinPool(threads);
                try {
                    ShardRunner runner = new ShardRunner(mlp, shardRows, ROWS, pool);
                    for (int repeat = 0; repeat < 3; repeat++) {     // buffers change hands between runs
                        runner.run(x, y, null, null, 0, rows, new double[1]);
                        assertArrayEquals(expected, runner.gradient(), shards + " shards, " + threads + " threads");
                    }
                } finally {
                    if (pool != null) {
                        pool.shutdown();
                    }
                }
            }
        }
    }

    @Test
    void aOneShardBatchHoldsOneWorkspaceAndTwoGradients() {
        ShardRunner runner = new ShardRunner(model(), 64, 64, null);
        assertEquals(1, runner.workspaces());
        assertEquals(2, runner.gradientBuffers(), "the one the shard writes into, and the one it changes places with");
    }

    /**
     * What the runner holds grows with the logarithm of the shard count, not with the shards: a
     * thousand shards and a billion take workspaces for the workers alone and a few dozen gradient
     * buffers (one per shard used to be the rule: a billion gradient rows).
     */
    @Test
    void memoryIsBoundedByTheModelAndTheThreadsNotTheRows() {
        Mlp mlp = model();
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            ShardRunner small = new ShardRunner(mlp, 1, 1_000, pool);
            ShardRunner huge = new ShardRunner(mlp, 1, 1 << 30, pool);
            assertEquals(2, small.workspaces());
            assertEquals(2, huge.workspaces());
            int workers = 2;
            int blockSlots = ShardRunner.BLOCKS_PER_WORKER * workers;
            // a worker holds log2(B) + 1 buffers; B = 2^30 / 16 = 2^26 shards per block
            assertEquals(blockSlots + workers * (26 + 1), huge.gradientBuffers());
            assertTrue(small.gradientBuffers() <= blockSlots + workers * (10 + 1), "" + small.gradientBuffers());
        } finally {
            pool.shutdown();
        }
        ShardRunner oneThread = new ShardRunner(mlp, 1, Integer.MAX_VALUE, null);
        assertEquals(1, oneThread.workspaces());
        assertTrue(oneThread.gradientBuffers() <= ShardRunner.BLOCKS_PER_WORKER + 31, "" + oneThread.gradientBuffers());
    }

    @Test
    void blocksAreTheSmallestPowerOfTwoThatFits() {
        assertEquals(1, ShardRunner.blockShards(1, 1));
        assertEquals(1, ShardRunner.blockShards(16, 16));
        assertEquals(2, ShardRunner.blockShards(17, 16));
        assertEquals(1 << 26, ShardRunner.blockShards(1 << 30, 16));
        assertEquals(1 << 27, ShardRunner.blockShards(Integer.MAX_VALUE, 16));
    }

    /** A shard that throws an Error: the Error itself reaches the caller; so does a RuntimeException. */
    @Test
    void aShardsErrorIsRethrownAsItself() {
        for (Throwable thrown : new Throwable[] {new OutOfMemoryError("shard"), new ArithmeticException("shard")}) {
            Mlp mlp = Mlp.initialise(2, List.of(new Dense(2, 8), new Failing(thrown), new Dense(8, 3)),
                    new SoftmaxCrossEntropy(), 1);
            float[] x = features(64, 2);
            int[] y = labels(64, 3);
            for (int threads : new int[] {1, 2}) {
                ForkJoinPool pool = threads == 1 ? null : new ForkJoinPool(threads);
                try {
                    ShardRunner runner = new ShardRunner(mlp, 4, 64, pool);
                    Throwable caught = null;
                    try {
                        runner.run(x, y, null, null, 0, 64, new double[1]);
                    } catch (Throwable t) {
                        caught = t;
                    }
                    assertSame(thrown, caught, threads + " threads");
                    // and the runner is whole again: the next batch runs (the layer fails once per instance)
                    ((Failing) mlp.layer(1)).armed = false;
                    runner.run(x, y, null, null, 0, 64, new double[1]);
                    ((Failing) mlp.layer(1)).armed = true;
                } finally {
                    if (pool != null) {
                        pool.shutdown();
                    }
                }
            }
        }
    }

    /** A ReLU whose forward throws a given exception while armed. */
    private static final class Failing extends Activation {
        private final Throwable thrown;
        volatile boolean armed = true;

        Failing(Throwable thrown) {
            super(ReLU.KIND, "Failing", false, true);
            this.thrown = thrown;
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

        @Override
        public void forward(int n, float[] x, int xOff, float[] y, int yOff) {
            if (armed) {
                if (thrown instanceof Error) {
                    throw (Error) thrown;
                }
                throw (RuntimeException) thrown;
            }
            Kernels.ROWS.relu(n, x, xOff, y, yOff);
        }
    }
}
