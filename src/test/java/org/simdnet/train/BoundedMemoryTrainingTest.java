package org.simdnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.simdnet.layer.Dense;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.SoftmaxCrossEntropy;
import org.simdnet.nn.Mlp;
import org.simdnet.optim.OptimizerSpec;

/**
 * Full-batch training of a model of about a million parameters on so many shards that one
 * gradient row per shard would need several times the JVM's whole heap: the trainer's memory
 * must follow the model and the threads, not the rows. Surefire runs this class in a JVM of its
 * own with a small heap ({@code -Xmx192m}, see the pom), so that the shard count, computed from
 * {@link Runtime#maxMemory()}, stays small enough to train in a few seconds (most of them the
 * JIT's warm-up). One gradient row per shard, as the trainer once held, fails here with an
 * {@code OutOfMemoryError}.
 */
class BoundedMemoryTrainingTest {

    @Test
    void oneEpochOnThreeHeapsWorthOfShardGradients() {
        Mlp mlp = Mlp.initialise(2, List.of(new Dense(2, 1000), new ReLU(), new Dense(1000, 1000), new ReLU(),
                new Dense(1000, 3)), new SoftmaxCrossEntropy(), 1);
        long parameters = mlp.params().length;
        long heap = Runtime.getRuntime().maxMemory();
        int shardRows = 1;
        // one gradient row of 4 bytes per parameter and shard: three times the heap
        int shards = (int) Math.min(1 << 20, 3 * heap / (4 * parameters) + 1);
        int rows = shards * shardRows;
        assertTrue(4L * parameters * shards > 3 * heap, "the shard gradients would fill the heap three times over");
        SplittableRandom random = new SplittableRandom(5);
        float[] x = new float[rows * 2];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            x[2 * i] = (float) random.nextGaussian();
            x[2 * i + 1] = (float) random.nextGaussian();
            labels[i] = random.nextInt(3);
        }
        TrainConfig config = TrainConfig.defaults().withEpochs(1).withThreads(2).withShardRows(shardRows)
                .withOptimizer(OptimizerSpec.sgd(1e-2f, 0f, 0f));
        try (Trainer trainer = new Trainer(mlp, x, labels, rows, config)) {
            TrainResult result = trainer.train(ProgressListener.NONE);
            assertEquals(1, result.epochs());
            assertTrue(Double.isFinite(result.finalLoss()), "loss " + result.finalLoss());
        }
    }
}
