package org.simdnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.simdnet.data.Dataset;
import org.simdnet.data.Spiral;
import org.simdnet.layer.Activation;
import org.simdnet.layer.Dense;
import org.simdnet.layer.GELU;
import org.simdnet.layer.LeakyReLU;
import org.simdnet.layer.MeanSquaredError;
import org.simdnet.layer.Sigmoid;
import org.simdnet.layer.SigmoidCrossEntropy;
import org.simdnet.layer.SoftmaxCrossEntropy;
import org.simdnet.layer.Identity;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.Tanh;
import org.simdnet.nn.Mlp;
import org.simdnet.optim.LearningRateSchedule;
import org.simdnet.optim.OptimizerSpec;

class TrainerTest {

    private static final Dataset SPIRAL = Spiral.generate(3, 1000, 0.2, 12345);

    private static TrainResult train(Mlp mlp, Dataset data, TrainConfig config) {
        try (Trainer trainer = new Trainer(mlp, data.x(), data.labels(), data.size(), config)) {
            return trainer.train(ProgressListener.NONE);
        }
    }

    @Test
    void defaultRunReachesTheLecturesAccuracy() {
        Mlp mlp = Mlp.initialise(new int[] {2, 100, 3}, new ReLU(), Seeds.of(12345).model());
        TrainResult result = train(mlp, SPIRAL, TrainConfig.defaults());
        assertTrue(result.finalAccuracy() >= 0.94, "accuracy " + result.finalAccuracy());
        assertTrue(result.epochLoss()[999] < result.epochLoss()[0], "loss falls");
        assertEquals(1000, result.epochs());
    }

    @Test
    void linearModelWithSgdLandsNearOneHalf() {
        Mlp mlp = Mlp.initialise(new int[] {2, 100, 3}, new Identity(), Seeds.of(12345).model());
        TrainResult result = train(mlp, SPIRAL,
                TrainConfig.defaults().withOptimizer(OptimizerSpec.sgd(1e-3f, 0f, 1e-5f)));
        assertTrue(result.finalAccuracy() > 0.40 && result.finalAccuracy() < 0.60,
                "linear accuracy " + result.finalAccuracy());
    }

    /**
     * Mini-batches of 7 shards and full batches of 38 (cut into blocks of 8, 4, 2 and 1 shards by
     * 1, 2, 3 and 16 threads): the same bits.
     */
    @Test
    void parametersAreBitIdenticalForAnyThreadCount() {
        Dataset data = Spiral.generate(3, 200, 0.2, 5);
        for (int batch : new int[] {100, 0}) {
            float[] reference = null;
            for (int threads : new int[] {1, 2, 3, 16}) {
                Mlp mlp = Mlp.initialise(new int[] {2, 32, 16, 3}, new Tanh(), 9);
                TrainConfig config = TrainConfig.defaults().withEpochs(15).withBatchSize(batch).withShardRows(16)
                        .withThreads(threads).withOptimizer(OptimizerSpec.sgd(0.05f, 0.9f, 1e-4f));
                train(mlp, data, config);
                if (reference == null) {
                    reference = mlp.params().clone();
                } else {
                    assertArrayEquals(reference, mlp.params(), "batch " + batch + ", threads=" + threads);
                }
            }
        }
    }

