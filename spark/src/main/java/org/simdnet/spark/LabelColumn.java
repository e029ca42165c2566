package org.simdnet.spark;

import java.io.Serializable;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * What a model trains on, from one column: a class index (a numeric column holding 0, 1, ...,
 * for a softmax cross-entropy model, as MLlib's classifiers take labels), or float targets (a
 * numeric column for one output, an ml {@code Vector} column of the outputs' size for several).
 * A label that is not a class of the model, and a null, NaN or infinite target, fail the task
 * with the column and the row named.
 */
final class LabelColumn implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final boolean classes;
    private final int outputs;
    private boolean vector;
    private int index;

    /**
     * @param classes whether the model takes class labels (else float targets)
     * @param outputs the model's outputs: its classes, or the targets per row
     */
    LabelColumn(String name, boolean classes, int outputs) {
        this.name = name;
        this.classes = classes;
        this.outputs = outputs;
    }

    String name() {
        return name;
    }

    boolean classes() {
        return classes;
    }

    /** Checks the column's type against the model's head, and remembers where it is. */
    LabelColumn bind(StructType schema) {
        DataType t = FeatureColumns.field(schema, "labelCol", name).dataType();
        vector = t.equals(SQLDataTypes.VectorType());
        if (classes && !(t instanceof NumericType)) {
            throw new IllegalArgumentException("labelCol '" + name + "' must be numeric (class indices 0 to "
                    + (outputs - 1) + "), it is " + t.simpleString());
        }
        if (!classes && !(t instanceof NumericType) && !vector) {
            throw new IllegalArgumentException("labelCol '" + name + "' must be numeric or an ml Vector of "
                    + outputs + " targets, it is " + t.simpleString());
        }
        if (!classes && !vector && outputs != 1) {
            throw new IllegalArgumentException("labelCol '" + name + "' is numeric, but the model has " + outputs
                    + " outputs: give the targets as an ml Vector column");
        }
        index = schema.fieldIndex(name);
        return this;
    }

    /** The class index of {@code row}. */
    int label(Row row, String where) {
        Object v = row.get(index);
        if (!(v instanceof Number)) {
            throw new IllegalArgumentException("labelCol '" + name + "' is null in " + where);
        }
        double d = ((Number) v).doubleValue();
        if (!(d >= 0 && d < outputs && d == Math.rint(d))) {
            throw new IllegalArgumentException("labelCol '" + name + "' holds " + d + " in " + where
                    + "; the model has " + outputs + " classes, labelled 0 to " + (outputs - 1));
        }
        return (int) d;
    }

    /** The targets of {@code row}, into {@code t} from {@code offset}. */
    void targets(Row row, float[] t, int offset, String where) {
        Object v = row.get(index);
        if (v == null) {
            throw new IllegalArgumentException("labelCol '" + name + "' is null in " + where);
        }
        if (vector) {
            Vector vec = (Vector) v;
            if (vec.size() != outputs) {
                throw new IllegalArgumentException("labelCol '" + name + "' holds a vector of size " + vec.size()
                        + " in " + where + ", the model has " + outputs + " outputs");
            }
            for (int i = 0; i < outputs; i++) {
                t[offset + i] = finite(vec.apply(i), where);
            }
        } else {
            t[offset] = finite(((Number) v).doubleValue(), where);
        }
    }

    private float finite(double v, String where) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("labelCol '" + name + "' holds " + v + " in " + where
                    + "; targets must be finite");
        }
        return (float) v;
    }
}
