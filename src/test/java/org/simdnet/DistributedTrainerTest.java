package org.simdnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.simdnet.optim.LearningRateSchedule;
import org.simdnet.optim.OptimizerSpec;

/**
 * Data-parallel training as a cluster runs it, simulated in one JVM: each batch's shards are cut
 * into runs (as partitions would hold them), each run summed by its own {@link ShardWorker}, the
 * sums combined by {@link GradientSums#combine} and applied by {@link DistributedTrainer}. The
 * model must be the bytes {@link Model#train} writes, for any number of runs and any cut.
 */
class DistributedTrainerTest {

    private static final int ROWS = 203;

    @Test
    void classifiersOnTheLayerPathAndTheFusedPathTrainToTheSameBits() {
        SplittableRandom r = new SplittableRandom(7);
        float[] x = random(r, ROWS * 4);
        int[] labels = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = r.nextInt(3);
        }
        Model layered = Model.builder(4).dense(10).tanh().dense(7).gelu().dense(3).build(3);
        Model fused = Model.builder(4).dense(16).relu().dense(3).build(3);
        TrainingConfig minibatch = TrainingConfig.defaults().withEpochs(3).withBatchSize(40).withShardRows(7)
                .withSeed(11).withOptimizer(OptimizerSpec.sgd(0.05f, 0.9f, 1e-4f))
                .withSchedule(LearningRateSchedule.step(1, 0.5)).withClipNorm(1f);
        TrainingConfig fullBatch = TrainingConfig.defaults().withEpochs(4).withBatchSize(0).withShardRows(13)
                .withOptimizer(OptimizerSpec.adamW(1e-2f));
        for (Model template : new Model[] {layered, fused}) {
            for (TrainingConfig config : new TrainingConfig[] {minibatch, fullBatch}) {
                Model expected = template.copy();
                expected.train(x, labels, ROWS, config, TrainingListener.NONE);
                for (int runs = 1; runs <= 3; runs++) {
                    Model distributed = trainDistributed(template.copy(), x, labels, null, config, runs, r);
                    assertArrayEquals(expected.toBytes(), distributed.toBytes(), template + ", " + runs + " runs");
                }
            }
        }
    }

    @Test
    void regressionAndMultiLabelHeadsAndStandardizedInputsTrainToTheSameBits() {
        SplittableRandom r = new SplittableRandom(8);
        float[] x = random(r, ROWS * 3);
        float[] values = random(r, ROWS * 2);
        float[] bits = new float[ROWS * 2];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = r.nextBoolean() ? 1 : 0;
        }
        TrainingConfig config = TrainingConfig.defaults().withEpochs(2).withBatchSize(64).withShardRows(5)
                .withOptimizer(OptimizerSpec.adam(1e-2f)).withThreads(2);
        Model regression = Model.builder(3).dense(8).leakyRelu(0.1f).dense(2).meanSquaredError().build(5);
        Model multiLabel = Model.builder(3).dense(8).sigmoid().dense(2).sigmoidCrossEntropy().build(5);
        Model standardized = Model.builder(3).dense(8).relu().dense(2).meanSquaredError().build(5)
                .standardizeInputs(Table.ofTargets(x, new float[ROWS], List.of("a", "b", "c")));
        float[][] targets = {values, bits, values};
        Model[] models = {regression, multiLabel, standardized};
        for (int m = 0; m < models.length; m++) {
            Model expected = models[m].copy();
            expected.train(x, targets[m], ROWS, config, TrainingListener.NONE);
            for (int runs = 1; runs <= 3; runs++) {
                Model distributed = trainDistributed(models[m].copy(), x, null, targets[m], config, runs, r);
                assertArrayEquals(expected.toBytes(), distributed.toBytes(), models[m] + ", " + runs + " runs");
            }
        }
    }

    @Test
    void sumsThatOverlapOrLeaveAShardOutAreRefused() {
        Model model = Model.builder(2).dense(3).build(1);
        ShardWorker worker = new ShardWorker(model, 2);
        worker.setParameters(model.parameters());
        float[] x = new float[20];
        int[] labels = new int[10];
        GradientSums first = worker.sumShards(x, labels, null, 0, 0, 3, 10);
        GradientSums last = worker.sumShards(x, labels, null, 4, 2, 5, 10);
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
                () -> GradientSums.combine(List.of(first, last)));
        assertTrue(overlap.getMessage().contains("overlap at shard 2"), overlap.getMessage());
        GradientSums head = worker.sumShards(x, labels, null, 0, 0, 2, 10);
        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class,
                () -> GradientSums.combine(List.of(head)));
        assertTrue(gap.getMessage().contains("leave shard 2 of 5 out"), gap.getMessage());
        IllegalStateException partial = assertThrows(IllegalStateException.class, head::gradient);
        assertTrue(partial.getMessage().contains("combine them first"), partial.getMessage());
    }

    @Test
    void aRunIsSummedAsTheLargestAlignedSubtreesItHolds() {
        // Shards 1..6 of 7: {1}, {2,3}, {4,5,6} (the last cut at the batch's end).
        assertEquals(1, ShardWorker.span(1, 7, 7));
        assertEquals(2, ShardWorker.span(2, 7, 7));
        assertEquals(3, ShardWorker.span(4, 7, 7));
        assertEquals(7, ShardWorker.span(0, 7, 7));
        assertEquals(4, ShardWorker.span(0, 6, 7));
    }

    /** Trains as a cluster would, each batch's shards cut into {@code runs} runs at random points. */
    static Model trainDistributed(Model model, float[] x, int[] labels, float[] targets, TrainingConfig config,
                                  int runs, SplittableRandom cuts) {
        int rows = ROWS;
        int in = model.inputs();
        int out = model.outputs();
        DistributedTrainer driver = new DistributedTrainer(model, rows, config);
        List<ShardWorker> workers = new ArrayList<>();
        for (int w = 0; w < runs; w++) {
            workers.add(new ShardWorker(model, driver.shardRows()));
        }
        for (int e = 0; e < driver.epochs(); e++) {
            int[] order = driver.startEpoch(e);
            // The epoch's rows in its order, as the cluster's partitions would hold them.
            float[] ox = new float[rows * in];
            int[] ol = labels == null ? null : new int[rows];
            float[] ot = targets == null ? null : new float[rows * out];
            for (int p = 0; p < rows; p++) {
                System.arraycopy(x, order[p] * in, ox, p * in, in);
                if (ol != null) {
                    ol[p] = labels[order[p]];
                } else {
                    System.arraycopy(targets, order[p] * out, ot, p * out, out);
                }
            }
            for (int b = 0; b < driver.batches(); b++) {
                int shards = driver.shards(b);
                int[] bounds = cuts(shards, Math.min(runs, shards), cuts);
                float[] params = driver.parameters();
                List<GradientSums> parts = new ArrayList<>();
                for (int w = 0; w + 1 < bounds.length; w++) {
                    ShardWorker worker = workers.get(w);
                    worker.setParameters(params);
                    int firstRow = driver.batchStart(b) + bounds[w] * driver.shardRows();
                    parts.add(worker.sumShards(ox, ol, ot, firstRow, bounds[w], bounds[w + 1], driver.batchRows(b)));
                }
                java.util.Collections.shuffle(parts, new java.util.Random(cuts.nextLong()));
                driver.step(GradientSums.combine(parts));
            }
        }
        return model;
    }

    /** {@code 0 = c0 < c1 < ... < c_runs = shards}, the inner cuts at random. */
    private static int[] cuts(int shards, int runs, SplittableRandom r) {
        java.util.TreeSet<Integer> inner = new java.util.TreeSet<>();
        while (inner.size() < runs - 1) {
            inner.add(1 + r.nextInt(shards - 1));
        }
        int[] bounds = new int[runs + 1];
        int i = 1;
        for (int c : inner) {
            bounds[i++] = c;
        }
        bounds[runs] = shards;
        return bounds;
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
