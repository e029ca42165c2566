package org.simdnet.spark;

import java.io.Serializable;
import java.util.Arrays;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Where a row's features are: one ml {@code Vector} column, or numeric columns in the model's
 * input order. Checks the schema on the driver, then reads rows on the executors, refusing a
 * null, NaN or infinite feature and a vector of the wrong size with a message that names the
 * column and the row.
 */
final class FeatureColumns implements Serializable {

    private static final long serialVersionUID = 1L;

    private final boolean vector;
    private final String[] names;
    private final int width;
    private int[] indices;

    private FeatureColumns(boolean vector, String[] names, int width) {
        this.vector = vector;
        this.names = names;
        this.width = width;
    }

    /** A vector column of {@code width} values. */
    static FeatureColumns vector(String column, int width) {
        return new FeatureColumns(true, new String[] {column}, width);
    }

    /** Numeric columns, one per input. */
    static FeatureColumns numeric(String[] columns, int width) {
        if (columns.length != width) {
            throw new IllegalArgumentException("inputCols names " + columns.length + " columns "
                    + Arrays.toString(columns) + ", the model takes " + width + " inputs");
        }
        return new FeatureColumns(false, columns.clone(), width);
    }

    /** The columns to select, in order. */
    String[] columns() {
        return names.clone();
    }

    /** Checks that {@code schema} has the columns with fitting types, and remembers where they are. */
    FeatureColumns bind(StructType schema) {
        indices = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            StructField f = field(schema, vector ? "featuresCol" : "inputCols", names[i]);
            DataType t = f.dataType();
            if (vector && !t.equals(SQLDataTypes.VectorType())) {
                throw new IllegalArgumentException("featuresCol '" + names[i] + "' must be an ml Vector "
                        + "(org.apache.spark.ml.linalg.Vector), it is " + t.simpleString()
                        + (t instanceof NumericType ? "; for numeric columns set inputCols" : ""));
            }
            if (!vector && !(t instanceof NumericType)) {
                throw new IllegalArgumentException("inputCols column '" + names[i] + "' must be numeric, it is "
                        + t.simpleString());
            }
            indices[i] = schema.fieldIndex(names[i]);
        }
        return this;
    }

    static StructField field(StructType schema, String param, String name) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException(param + " '" + name + "' is not a column of the input; its columns are "
                + Arrays.toString(schema.fieldNames()));
    }

    /**
     * Reads the features of {@code row} into {@code x} from {@code offset}.
     *
     * @param where names the row in messages ("row 17 of partition 2", say)
     */
    void read(Row row, float[] x, int offset, String where) {
        if (vector) {
            Object v = row.get(indices[0]);
            String problem = VectorFeatures.copy(v instanceof Vector ? (Vector) v : null, width, x, offset);
            if (problem != null) {
                throw new IllegalArgumentException("featuresCol '" + names[0] + "' " + problem + " in " + where);
            }
        } else {
            for (int i = 0; i < width; i++) {
                Object v = row.get(indices[i]);
                if (!(v instanceof Number)) {
                    throw new IllegalArgumentException("inputCols column '" + names[i] + "' is null in " + where);
                }
                x[offset + i] = finite(((Number) v).doubleValue(), names[i] + "'", where);
            }
        }
    }

    private static float finite(double v, String what, String where) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("feature '" + what + " is " + v + " in " + where
                    + "; features must be finite");
        }
        return (float) v;
    }
}