    /** The same guarantee for every layer kind, head, optimizer, schedule and clipping. */
    @Test
    void everyHeadOptimizerAndScheduleIsBitIdenticalForAnyThreadCount() {
        Dataset data = Spiral.generate(3, 200, 0.2, 5);
        float[] values = new float[data.size() * 2];
        float[] binary = new float[data.size() * 2];
        for (int i = 0; i < data.size(); i++) {
            values[2 * i] = data.labels()[i] == 0 ? 1 : 0;
            values[2 * i + 1] = data.x(i, 0) * data.x(i, 1);
            binary[2 * i] = data.labels()[i] == 1 ? 1 : 0;
            binary[2 * i + 1] = data.x(i, 0) > 0 ? 1 : 0;
        }
        java.util.List<java.util.function.Supplier<Mlp>> models = java.util.List.of(
                () -> Mlp.initialise(2, java.util.List.of(new Dense(2, 24), new GELU(), new Dense(24, 16),
                        new LeakyReLU(0.1f), new Dense(16, 2)), new MeanSquaredError(), 4),
                () -> Mlp.initialise(2, java.util.List.of(new Dense(2, 24), new Sigmoid(), new Dense(24, 2)),
                        new SigmoidCrossEntropy(), 4),
                () -> Mlp.initialise(2, java.util.List.of(new Dense(2, 24), new ReLU(), new Tanh(), new Dense(24, 3)),
                        new SoftmaxCrossEntropy(), 4));
        OptimizerSpec[] optimizers = {OptimizerSpec.adamW(1e-2f, 1e-2f),
            OptimizerSpec.sgd(0.05f, 0.9f, 0f, 1e-4f, true), OptimizerSpec.adam(1e-2f, 1e-5f)};
        for (int m = 0; m < models.size(); m++) {
            float[] reference = null;
            for (int threads : new int[] {1, 2, 3}) {
                Mlp mlp = models.get(m).get();
                TrainConfig config = TrainConfig.defaults().withEpochs(8).withBatchSize(150).withShardRows(32)
                        .withThreads(threads).withOptimizer(optimizers[m]).withClipNorm(0.5f)
                        .withSchedule(LearningRateSchedule.linearWarmup(3).times(LearningRateSchedule.cosine(8, 0.1)));
                try (Trainer trainer = mlp.head().usesLabels()
                        ? new Trainer(mlp, data.x(), data.labels(), data.size(), config)
                        : new Trainer(mlp, data.x(), mlp.head() instanceof MeanSquaredError ? values : binary,
                                data.size(), config)) {
                    trainer.train(ProgressListener.NONE);
                }
                if (reference == null) {
                    reference = mlp.params().clone();
                } else {
                    assertArrayEquals(reference, mlp.params(), "model " + m + ", threads=" + threads);
                }
            }
        }
    }

    @Test
    void divergenceNamesTheEpochAndSuggestsALowerRate() {
        Mlp mlp = Mlp.initialise(new int[] {2, 16, 3}, new ReLU(), 1);
        DivergenceException e = assertThrows(DivergenceException.class, () -> train(mlp, SPIRAL,
                TrainConfig.defaults().withEpochs(50).withOptimizer(OptimizerSpec.sgd(1e38f, 0f, 0f))));
        assertTrue(e.getMessage().contains("epoch") && e.getMessage().contains("lower learning rate"), e.getMessage());
    }

    @Test
    void dataThatDoesNotFitTheModelIsRejected() {
        Mlp mlp = Mlp.initialise(new int[] {2, 8, 3}, new ReLU(), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(mlp, new float[10], new int[5], 6, TrainConfig.defaults()));
        assertTrue(e.getMessage().contains("6×2"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(mlp, new float[4], new int[] {0, 3}, 2, TrainConfig.defaults()));
        assertTrue(bad.getMessage().contains("label 3 of row 1"), bad.getMessage());
    }

    @Test
    void shardsTooLargeForTheModelAreRejectedWithTheLimit() {
        Mlp wide = Mlp.initialise(new int[] {2, 65536, 2, 3}, new ReLU(), 1);
        int rows = 40_000;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(wide,
                new float[2 * rows], new int[rows], rows, TrainConfig.defaults().withShardRows(32768)));
        assertTrue(e.getMessage().contains("shards of 32768 rows") && e.getMessage().contains("at most 32767 rows"),
                e.getMessage());
        assertEquals(32767, Trainer.maxShardRows(wide));
    }

    @Test
    void autoShardSizeDependsOnTheModelOnly() {
        Mlp small = Mlp.initialise(new int[] {2, 100, 3}, new ReLU(), 1);
        Mlp wide = Mlp.initialise(new int[] {2, 1024, 1024, 3}, new ReLU(), 1);
        Mlp deepNarrow = Mlp.initialise(new int[] {2, 16, 16, 3}, new ReLU(), 1);
        // 256 KiB / (4 B × (2 + 16 + 16 + 3 + 2·16) floats per row) = 949 rows, rounded down to 944
        assertEquals(944, Trainer.autoShardRows(deepNarrow));
        // 2 → 100 → 3 off the fused path would get 208 rows from the same rule: the floor wins
        assertEquals(org.simdnet.nn.FusedPath.applies(small) ? Trainer.FUSED_SHARD_ROWS : Trainer.MIN_AUTO_SHARD_ROWS,
                Trainer.autoShardRows(small));
        assertEquals(Trainer.MIN_AUTO_SHARD_ROWS, Trainer.autoShardRows(wide));
    }
}
