package org.simdnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnet.Model;
import org.simdnet.TrainingListener;

/**
 * The training Estimator in local[2]: the model's bytes are the single-machine trainer's for 1, 2
 * and 3 partitions of the same rows in the same order; bad input fails naming the column and the
 * row; the estimator and what it fits save and load.
 */
class SimdnetEstimatorTest {

    private static final int ROWS = 1000;
    private static SparkSession spark;
    private static float[] x;
    private static int[] labels;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
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

    /** The rows in order, cut into {@code partitions} partitions without reordering them. */
    private static Dataset<Row> data(int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(RowFactory.create(Vectors.dense(x[2 * i], x[2 * i + 1]), (double) labels[i], (double) x[2 * i],
                    x[2 * i + 1]));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
                .add("label", DataTypes.DoubleType).add("a", DataTypes.DoubleType).add("b", DataTypes.FloatType);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(rows, partitions), schema);
    }

    private static Model trainedAlone(Model template, SimdnetEstimator estimator) {
        Model expected = template.copy();
        expected.train(x, labels, ROWS, estimator.trainingConfig(), TrainingListener.NONE);
        return expected;
    }

    @Test
    void theModelIsTheSingleMachineTrainersBitForBitForOneTwoAndThreePartitions() {
        Model layered = Model.builder(2).dense(12).tanh().dense(9).gelu().dense(3).build(5);
        Model fused = Model.builder(2).dense(16).relu().dense(3).build(5);
        SimdnetEstimator minibatch = new SimdnetEstimator().setEpochs(2).setBatchSize(128).setShardRows(16).setSeed(3)
                .setStepSize(1e-2).setClipNorm(2);
        SimdnetEstimator fullBatch = new SimdnetEstimator().setEpochs(3).setBatchSize(0).setShardRows(64)
                .setOptimizer("sgd").setStepSize(0.1).setMomentum(0.9);
        for (Model template : new Model[] {layered, fused}) {
            for (SimdnetEstimator estimator : new SimdnetEstimator[] {minibatch, fullBatch}) {
                byte[] expected = trainedAlone(template, estimator).toBytes();
                for (int partitions = 1; partitions <= 3; partitions++) {
                    SimdnetModelTransformer fitted = estimator.setModel(template).fit(data(partitions));
                    assertArrayEquals(expected, fitted.model().toBytes(), template + ", " + partitions + " partitions");
                    assertEquals(estimator, fitted.parent());
                }
            }
        }
    }

    @Test
    void aRegressionModelTrainsOnNumericColumnsAndItsTargets() {
        // Predict a from b: one output, mean squared error, the features as numeric columns.
        Model template = Model.builder(1).dense(8).tanh().dense(1).meanSquaredError().build(2);
        SimdnetEstimator estimator = new SimdnetEstimator().setModel(template).setInputCols("b").setLabelCol("a")
                .setEpochs(2).setBatchSize(100).setShardRows(8).setOptimizer("adamw").setStepSize(1e-2);
        float[] b = new float[ROWS];
        float[] a = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            b[i] = x[2 * i + 1];
            a[i] = x[2 * i];
        }
        Model expected = template.copy();
        expected.train(b, a, ROWS, estimator.trainingConfig(), TrainingListener.NONE);
        SimdnetModelTransformer fitted = estimator.fit(data(2));
        assertArrayEquals(expected.toBytes(), fitted.model().toBytes());
        assertEquals(ROWS, fitted.transform(data(2)).count());
    }

    @Test
    void badInputFailsNamingTheColumnOrTheRow() {
        Model model = Model.builder(2).dense(4).relu().dense(3).build(1);
        SimdnetEstimator estimator = new SimdnetEstimator().setModel(model).setEpochs(1);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> estimator.copy(new org.apache.spark.ml.param.ParamMap()).setLabelCol("class").fit(data(2)));
        assertTrue(missing.getMessage().contains("labelCol 'class' is not a column"), missing.getMessage());

        SparkException notAClass = assertThrows(SparkException.class, () -> estimator.fit(data(2).withColumn("label",
                org.apache.spark.sql.functions.expr("CASE WHEN label = 2 THEN 7.0 ELSE label END"))));
        assertTrue(notAClass.getMessage().contains("labelCol 'label' holds 7.0 in row "), notAClass.getMessage());
        assertTrue(notAClass.getMessage().contains("the model has 3 classes"), notAClass.getMessage());

        SparkException nan = assertThrows(SparkException.class, () -> estimator.copy(
                new org.apache.spark.ml.param.ParamMap()).setInputCols("a", "b").fit(data(1).withColumn("b",
                org.apache.spark.sql.functions.expr("CASE WHEN label = 1 THEN float('NaN') ELSE b END"))));
        assertTrue(nan.getMessage().contains("feature 'b' is NaN in row "), nan.getMessage());

        IllegalArgumentException width = assertThrows(IllegalArgumentException.class, () -> new SimdnetEstimator()
                .setModel(model).setInputCols("a").fit(data(1)));
        assertTrue(width.getMessage().contains("inputCols names 1 columns [a], the model takes 2 inputs"),
                width.getMessage());
    }

    @Test
    void theEstimatorAndAFittedPipelineSaveAndLoad(@TempDir Path dir) throws java.io.IOException {
        Model template = Model.builder(2).dense(8).relu().dense(3).build(4);
        SimdnetEstimator estimator = new SimdnetEstimator().setModel(template).setEpochs(1).setBatchSize(200)
                .setOptimizer("sgd").setStepSize(0.05).setMomentum(0.5);
        estimator.write().overwrite().save(dir.resolve("estimator").toString());
        SimdnetEstimator loaded = SimdnetEstimator.load(dir.resolve("estimator").toString());
        assertArrayEquals(template.toBytes(), loaded.model().toBytes());
        assertEquals(estimator.trainingConfig().toString(), loaded.trainingConfig().toString());

        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {loaded}).fit(data(2));
        fitted.write().overwrite().save(dir.resolve("pipeline").toString());
        PipelineModel back = PipelineModel.load(dir.resolve("pipeline").toString());
        assertArrayEquals(((SimdnetModelTransformer) fitted.stages()[0]).model().toBytes(),
                ((SimdnetModelTransformer) back.stages()[0]).model().toBytes());
    }
}
