package org.simdnet.spark;

import java.io.IOException;
import java.io.Serializable;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.simdnet.Model;
import org.simdnet.Predictor;

/**
 * Plain Spark SQL functions that score with a simdnet model, for a {@code select} or
 * {@code withColumn} outside ML pipelines, or SQL once registered:
 * <pre>{@code
 * SimdnetUdfs udfs = SimdnetUdfs.of(spark, model);          // broadcasts the model once
 * df.withColumn("probability", udfs.probabilities().apply(col("features")))
 *   .withColumn("prediction", udfs.prediction().apply(col("features")));
 * spark.udf().register("simdnet_prediction", udfs.prediction());
 * }</pre>
 *
 * <p>Each function takes one ml {@code Vector} of the model's input width, as MLlib's models do;
 * for numeric columns build one with {@code org.apache.spark.ml.functions.array_to_vector(array(
 * col("a"), col("b")))} (in the model's input order) or a {@code VectorAssembler}. Outputs are
 * those of {@link SimdnetModelTransformer}: {@link #probabilities()} the model's outputs as a
 * dense Vector (class probabilities, or a regression model's values), {@link #prediction()} the
 * class index as a double (a regression model's first output). A null vector, one of another
 * size, or a NaN or infinite feature fails the task with a message naming the function and the
 * row's features.
 *
 * <p>A row's outputs are bit for bit what {@link SimdnetModelTransformer} gives it. Executors
 * share one predictor per model with the Transformer (the same per-JVM cache), so a model is
 * parsed once per executor JVM, not per task.
 */
public final class SimdnetUdfs {

    private final BroadcastModel model;
    private final int inputs;
    private final int outputs;
    private final boolean classifies;

    private SimdnetUdfs(BroadcastModel model, int inputs, int outputs, boolean classifies) {
        this.model = model;
        this.inputs = inputs;
        this.outputs = outputs;
        this.classifies = classifies;
    }

    /**
     * The functions of one model, broadcast once for all of them.
     *
     * @param spark the session whose executors score
     * @param model the model (a snapshot of its current parameters)
     * @return the functions
     */
    public static SimdnetUdfs of(SparkSession spark, Model model) {
        if (spark == null || model == null) {
            throw new IllegalArgumentException("spark and model must not be null");
        }
        return new SimdnetUdfs(BroadcastModel.of(spark, model.toBytes()), model.inputs(), model.outputs(),
                model.classifies());
    }

    /**
     * {@code of(spark, model).probabilities()}; use {@link #of} to broadcast once for both functions.
     *
     * @param spark the session
     * @param model the model
     * @return Vector features to a dense Vector of the model's outputs
     */
    public static UserDefinedFunction probabilities(SparkSession spark, Model model) {
        return of(spark, model).probabilities();
    }

    /**
     * {@code of(spark, model).prediction()}; use {@link #of} to broadcast once for both functions.
     *
     * @param spark the session
     * @param model the model
     * @return Vector features to the predicted class index (a regression model's first output)
     */
    public static UserDefinedFunction prediction(SparkSession spark, Model model) {
        return of(spark, model).prediction();
    }

    /**
     * The model's outputs: class probabilities, or a regression model's values.
     *
     * @return Vector features to a dense Vector, named {@code simdnet_probabilities}
     */
    public UserDefinedFunction probabilities() {
        return functions.udf(new Probabilities(new RowScorer("simdnet_probabilities", model, inputs, outputs)),
                SQLDataTypes.VectorType()).withName("simdnet_probabilities");
    }

    /**
     * The predicted class index (the first most probable class; for one sigmoid output, 1 when its
     * probability exceeds 0.5), or a regression model's first output.
     *
     * @return Vector features to a double, named {@code simdnet_prediction}
     */
    public UserDefinedFunction prediction() {
        return functions.udf(new Prediction(new RowScorer("simdnet_prediction", model, inputs, outputs), classifies),
                DataTypes.DoubleType).withName("simdnet_prediction");
    }

    /**
     * Scores one row on the executor's shared predictor; checks the row first. Each task
     * deserializes its own copy, which looks the predictor up once.
     */
    private static final class RowScorer implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String name;
        private final BroadcastModel model;
        private final int inputs;
        private final int outputs;
        private transient volatile Predictor predictor;

        RowScorer(String name, BroadcastModel model, int inputs, int outputs) {
            this.name = name;
            this.model = model;
            this.inputs = inputs;
            this.outputs = outputs;
        }

        /**
         * Fills {@code y} with the row's outputs and returns its class (−1 for regression). A batch
         * of one row: the core's single-sample path may differ from its batch path in the last
         * bit, and the UDFs give the Transformer's bits.
         */
        int score(Vector features, float[] y) throws IOException {
            float[] x = new float[inputs];
            String problem = VectorFeatures.copy(features, inputs, x, 0);
            if (problem != null) {
                throw new IllegalArgumentException(name + ": its argument " + problem
                        + "; the row's features: " + features);
            }
            Predictor p = predictor;
            if (p == null) {
                p = model.predictor();
                predictor = p;
            }
            int[] predicted = new int[1];
            p.predictBatch(x, 1, y, predicted);
            return predicted[0];
        }

        float[] outputs() {
            return new float[outputs];
        }
    }

    private static final class Probabilities implements UDF1<Vector, Vector> {
        private static final long serialVersionUID = 1L;
        private final RowScorer scorer;

        Probabilities(RowScorer scorer) {
            this.scorer = scorer;
        }

        @Override
        public Vector call(Vector features) throws IOException {
            float[] y = scorer.outputs();
            scorer.score(features, y);
            double[] p = new double[y.length];
            for (int j = 0; j < y.length; j++) {
                p[j] = y[j];
            }
            return Vectors.dense(p);
        }
    }

    private static final class Prediction implements UDF1<Vector, Double> {
        private static final long serialVersionUID = 1L;
        private final RowScorer scorer;
        private final boolean classifies;

        Prediction(RowScorer scorer, boolean classifies) {
            this.scorer = scorer;
            this.classifies = classifies;
        }

        @Override
        public Double call(Vector features) throws IOException {
            float[] y = scorer.outputs();
            int c = scorer.score(features, y);
            return classifies ? (double) c : (double) y[0];
        }
    }
}
