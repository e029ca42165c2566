package org.simdnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.simdnet.Model;
import org.simdnet.TrainingConfig;
import org.simdnet.TrainingListener;
import org.simdnet.optim.OptimizerSpec;

/**
 * Data-parallel training in local[2]: the model's bytes are the single-machine trainer's for 1, 2
 * and 3 partitions of the same rows in the same order, and bad rows fail the job saying where.
 */
class DataParallelFitTest {

    private static final int ROWS = 1000;
    private static SparkSession spark;
    private static float[] x;
    private static int[] labels;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("simdnet-fit-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        Random r = new Random(11);
        x = new float[ROWS * 2];
        labels = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            int arm = r.nextInt(3);
            float t = r.nextFloat();
            float angle = (float) (arm * 4 + t * 4 + r.nextGaussian() * 0.2);
            x[2 * i] = (float) (t * Math.sin(angle));
            x[2 * i + 1] = (float) (t * Math.cos(angle));
            labels[i] = arm;
        }
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** The rows in order, cut into {@code partitions} partitions without reordering them. */
    private static Dataset<Row> data(int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(RowFactory.create(Vectors.dense(x[2 * i], x[2 * i + 1]), (double) labels[i]));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
                .add("label", DataTypes.DoubleType);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(rows, partitions), schema);
    }

    @Test
    void theModelIsTheSingleMachineTrainersBitForBitForOneTwoAndThreePartitions() {
        Model layered = Model.builder(2).dense(12).tanh().dense(9).gelu().dense(3).build(5);
        Model fused = Model.builder(2).dense(16).relu().dense(3).build(5);
        TrainingConfig minibatch = TrainingConfig.defaults().withEpochs(2).withBatchSize(128).withShardRows(16)
                .withSeed(3).withOptimizer(OptimizerSpec.adam(1e-2f)).withClipNorm(2f);
        TrainingConfig fullBatch = TrainingConfig.defaults().withEpochs(3).withBatchSize(0).withShardRows(64)
                .withOptimizer(OptimizerSpec.sgd(0.1f, 0.9f, 0f));
        for (Model template : new Model[] {layered, fused}) {
            for (TrainingConfig config : new TrainingConfig[] {minibatch, fullBatch}) {
                Model expected = template.copy();
                expected.train(x, labels, ROWS, config, TrainingListener.NONE);
                for (int partitions = 1; partitions <= 3; partitions++) {
                    Model trained = template.copy();
                    DataParallelFit.run(data(partitions), FeatureColumns.vector("features", 2),
                            new LabelColumn("label", true, 3), trained, config);
                    assertArrayEquals(expected.toBytes(), trained.toBytes(), template + ", " + partitions
                            + " partitions");
                }
            }
        }
    }

    @Test
    void aLabelThatIsNotAClassFailsTheJobNamingTheColumnAndTheRow() {
        Dataset<Row> bad = data(2).withColumn("label", org.apache.spark.sql.functions.expr(
                "CASE WHEN features IS NOT NULL AND label = 2 THEN 7.0 ELSE label END"));
        Model model = Model.builder(2).dense(4).relu().dense(3).build(1);
        SparkException e = assertThrows(SparkException.class, () -> DataParallelFit.run(bad,
                FeatureColumns.vector("features", 2), new LabelColumn("label", true, 3), model,
                TrainingConfig.defaults().withEpochs(1)));
        assertTrue(e.getMessage().contains("labelCol 'label' holds 7.0 in row "), e.getMessage());
        assertTrue(e.getMessage().contains("the model has 3 classes"), e.getMessage());
    }
}
