package org.simdnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
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
import org.junit.jupiter.api.io.TempDir;
import org.simdnet.Model;

/** The Transformer in local[2]: the core's bits, both input forms, and bad input that says where. */
class SimdnetModelTransformerTest {

    private static final int ROWS = 3000;
    private static SparkSession spark;
    private static Model model;
    private static float[] x;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("simdnet-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "3")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        model = Model.builder(2).dense(16).relu().dense(3).build(1);
        // Three spiral arms: floats, so that float -> double -> float is exact.
        Random r = new Random(7);
        x = new float[ROWS * 2];
        for (int i = 0; i < ROWS; i++) {
            int arm = i % 3;
            float t = (float) (i / 3) / (ROWS / 3);
            float angle = (float) (arm * 4 + t * 4 + r.nextGaussian() * 0.2);
            x[2 * i] = (float) (t * Math.sin(angle));
            x[2 * i + 1] = (float) (t * Math.cos(angle));
        }
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static Dataset<Row> vectors() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(RowFactory.create((long) i, Vectors.dense(x[2 * i], x[2 * i + 1])));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType)
                .add("features", SQLDataTypes.VectorType());
        return spark.createDataFrame(rows, schema).repartition(3);
    }

    private static Dataset<Row> columns() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            // a different numeric type per column; the model's order is (b, a)
            rows.add(RowFactory.create((long) i, x[2 * i + 1], (double) x[2 * i], "text"));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType).add("a", DataTypes.FloatType)
                .add("b", DataTypes.DoubleType).add("s", DataTypes.StringType);
        return spark.createDataFrame(rows, schema).repartition(3);
    }

    /** The transformer's output, in id order, equals predictBatch on all rows bit for bit. */
    private static void assertCoreBits(Model m, Dataset<Row> scored, int outputs) {
        float[] expected = new float[ROWS * outputs];
        int[] classes = new int[ROWS];
        m.predictor().predictBatch(x, ROWS, expected, classes);
        List<Row> got = scored.orderBy("id").collectAsList();
        assertEquals(ROWS, got.size());
        for (int i = 0; i < ROWS; i++) {
            Row row = got.get(i);
            assertEquals((long) i, row.getLong(row.fieldIndex("id")));
            double prediction = row.getDouble(row.fieldIndex("prediction"));
            Vector p = (Vector) row.get(row.fieldIndex("probability"));
            assertEquals(outputs, p.size());
            for (int j = 0; j < outputs; j++) {
                assertEquals(Float.floatToRawIntBits(expected[i * outputs + j]),
                        Float.floatToRawIntBits((float) p.apply(j)), "row " + i + " output " + j);
                assertEquals((double) expected[i * outputs + j], p.apply(j));
            }
            double want = m.classifies() ? classes[i] : expected[i * outputs];
            assertEquals(want, prediction, "row " + i);
        }
    }

    @Test
    void vectorColumnGivesTheCoresBits() {
        SimdnetModelTransformer t = new SimdnetModelTransformer().setModel(model).setBatchSize(700);
        Dataset<Row> scored = t.transform(vectors());
        assertEquals(Arrays.asList("id", "features", "prediction", "probability"),
                Arrays.asList(scored.schema().fieldNames()));
        assertCoreBits(model, scored, 3);
    }

    @Test
    void numericColumnsGiveTheCoresBits() throws IOException {
        SimdnetModelTransformer t = new SimdnetModelTransformer().setModelBytes(model.toBytes()).setInputCols("b", "a");
        assertCoreBits(model, t.transform(columns()), 3);
    }

    @Test
    void regressionPredictsTheFirstOutput(@TempDir Path dir) throws IOException {
        Model reg = Model.builder(2).dense(8).tanh().dense(2).meanSquaredError().build(3);
        Path file = dir.resolve("reg.onnx");
        reg.exportOnnx(file);
        Model fromOnnx = Model.load(file);
        SimdnetModelTransformer t = new SimdnetModelTransformer().setModelPath(file);
        assertCoreBits(fromOnnx, t.transform(vectors()), 2);
    }

    @Test
    void anEmptyOutputColumnIsLeftOut() {
        SimdnetModelTransformer t = new SimdnetModelTransformer().setModel(model).setProbabilityCol("");
        Dataset<Row> scored = t.transform(vectors());
        assertEquals(Arrays.asList("id", "features", "prediction"), Arrays.asList(scored.schema().fieldNames()));
        assertEquals(ROWS, scored.count());
    }

    private static String schemaError(SimdnetModelTransformer t, Dataset<Row> data) {
        return assertThrows(IllegalArgumentException.class, () -> t.transform(data)).getMessage();
    }

    @Test
    void badInputIsRefusedBeforeAnyTaskRuns() {
        String missing = schemaError(new SimdnetModelTransformer().setModel(model).setFeaturesCol("feats"), vectors());
        assertTrue(missing.contains("featuresCol 'feats' is not a column") && missing.contains("[id, features]"),
                missing);

        String notVector = schemaError(new SimdnetModelTransformer().setModel(model).setFeaturesCol("s"), columns());
        assertTrue(notVector.contains("featuresCol 's' must be an ml Vector") && notVector.contains("string"),
                notVector);

        String notNumeric = schemaError(new SimdnetModelTransformer().setModel(model).setInputCols("a", "s"),
                columns());
        assertTrue(notNumeric.contains("inputCols column 's' must be numeric"), notNumeric);

        String width = schemaError(new SimdnetModelTransformer().setModel(model).setInputCols("a", "b", "id"),
                columns());
        assertTrue(width.contains("3 columns [a, b, id], the model takes 2 inputs"), width);

        String missingCol = schemaError(new SimdnetModelTransformer().setModel(model).setInputCols("a", "c"),
                columns());
        assertTrue(missingCol.contains("inputCols 'c' is not a column"), missingCol);

        String clash = schemaError(new SimdnetModelTransformer().setModel(model).setPredictionCol("id"), vectors());
        assertTrue(clash.contains("predictionCol 'id' is already a column"), clash);

        String none = assertThrows(IllegalStateException.class,
                () -> new SimdnetModelTransformer().transform(vectors())).getMessage();
        assertTrue(none.contains("no model set"), none);
    }

    @Test
    void aCorruptModelFileIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.model");
        byte[] bytes = model.toBytes();
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> new SimdnetModelTransformer().setModelPath(file));
        assertTrue(e.getMessage().contains("broken.model"), e.getMessage());
    }

    /** The whole chain of messages of what a failed job throws. */
    private static String jobError(Dataset<Row> scored) {
        Throwable e = assertThrows(Exception.class, scored::collectAsList);
        StringBuilder all = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void badRowsFailTheJobNamingTheRow() {
        StructType vs = new StructType().add("id", DataTypes.LongType).add("features", SQLDataTypes.VectorType());
        Dataset<Row> nan = spark.createDataFrame(List.of(
                RowFactory.create(0L, Vectors.dense(0.5, 0.25)),
                RowFactory.create(1L, Vectors.dense(0.5, Double.NaN))), vs).coalesce(1);
        String m = jobError(new SimdnetModelTransformer().setModel(model).transform(nan));
        assertTrue(m.contains("row 1 of partition 0") && m.contains("has NaN at index 1")
                && m.contains("features=[0.5,NaN]"), m);

        Dataset<Row> wide = spark.createDataFrame(List.of(
                RowFactory.create(0L, Vectors.dense(0.5, 0.25, 1.0))), vs).coalesce(1);
        m = jobError(new SimdnetModelTransformer().setModel(model).transform(wide));
        assertTrue(m.contains("featuresCol 'features' has a vector of size 3, the model takes 2 inputs"), m);

        StructType cs = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType);
        Dataset<Row> nulls = spark.createDataFrame(List.of(
                RowFactory.create(1.0, 2.0), RowFactory.create(3.0, null)), cs).coalesce(1);
        m = jobError(new SimdnetModelTransformer().setModel(model).setInputCols("a", "b").transform(nulls));
        assertTrue(m.contains("row 1 of partition 0: column 'b' is null") && m.contains("[a=3.0, b=null]"), m);

        Dataset<Row> inf = spark.createDataFrame(List.of(
                RowFactory.create(Double.POSITIVE_INFINITY, 2.0)), cs).coalesce(1);
        m = jobError(new SimdnetModelTransformer().setModel(model).setInputCols("a", "b").transform(inf));
        assertTrue(m.contains("row 0 of partition 0: column 'a' is Infinity"), m);
    }
}
