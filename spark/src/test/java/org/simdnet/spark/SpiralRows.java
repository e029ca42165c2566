package org.simdnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.simdnet.Model;

/** The tests' rows: three spiral arms as a vector column or as numeric columns, and the core's bits for them. */
final class SpiralRows {

    static final int ROWS = 3000;
    /** Row-major features; floats, so that float -> double -> float is exact. */
    static final float[] X = new float[ROWS * 2];

    static {
        Random r = new Random(7);
        for (int i = 0; i < ROWS; i++) {
            int arm = i % 3;
            float t = (float) (i / 3) / (ROWS / 3);
            float angle = (float) (arm * 4 + t * 4 + r.nextGaussian() * 0.2);
            X[2 * i] = (float) (t * Math.sin(angle));
            X[2 * i + 1] = (float) (t * Math.cos(angle));
        }
    }

    private SpiralRows() {
    }

    /** Columns id (long) and features (ml Vector), in 3 partitions. */
    static Dataset<Row> vectors() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(RowFactory.create((long) i, Vectors.dense(X[2 * i], X[2 * i + 1])));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType)
                .add("features", SQLDataTypes.VectorType());
        return LocalSpark.session().createDataFrame(rows, schema).repartition(3);
    }

    /** Columns id, a (float), b (double), s (string), in 3 partitions; the model's input order is (b, a). */
    static Dataset<Row> columns() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(RowFactory.create((long) i, X[2 * i + 1], (double) X[2 * i], "text"));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType).add("a", DataTypes.FloatType)
                .add("b", DataTypes.DoubleType).add("s", DataTypes.StringType);
        return LocalSpark.session().createDataFrame(rows, schema).repartition(3);
    }

    /**
     * The scored rows, in id order, equal predictBatch on all rows bit for bit.
     *
     * @param prediction the prediction column
     * @param probability the outputs column
     */
    static void assertCoreBits(Model m, Dataset<Row> scored, String prediction, String probability) {
        int outputs = m.outputs();
        float[] expected = new float[ROWS * outputs];
        int[] classes = new int[ROWS];
        m.predictor().predictBatch(X, ROWS, expected, classes);
        List<Row> got = scored.orderBy("id").collectAsList();
        assertEquals(ROWS, got.size());
        for (int i = 0; i < ROWS; i++) {
            Row row = got.get(i);
            assertEquals((long) i, row.getLong(row.fieldIndex("id")));
            Vector p = (Vector) row.get(row.fieldIndex(probability));
            assertEquals(outputs, p.size());
            for (int j = 0; j < outputs; j++) {
                assertEquals(Float.floatToRawIntBits(expected[i * outputs + j]),
                        Float.floatToRawIntBits((float) p.apply(j)), "row " + i + " output " + j);
                assertEquals((double) expected[i * outputs + j], p.apply(j));
            }
            double want = m.classifies() ? classes[i] : expected[i * outputs];
            assertEquals(want, row.getDouble(row.fieldIndex(prediction)), "row " + i);
        }
    }

    static void assertCoreBits(Model m, Dataset<Row> scored) {
        assertCoreBits(m, scored, "prediction", "probability");
    }

    /** The whole chain of messages of what a failed job throws. */
    static String jobError(Dataset<Row> scored) {
        Throwable e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, scored::collectAsList);
        StringBuilder all = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }
}
