package org.simdnet.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.simdnet.Model;
import org.simdnet.Predictor;

/**
 * Scores a DataFrame with a simdnet model (its own model file, or an ONNX model the core reads):
 * a Spark ML {@link org.apache.spark.ml.Model}, usable in a {@code Pipeline}, from Java or Scala,
 * and saved and loaded as Spark ML stages are ({@link #write()}, {@link #load(String)}).
 *
 * <p>The model's bytes are broadcast once per {@link #transform} call; each executor JVM reads
 * them into one thread-safe {@link Predictor} that all its tasks share (kept by the bytes'
 * content hash, so the same model is parsed once per executor however often it scores), and
 * each partition scores its rows in batches of {@link #batchSize()} rows through
 * {@link Predictor#predictBatch}, so a row's outputs are bit for bit the core's.
 *
 * <p>Saved, a stage is a directory: Spark ML's {@code metadata} (every param but the model
 * bytes, as JSON) and the model file itself under {@code data/} ({@code simdnet.model}, or
 * {@code model.onnx} when the param holds ONNX bytes), so a {@code PipelineModel} holding it saves
 * and loads too.
 *
 * <p>Input, one of:
 * <ul>
 * <li>{@link #featuresCol()} (default {@code features}): an ml {@code Vector} column of the
 *     model's input width, dense or sparse;</li>
 * <li>{@link #inputCols()}: numeric columns (any of Spark's numeric types), in the model's input
 *     order. Setting it takes precedence over the vector column.</li>
 * </ul>
 * Features are converted to float, as the core computes in float.
 *
 * <p>Output, added after the input's columns (an output column set to the empty string is left
 * out):
 * <ul>
 * <li>{@link #predictionCol()} (default {@code prediction}), double: for a classifier the
 *     predicted class index (the first most probable class; for one sigmoid output, 1 when its
 *     probability exceeds 0.5), as MLlib's classifiers do; for a regression model its first
 *     output;</li>
 * <li>{@link #probabilityCol()} (default {@code probability}), ml dense {@code Vector}: the
 *     model's outputs, that is the class probabilities of a classifier, or every output of a
 *     regression model.</li>
 * </ul>
 *
 * <p>Bad input fails early and says where: {@link #transformSchema} rejects a missing column, a
 * column of the wrong type and a width that is not the model's; a row with a null, NaN or
 * infinite feature, or a vector of the wrong size, fails its task with a message naming the
 * column, the partition and row, and the row's values.
 */
