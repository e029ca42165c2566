package org.simdnet.spark;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The column params that {@link SimdnetEstimator} and {@link SimdnetModelTransformer} share: each
 * name, description and default is defined here once. (Spark's own {@code HasFeaturesCol} and
 * similar traits are Scala traits private to Spark, so a Java stage declares its params itself;
 * each stage still keeps a field and an accessor per param, which Spark finds by reflection.)
 */
final class ColumnParams {

    /** The default features column. */
    static final String FEATURES = "features";
    /** The default prediction column. */
    static final String PREDICTION = "prediction";
    /** The default probability (outputs) column. */
    static final String PROBABILITY = "probability";

    private ColumnParams() {
    }

    static Param<String> featuresCol(Params owner) {
        return new Param<>(owner, "featuresCol", "the features column, an ml Vector");
    }

    static StringArrayParam inputCols(Params owner) {
        return new StringArrayParam(owner, "inputCols",
                "numeric feature columns in the model's input order (instead of featuresCol)");
    }

    static Param<String> predictionCol(Params owner) {
        return new Param<>(owner, "predictionCol",
                "output: the predicted class index, or a regression model's first output (empty: none)");
    }

    static Param<String> probabilityCol(Params owner) {
        return new Param<>(owner, "probabilityCol",
                "output: the class probabilities, or a regression model's outputs, as a Vector (empty: none)");
    }
}
