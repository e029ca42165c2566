package org.simdnet.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

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
import org.simdnet.Model;

/** The plain UDFs: the core's bits on a vector column, from SQL too, and bad rows that say what is wrong. */
class SimdnetUdfsTest {

    private static SparkSession spark;
    private static Model model;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
        model = Model.builder(2).dense(16).relu().dense(3).build(5);
    }

    @Test
    void probabilitiesAndPredictionAreTheCoresBits() {
        SimdnetUdfs udfs = SimdnetUdfs.of(spark, model);
        Dataset<Row> scored = SpiralRows.vectors()
                .withColumn("probability", udfs.probabilities().apply(col("features")))
                .withColumn("prediction", udfs.prediction().apply(col("features")));
        SpiralRows.assertCoreBits(model, scored);
    }

    @Test
    void regressionPredictsTheFirstOutput() {
        Model reg = Model.builder(2).dense(8).tanh().dense(2).meanSquaredError().build(3);
        Dataset<Row> scored = SpiralRows.vectors()
                .withColumn("probability", SimdnetUdfs.probabilities(spark, reg).apply(col("features")))
                .withColumn("prediction", SimdnetUdfs.prediction(spark, reg).apply(col("features")));
        SpiralRows.assertCoreBits(reg, scored);
    }

    @Test
    void registeredTheyWorkInSql() {
        SimdnetUdfs udfs = SimdnetUdfs.of(spark, model);
        spark.udf().register("simdnet_prediction", udfs.prediction());
        spark.udf().register("simdnet_probabilities", udfs.probabilities());
        SpiralRows.vectors().createOrReplaceTempView("spiral");
        Dataset<Row> scored = spark.sql("SELECT id, simdnet_prediction(features) AS prediction, "
                + "simdnet_probabilities(features) AS probability FROM spiral");
        SpiralRows.assertCoreBits(model, scored);
    }

    @Test
    void badRowsFailNamingTheFunctionAndTheFeatures() {
        StructType vs = new StructType().add("id", DataTypes.LongType).add("features", SQLDataTypes.VectorType());
        SimdnetUdfs udfs = SimdnetUdfs.of(spark, model);

        Dataset<Row> wide = spark.createDataFrame(List.of(RowFactory.create(0L, Vectors.dense(0.5, 0.25, 1.0))), vs);
        String m = SpiralRows.jobError(wide.select(udfs.probabilities().apply(col("features"))));
        assertTrue(m.contains("simdnet_probabilities: its argument has a vector of size 3, the model takes 2 inputs; "
                + "the row's features: [0.5,0.25,1.0]"), m);

        Dataset<Row> nan = spark.createDataFrame(List.of(RowFactory.create(0L, Vectors.dense(0.5, Double.NaN))), vs);
        m = SpiralRows.jobError(nan.select(udfs.prediction().apply(col("features"))));
        assertTrue(m.contains("simdnet_prediction: its argument has NaN at index 1; the row's features: [0.5,NaN]"), m);

        Dataset<Row> nulls = spark.createDataFrame(List.of(RowFactory.create(0L, null)), vs);
        m = SpiralRows.jobError(nulls.select(udfs.prediction().apply(col("features"))));
        assertTrue(m.contains("simdnet_prediction: its argument is null"), m);
    }
}
