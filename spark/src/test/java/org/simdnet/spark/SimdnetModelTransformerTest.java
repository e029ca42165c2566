package org.simdnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
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

/** The Transformer in local[2]: the core's bits, both input forms, bad input that says where, a Spark ML Model. */
class SimdnetModelTransformerTest {

    private static SparkSession spark;
    private static Model model;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
        model = Model.builder(2).dense(16).relu().dense(3).build(1);
    }

    private static Dataset<Row> vectors() {
        return SpiralRows.vectors();
    }

    private static Dataset<Row> columns() {
        return SpiralRows.columns();
    }

    private static void assertCoreBits(Model m, Dataset<Row> scored, int outputs) {
        assertEquals(outputs, m.outputs());
        SpiralRows.assertCoreBits(m, scored);
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
        assertEquals(SpiralRows.ROWS, scored.count());
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

    private static String jobError(Dataset<Row> scored) {
        return SpiralRows.jobError(scored);
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

    @Test
    void itIsASparkMlModelWhoseCopyKeepsParentAndParams() {
        SimdnetModelTransformer t = new SimdnetModelTransformer().setModel(model).setBatchSize(700);
        assertTrue(t instanceof org.apache.spark.ml.Model);
        assertFalse(t.hasParent());
        NoEstimator parent = new NoEstimator();
        t.setParent(parent);

        SimdnetModelTransformer same = t.copy(ParamMap.empty());
        assertNotSame(t, same);
        assertEquals(t.uid(), same.uid());
        assertSame(parent, same.parent());
        assertEquals(700, (int) same.getOrDefault(same.batchSize()));

        SimdnetModelTransformer other = t.copy(new ParamMap().put(t.batchSize(), 5).put(t.predictionCol(), "p"));
        assertSame(parent, other.parent());
        assertEquals(5, (int) other.getOrDefault(other.batchSize()));
        assertEquals("p", other.getOrDefault(other.predictionCol()));
        assertEquals(700, (int) t.getOrDefault(t.batchSize()));
        assertArrayEquals(model.toBytes(), other.getOrDefault(other.modelBytes()));
    }

    /** Only a parent to set: the Estimator that trains simdnet models is not built yet. */
    private static final class NoEstimator extends Estimator<SimdnetModelTransformer> {
        private static final long serialVersionUID = 1L;

        @Override
        public String uid() {
            return "noEstimator";
        }

        @Override
        public SimdnetModelTransformer fit(Dataset<?> dataset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StructType transformSchema(StructType schema) {
            return schema;
        }

        @Override
        public Estimator<SimdnetModelTransformer> copy(ParamMap extra) {
            return this;
        }
    }
}