public final class SimdnetModelTransformer extends org.apache.spark.ml.Model<SimdnetModelTransformer>
        implements MLWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;

    private final Param<byte[]> modelBytes;
    private final Param<String> featuresCol;
    private final StringArrayParam inputCols;
    private final Param<String> predictionCol;
    private final Param<String> probabilityCol;
    private final IntParam batchSize;

    /** The model the bytes hold, read once on the driver (for the schema); not serialized. */
    private transient byte[] parsedFrom;
    private transient Model parsed;

    /** A transformer with a random uid. */
    public SimdnetModelTransformer() {
        this(Identifiable$.MODULE$.randomUID("simdnet"));
    }

    /**
     * A transformer with the given uid (Spark's copy and persistence use this).
     *
     * @param uid its uid
     */
    public SimdnetModelTransformer(String uid) {
        this.uid = uid;
        modelBytes = new Param<>(this, "modelBytes", "the model: a simdnet model file's bytes, or an ONNX model's");
        featuresCol = ColumnParams.featuresCol(this);
        inputCols = ColumnParams.inputCols(this);
        predictionCol = ColumnParams.predictionCol(this);
        probabilityCol = ColumnParams.probabilityCol(this);
        batchSize = new IntParam(this, "batchSize", "rows scored per predictBatch call",
                ParamValidators.inRange(1, 1 << 20));
        setDefault(featuresCol, ColumnParams.FEATURES);
        setDefault(inputCols, new String[0]);
        setDefault(predictionCol, ColumnParams.PREDICTION);
        setDefault(probabilityCol, ColumnParams.PROBABILITY);
        setDefault(batchSize, 4096);
    }

    @Override
    public String uid() {
        return uid;
    }

    // ---- params -------------------------------------------------------------------------------

    /** @return the model bytes param */
    public Param<byte[]> modelBytes() {
        return modelBytes;
    }

    /** @return the vector features column param */
    public Param<String> featuresCol() {
        return featuresCol;
    }

    /** @return the numeric feature columns param */
    public StringArrayParam inputCols() {
        return inputCols;
    }

    /** @return the prediction column param */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    /** @return the probability (outputs) column param */
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    /** @return the batch size param */
    public IntParam batchSize() {
        return batchSize;
    }

    /**
     * Uses this model (a snapshot of its current parameters).
     *
     * @param model the model
     * @return this
     */
    public SimdnetModelTransformer setModel(Model model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        byte[] bytes = model.toBytes();
        set(modelBytes, bytes);
        parsedFrom = bytes;
        parsed = model.copy();
        return this;
    }

    /**
     * Uses the model in this file: a simdnet model file or an ONNX model ({@link Model#load}).
     *
     * @param file the model file
     * @return this
     * @throws IOException when the file cannot be read or is not a valid model (the message starts
     *                     with the file name and says why)
     */
    public SimdnetModelTransformer setModelPath(Path file) throws IOException {
        return setModel(Model.load(file));
    }

    /**
     * Uses the model in these bytes: a simdnet model file's or an ONNX model's.
     *
     * @param bytes the model's bytes
     * @return this
     * @throws IOException when they are not a valid model
     */
    public SimdnetModelTransformer setModelBytes(byte[] bytes) throws IOException {
        return setModel(Model.fromBytes(bytes));
    }

    /**
     * @param name the vector features column
     * @return this
     */
    public SimdnetModelTransformer setFeaturesCol(String name) {
        set(featuresCol, name);
        return this;
    }

    /**
     * @param names numeric feature columns, in the model's input order
     * @return this
     */
    public SimdnetModelTransformer setInputCols(String... names) {
        set(inputCols, names);
        return this;
    }

    /**
     * @param name the prediction column, or empty for none
     * @return this
     */
    public SimdnetModelTransformer setPredictionCol(String name) {
        set(predictionCol, name);
        return this;
    }

    /**
     * @param name the probability (outputs) column, or empty for none
     * @return this
     */
    public SimdnetModelTransformer setProbabilityCol(String name) {
        set(probabilityCol, name);
        return this;
    }

    /**
     * @param rows rows per predictBatch call (1 to 1,048,576)
     * @return this
     */
    public SimdnetModelTransformer setBatchSize(int rows) {
        set(batchSize, rows);
        return this;
    }

    /**
     * The model this transformer scores with, read from its bytes.
     *
     * @return the model
     * @throws IllegalStateException when no model was set
     */
    public Model model() {
        if (!isDefined(modelBytes)) {
            throw new IllegalStateException(uid + ": no model set: call setModel, setModelPath or setModelBytes");
        }
        byte[] bytes = $(modelBytes);
        if (parsed == null || parsedFrom != bytes) {
            try {
                parsed = Model.fromBytes(bytes);
            } catch (IOException e) {
                throw new IllegalStateException(uid + ": the model bytes are not a valid model: " + e.getMessage(), e);
            }
            parsedFrom = bytes;
        }
        return parsed;
    }

    /** Takes a model file's bytes as they are, with the model already read from them (loading). */
    void useLoaded(byte[] bytes, Model model) {
        set(modelBytes, bytes);
        parsedFrom = bytes;
        parsed = model;
    }

    // ---- schema -------------------------------------------------------------------------------

    @Override
    public StructType transformSchema(StructType schema) {
        Model model = model();
        int width = model.inputs();
        String[] cols = $(inputCols);
        if (cols.length > 0) {
            if (cols.length != width) {
                throw new IllegalArgumentException("inputCols names " + cols.length + " columns " + Arrays.toString(cols)
                        + ", the model takes " + width + " inputs");
            }
            for (String c : cols) {
                DataType t = field(schema, "inputCols", c).dataType();
                if (!(t instanceof NumericType)) {
                    throw new IllegalArgumentException("inputCols column '" + c + "' must be numeric, it is "
                            + t.simpleString());
                }
            }
        } else {
            String c = $(featuresCol);
            StructField f = field(schema, "featuresCol", c);
            if (!f.dataType().equals(SQLDataTypes.VectorType())) {
                throw new IllegalArgumentException("featuresCol '" + c + "' must be an ml Vector "
                        + "(org.apache.spark.ml.linalg.Vector), it is " + f.dataType().simpleString()
                        + (f.dataType() instanceof NumericType ? "; for numeric columns set inputCols" : ""));
            }
            int size = AttributeGroup.fromStructField(f).size();
            if (size >= 0 && size != width) {
                throw new IllegalArgumentException("featuresCol '" + c + "' holds vectors of size " + size
                        + ", the model takes " + width + " inputs");
            }
        }
        StructType out = schema;
        String pred = $(predictionCol);
        if (!pred.isEmpty()) {
            out = out.add(newField(out, "predictionCol", pred, DataTypes.DoubleType));
        }
        String prob = $(probabilityCol);
        if (!prob.isEmpty()) {
            out = out.add(newField(out, "probabilityCol", prob, SQLDataTypes.VectorType()));
        }
        return out;
    }

    private static StructField field(StructType schema, String param, String name) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException(param + " '" + name + "' is not a column of the input; its columns are "
                + Arrays.toString(schema.fieldNames()));
    }

    private static StructField newField(StructType schema, String param, String name, DataType type) {
        if (Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException(param + " '" + name + "' is already a column of the input");
        }
        return new StructField(name, type, false, org.apache.spark.sql.types.Metadata.empty());
    }

    // ---- scoring ------------------------------------------------------------------------------

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType in = dataset.schema();
        StructType out = transformSchema(in, true);
        Model model = model();
        String[] cols = $(inputCols);
        int[] featureIdx;
        String[] featureNames;
        if (cols.length > 0) {
            featureIdx = new int[cols.length];
            for (int i = 0; i < cols.length; i++) {
                featureIdx[i] = in.fieldIndex(cols[i]);
            }
            featureNames = cols.clone();
        } else {
            featureIdx = new int[] {in.fieldIndex($(featuresCol))};
            featureNames = new String[] {$(featuresCol)};
        }
        BroadcastModel shared = BroadcastModel.of(dataset.sparkSession(), $(modelBytes));
        Scorer scorer = new Scorer(shared, cols.length > 0, featureIdx, featureNames, model.inputs(), model.outputs(),
                in.size(), !$(predictionCol).isEmpty(), !$(probabilityCol).isEmpty(), batchRows(), model.classifies());
        return dataset.toDF().mapPartitions(scorer, Encoders.row(out));
    }

    private int batchRows() {
        Object rows = $(batchSize);
        return (Integer) rows;
    }

    /** A copy with the same uid, params (overridden by {@code extra}) and parent, as Spark's models copy. */
    @Override
    public SimdnetModelTransformer copy(ParamMap extra) {
        SimdnetModelTransformer copied = copyValues(new SimdnetModelTransformer(uid), extra);
        copied.parsedFrom = parsedFrom;
        copied.parsed = parsed;
        return copied.setParent(parent());
    }

    // ---- persistence --------------------------------------------------------------------------

    /**
     * A writer that saves this stage: {@code write().overwrite().save(path)}.
     *
     * @return the writer
     */
    @Override
    public MLWriter write() {
        model();              // fails first, saying so, when no model is set
        return new ModelStageWriter(this, $(modelBytes));
    }

    /**
     * The reader of saved stages; Spark's {@code PipelineModel.load} finds it by this name.
     *
     * @return a new reader
     */
    public static MLReader<SimdnetModelTransformer> read() {
        return new ModelStageReader<>(SimdnetModelTransformer.class, SimdnetModelTransformer::new,
                (stage, loaded) -> stage.useLoaded(loaded.bytes, loaded.model));
    }

    /**
     * Loads a saved stage, {@code read().load(path)}.
     *
     * @param path the directory {@link #write()} saved to
     * @return the stage
     * @throws java.io.UncheckedIOException naming the model file when it is missing or not a valid model
     */
    public static SimdnetModelTransformer load(String path) {
        return read().load(path);
    }

    /** Scores one partition; what travels to the executors. */
    private static final class Scorer implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;

        private final BroadcastModel model;
        private final boolean columns;
        private final int[] featureIdx;
        private final String[] featureNames;
        private final int inputs;
        private final int outputs;
        private final int inWidth;
        private final boolean prediction;
        private final boolean probability;
        private final int batch;
        private final boolean classifies;

        Scorer(BroadcastModel model, boolean columns, int[] featureIdx, String[] featureNames, int inputs,
                int outputs, int inWidth, boolean prediction, boolean probability, int batch, boolean classifies) {
            this.model = model;
            this.columns = columns;
            this.featureIdx = featureIdx;
            this.featureNames = featureNames;
            this.inputs = inputs;
            this.outputs = outputs;
            this.inWidth = inWidth;
            this.prediction = prediction;
            this.probability = probability;
            this.batch = batch;
            this.classifies = classifies;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) throws Exception {
            if (!rows.hasNext()) {
                return rows;
            }
            Predictor predictor = model.predictor();
            TaskContext task = TaskContext.get();
            int partition = task == null ? -1 : task.partitionId();
            return new Batches(rows, predictor, partition);
        }

        private final class Batches implements Iterator<Row> {
            private final Iterator<Row> rows;
            private final Predictor predictor;
            private final int partition;
            private final float[] x = new float[batch * inputs];
            private final float[] y = new float[batch * outputs];
            private final int[] classes = new int[batch];
            private final List<Row> pending = new ArrayList<>(batch);
            private int next;
            private long rowsBefore;

            Batches(Iterator<Row> rows, Predictor predictor, int partition) {
                this.rows = rows;
                this.predictor = predictor;
                this.partition = partition;
            }

            @Override
            public boolean hasNext() {
                return next < pending.size() || rows.hasNext();
            }

            @Override
            public Row next() {
                if (next == pending.size()) {
                    if (!rows.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    fill();
                }
                Row r = pending.get(next);
                int i = next++;
                Object[] v = new Object[inWidth + (prediction ? 1 : 0) + (probability ? 1 : 0)];
                for (int c = 0; c < inWidth; c++) {
                    v[c] = r.get(c);
                }
                int k = inWidth;
                if (prediction) {
                    v[k++] = classifies ? (double) classes[i] : (double) y[i * outputs];
                }
                if (probability) {
                    double[] p = new double[outputs];
                    for (int j = 0; j < outputs; j++) {
                        p[j] = y[i * outputs + j];
                    }
                    v[k] = Vectors.dense(p);
                }
                return RowFactory.create(v);
            }

            private void fill() {
                rowsBefore += pending.size();
                pending.clear();
                next = 0;
                int n = 0;
                while (n < batch && rows.hasNext()) {
                    Row r = rows.next();
                    read(r, n, rowsBefore + n);
                    pending.add(r);
                    n++;
                }
                predictor.predictBatch(x, n, y, classes);
            }

            private void read(Row r, int n, long rowIndex) {
                int o = n * inputs;
                if (columns) {
                    for (int j = 0; j < inputs; j++) {
                        Object value = r.get(featureIdx[j]);
                        if (value == null) {
                            throw bad(r, rowIndex, "column '" + featureNames[j] + "' is null");
                        }
                        float f = ((Number) value).floatValue();
                        if (!Float.isFinite(f)) {
                            throw bad(r, rowIndex, "column '" + featureNames[j] + "' is " + f);
                        }
                        x[o + j] = f;
                    }
                } else {
                    String problem = VectorFeatures.copy((Vector) r.get(featureIdx[0]), inputs, x, o);
                    if (problem != null) {
                        throw bad(r, rowIndex, "featuresCol '" + featureNames[0] + "' " + problem);
                    }
                }
            }

            private IllegalArgumentException bad(Row r, long rowIndex, String what) {
                StringBuilder values = new StringBuilder("[");
                for (int j = 0; j < featureIdx.length; j++) {
                    if (j > 0) {
                        values.append(", ");
                    }
                    values.append(featureNames[j]).append('=').append(r.get(featureIdx[j]));
                }
                values.append(']');
                return new IllegalArgumentException("simdnet scoring: row " + rowIndex + " of partition " + partition
                        + ": " + what + "; the row's features: " + values);
            }
        }
    }
}
