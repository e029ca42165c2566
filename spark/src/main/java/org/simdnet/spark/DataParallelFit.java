package org.simdnet.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.simdnet.DistributedTrainer;
import org.simdnet.GradientSums;
import org.simdnet.Model;
import org.simdnet.TrainingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Trains a model on a DataFrame with data parallelism: the rows are parsed and numbered once in
 * the input's order; each epoch they are laid out by their position in the epoch's order
 * ({@link ShardPartitioner}, one shuffle per epoch, none for full-batch runs after the first);
 * each step is one Spark job in which every partition sums the gradients of its shards of the
 * batch ({@link EpochShards}), and the driver combines them along the trainer's tree and applies
 * the optimizer ({@link DistributedTrainer}). The model is bit for bit what {@link Model#train}
 * leaves on the same rows in the same order, for any number of partitions.
 */
final class DataParallelFit {

    private static final Logger LOG = LoggerFactory.getLogger(DataParallelFit.class);

    private DataParallelFit() {
    }

    /** What a run did, for logs and benchmarks. */
    static final class Report {
        final long rows;
        final int partitions;
        final long steps;
        final double[] epochLoss;
        final double[] epochAccuracy;
        final double prepareMillis;
        final double trainMillis;
        final double medianStepMillis;

        Report(long rows, int partitions, long steps, double[] epochLoss, double[] epochAccuracy, double prepareMillis,
               double trainMillis, double medianStepMillis) {
            this.rows = rows;
            this.partitions = partitions;
            this.steps = steps;
            this.epochLoss = epochLoss;
            this.epochAccuracy = epochAccuracy;
            this.prepareMillis = prepareMillis;
            this.trainMillis = trainMillis;
            this.medianStepMillis = medianStepMillis;
        }

        @Override
        public String toString() {
            return String.format("%d rows in %d partitions, %d steps: preparing %.0f ms, training %.0f ms, "
                    + "median step %.2f ms, last epoch's loss %.5f", rows, partitions, steps, prepareMillis, trainMillis,
                    medianStepMillis, epochLoss[epochLoss.length - 1]);
        }
    }

    /** Trains {@code model} in place and reports the run. */
    static Report run(Dataset<?> data, FeatureColumns features, LabelColumn label, Model model, TrainingConfig config) {
        long t0 = System.nanoTime();
        Dataset<Row> df = data.toDF();
        features.bind(df.schema());
        label.bind(df.schema());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
        int inputs = model.inputs();
        int outputs = model.outputs();
        boolean classes = label.classes();
        JavaRDD<Example> examples = df.javaRDD().zipWithIndex().map(t -> parse(t._1(), t._2(), features, label,
                inputs, outputs, classes));
        examples.persist(StorageLevel.MEMORY_AND_DISK());
        long count = examples.count();
        if (count == 0) {
            examples.unpersist(false);
            throw new IllegalArgumentException("cannot train on an empty DataFrame");
        }
        if (count > Integer.MAX_VALUE - 8) {
            examples.unpersist(false);
            throw new IllegalArgumentException("the DataFrame has " + count + " rows; simdnet trains on at most "
                    + (Integer.MAX_VALUE - 8));
        }
        int rows = (int) count;
        int partitions = examples.getNumPartitions();
        Broadcast<byte[]> modelBytes = jsc.broadcast(model.toBytes());
        DistributedTrainer trainer = new DistributedTrainer(model, rows, config);
        double prepareMillis = (System.nanoTime() - t0) / 1e6;

        long t1 = System.nanoTime();
        double[] epochLoss = new double[trainer.epochs()];
        double[] epochAccuracy = new double[trainer.epochs()];
        long[] stepNanos = new long[trainer.epochs() * trainer.batches()];
        int steps = 0;
        JavaRDD<EpochShards> shards = null;
        boolean fullBatch = trainer.batches() == 1;
        try {
            for (int e = 0; e < trainer.epochs(); e++) {
                int[] order = trainer.startEpoch(e);
                if (shards == null || !fullBatch) {
                    JavaRDD<EpochShards> next = layOut(jsc, examples, order, partitions, trainer, inputs, outputs,
                            classes);
                    if (shards != null) {
                        shards.unpersist(false);
                    }
                    shards = next;
                }
                double lossSum = 0;
                double correctSum = 0;
                for (int b = 0; b < trainer.batches(); b++) {
                    long s0 = System.nanoTime();
                    Broadcast<float[]> parameters = jsc.broadcast(trainer.parameters());
                    int start = trainer.batchStart(b);
                    int batchRows = trainer.batchRows(b);
                    int shardRows = trainer.shardRows();
                    List<GradientSums> parts = new ArrayList<>(shards
                            .map(s -> s.sum(start, batchRows, shardRows, parameters.value(), modelBytes))
                            .filter(s -> s != null)
                            .collect());
                    parameters.destroy(false);
                    GradientSums batch = GradientSums.combine(parts);
                    double loss = trainer.step(batch);
                    lossSum += loss * batchRows;
                    correctSum += batch.correct();
                    stepNanos[steps++] = System.nanoTime() - s0;
                }
                epochLoss[e] = lossSum / rows;
                epochAccuracy[e] = model.classifies() ? correctSum / rows : Double.NaN;
                LOG.info("simdnet epoch {}/{}: loss {}, accuracy {}", e + 1, trainer.epochs(), epochLoss[e],
                        epochAccuracy[e]);
            }
        } finally {
            if (shards != null) {
                shards.unpersist(false);
            }
            examples.unpersist(false);
            modelBytes.destroy(false);
        }
        double trainMillis = (System.nanoTime() - t1) / 1e6;
        long[] sorted = Arrays.copyOf(stepNanos, steps);
        Arrays.sort(sorted);
        Report report = new Report(rows, partitions, steps, epochLoss, epochAccuracy, prepareMillis, trainMillis,
                sorted[steps / 2] / 1e6);
        LOG.info("simdnet trained: {}", report);
        return report;
    }

    /** The epoch's rows, each partition holding a run of shards of every batch, cached and materialized. */
    private static JavaRDD<EpochShards> layOut(JavaSparkContext jsc, JavaRDD<Example> examples, int[] order,
                                               int partitions, DistributedTrainer trainer, int inputs, int outputs,
                                               boolean classes) {
        int[] position = new int[order.length];
        for (int p = 0; p < order.length; p++) {
            position[order[p]] = p;
        }
        Broadcast<int[]> positions = jsc.broadcast(position);
        ShardPartitioner partitioner = new ShardPartitioner(partitions, order.length, trainer.batchRows(0),
                trainer.shardRows());
        JavaPairRDD<Integer, Example> keyed = examples.mapToPair(x -> new Tuple2<>(positions.value()[x.row], x));
        JavaRDD<EpochShards> laidOut = keyed.repartitionAndSortWithinPartitions(partitioner)
                .mapPartitions(it -> List.of(EpochShards.of(it, inputs, outputs, classes)).iterator());
        laidOut.persist(StorageLevel.MEMORY_AND_DISK());
        laidOut.count();
        positions.destroy(false);
        return laidOut;
    }

    private static Example parse(Row row, long index, FeatureColumns features, LabelColumn label, int inputs,
                                 int outputs, boolean classes) {
        String where = "row " + index + " (counted from 0 in the input's order)";
        float[] x = new float[inputs];
        features.read(row, x, 0, where);
        if (classes) {
            return new Example((int) index, x, label.label(row, where), null);
        }
        float[] t = new float[outputs];
        label.targets(row, t, 0, where);
        return new Example((int) index, x, 0, t);
    }
}
