package org.simdnet.spark;

import java.io.IOException;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.simdnet.Model;
import org.simdnet.TrainingConfig;
import org.simdnet.optim.OptimizerSpec;

/**
 * Trains a simdnet model on a DataFrame with data parallelism across the cluster, as a Spark ML
 * {@link Estimator}: {@link #fit} returns a {@link SimdnetModelTransformer} holding the trained
 * model.
 *
 * <p>Each step every partition computes the gradients of its shards of the batch with the core's
 * kernels; the driver adds them in a fixed tree and applies the optimizer. <b>For the same rows in
 * the same order, the same initial model and the same {@link #trainingConfig()}, the trained model
 * is bit for bit the one {@link Model#train} leaves</b>, however many partitions or executors
 * there are (docs/spark.md, "Determinism"). The order is the DataFrame's (as {@code collect}
 * returns it); executors must run the same kernels as the machine compared with (the vector
 * kernels: {@code --add-modules jdk.incubator.vector}).
 *
 * <p>Input: the features as for the transformer ({@link #featuresCol()}, a Vector column, or
 * {@link #inputCols()}, numeric columns in the model's input order) and {@link #labelCol()}: for
 * a softmax cross-entropy model a numeric column of class indices 0, 1, ..., for other heads the
 * targets (a numeric column for one output, a Vector column for several). A null, NaN or
 * infinite value, or a label that is not one of the model's classes, fails the job naming the
 * column and the row.
 *
 * <p>The model to train (its layers, head and initial parameters) is given whole:
 * {@code setModel(Model.builder(64).dense(128).relu().dense(10).build(seed))}; it is not changed.
 */
public final class SimdnetEstimator extends Estimator<SimdnetModelTransformer> implements MLWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<byte[]> modelBytes;
    private final Param<String> featuresCol;
    private final StringArrayParam inputCols;
    private final Param<String> labelCol;
    private final Param<String> predictionCol;
    private final Param<String> probabilityCol;
    private final IntParam epochs;
    private final IntParam batchSize;
    private final IntParam shardRows;
    private final LongParam seed;
    private final Param<String> optimizer;
    private final DoubleParam stepSize;
    private final DoubleParam momentum;
    private final BooleanParam nesterov;
    private final DoubleParam weightDecay;
    private final DoubleParam clipNorm;

    private transient byte[] parsedFrom;
    private transient Model parsed;
    private transient DataParallelFit.Report lastReport;

    /** An estimator with a random uid. */
    public SimdnetEstimator() {
        this(Identifiable$.MODULE$.randomUID("simdnetEstimator"));
    }

    /**
     * An estimator with the given uid (Spark's copy and persistence use this).
     *
     * @param uid its uid
     */
    public SimdnetEstimator(String uid) {
        this.uid = uid;
        modelBytes = new Param<>(this, "modelBytes", "the model to train: a simdnet model file's bytes");
        featuresCol = ColumnParams.featuresCol(this);
        inputCols = ColumnParams.inputCols(this);
        labelCol = new Param<>(this, "labelCol", "class indices, or the targets of a regression or multi-label model");
        predictionCol = ColumnParams.predictionCol(this);
        probabilityCol = ColumnParams.probabilityCol(this);
        epochs = new IntParam(this, "epochs", "passes over the data", ParamValidators.gtEq(1));
        batchSize = new IntParam(this, "batchSize", "rows per optimizer step; 0 for full batch",
                ParamValidators.gtEq(0));
        shardRows = new IntParam(this, "shardRows", "rows per shard (the unit of work and of the reduction "
                + "tree); 0 for the trainer's automatic size", ParamValidators.gtEq(0));
        seed = new LongParam(this, "seed", "the seed of the epochs' row order");
        optimizer = new Param<>(this, "optimizer", "adam, adamw or sgd (PyTorch's update rules)",
                ParamValidators.inArray(new String[] {"adam", "adamw", "sgd"}));
        stepSize = new DoubleParam(this, "stepSize", "the learning rate", ParamValidators.gtEq(0));
        momentum = new DoubleParam(this, "momentum", "sgd's momentum, in [0, 1)", ParamValidators.inRange(0, 1, true,
                false));
        nesterov = new BooleanParam(this, "nesterov", "sgd with Nesterov momentum");
        weightDecay = new DoubleParam(this, "weightDecay",
                "weight decay (L2 for adam and sgd, decoupled for adamw); unset: 0, or 0.01 for adamw",
                ParamValidators.gtEq(0));
        clipNorm = new DoubleParam(this, "clipNorm", "clip the gradient's global L2 norm to this; 0 for none",
                ParamValidators.gtEq(0));
        setDefault(featuresCol, ColumnParams.FEATURES);
        setDefault(inputCols, new String[0]);
        setDefault(labelCol, "label");
        setDefault(predictionCol, ColumnParams.PREDICTION);
        setDefault(probabilityCol, ColumnParams.PROBABILITY);
        setDefault(epochs, 10);
        setDefault(batchSize, 32);
        setDefault(shardRows, 0);
        setDefault(seed, 12345L);
        setDefault(optimizer, "adam");
        setDefault(stepSize, 1e-3);
        setDefault(momentum, 0.0);
        setDefault(nesterov, false);
        setDefault(clipNorm, 0.0);
    }

    @Override
    public String uid() {
        return uid;
    }

    // ---- params -------------------------------------------------------------------------------

    /** @return the initial model's bytes param */
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

    /** @return the label (or targets) column param */
    public Param<String> labelCol() {
        return labelCol;
    }

    /** @return the fitted transformer's prediction column param */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    /** @return the fitted transformer's probability column param */
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    /** @return the epochs param */
    public IntParam epochs() {
        return epochs;
    }

    /** @return the batch size param */
    public IntParam batchSize() {
        return batchSize;
    }

    /** @return the shard size param */
    public IntParam shardRows() {
        return shardRows;
    }

    /** @return the seed param */
    public LongParam seed() {
        return seed;
    }

    /** @return the optimizer param */
    public Param<String> optimizer() {
        return optimizer;
    }

    /** @return the learning rate param */
    public DoubleParam stepSize() {
        return stepSize;
    }

    /** @return sgd's momentum param */
    public DoubleParam momentum() {
        return momentum;
    }

    /** @return sgd's Nesterov param */
    public BooleanParam nesterov() {
        return nesterov;
    }

    /** @return the weight decay param */
    public DoubleParam weightDecay() {
        return weightDecay;
    }

    /** @return the gradient clipping param */
    public DoubleParam clipNorm() {
        return clipNorm;
    }

    /**
     * Trains this model (a copy; the argument is not changed).
     *
     * @param model the layers, head and initial parameters
     * @return this
     */
    public SimdnetEstimator setModel(Model model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        byte[] bytes = model.toBytes();
        set(modelBytes, bytes);
        parsedFrom = bytes;
        parsed = model.copy();
        return this;
    }

    /** @param name the vector features column @return this */
    public SimdnetEstimator setFeaturesCol(String name) {
        set(featuresCol, name);
        return this;
    }

    /** @param names numeric feature columns, in the model's input order @return this */
    public SimdnetEstimator setInputCols(String... names) {
        set(inputCols, names);
        return this;
    }

    /** @param name the label or targets column @return this */
    public SimdnetEstimator setLabelCol(String name) {
        set(labelCol, name);
        return this;
    }

    /** @param name the fitted transformer's prediction column @return this */
    public SimdnetEstimator setPredictionCol(String name) {
        set(predictionCol, name);
        return this;
    }

    /** @param name the fitted transformer's probability column @return this */
    public SimdnetEstimator setProbabilityCol(String name) {
        set(probabilityCol, name);
        return this;
    }

    /** @param n passes over the data @return this */
    public SimdnetEstimator setEpochs(int n) {
        set(epochs, n);
        return this;
    }

    /** @param rows rows per step, 0 for full batch @return this */
    public SimdnetEstimator setBatchSize(int rows) {
        set(batchSize, rows);
        return this;
    }

    /** @param rows rows per shard, 0 for automatic @return this */
    public SimdnetEstimator setShardRows(int rows) {
        set(shardRows, rows);
        return this;
    }

    /** @param value the seed of the row order @return this */
    public SimdnetEstimator setSeed(long value) {
        set(seed, value);
        return this;
    }

    /** @param name adam, adamw or sgd @return this */
    public SimdnetEstimator setOptimizer(String name) {
        set(optimizer, name);
        return this;
    }

    /** @param lr the learning rate @return this */
    public SimdnetEstimator setStepSize(double lr) {
        set(stepSize, lr);
        return this;
    }

    /** @param value sgd's momentum @return this */
    public SimdnetEstimator setMomentum(double value) {
        set(momentum, value);
        return this;
    }

    /** @param value whether sgd uses Nesterov momentum @return this */
    public SimdnetEstimator setNesterov(boolean value) {
        set(nesterov, value);
        return this;
    }

    /** @param value the weight decay @return this */
    public SimdnetEstimator setWeightDecay(double value) {
        set(weightDecay, value);
        return this;
    }

    /** @param value the largest global L2 norm of a step's gradient, 0 for no clipping @return this */
    public SimdnetEstimator setClipNorm(double value) {
        set(clipNorm, value);
        return this;
    }

    /**
     * The model to train, read from its bytes.
     *
     * @throws IllegalStateException when no model was set
     */
    public Model model() {
        if (!isDefined(modelBytes)) {
            throw new IllegalStateException(uid + ": no model to train: call setModel");
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

    /**
     * The core's training configuration these params make: pass it to {@link Model#train} to get
     * the same model on one machine.
     */
    public TrainingConfig trainingConfig() {
        float lr = (float) (double) $(stepSize);
        float decay = isDefined(weightDecay) ? (float) (double) $(weightDecay) : Float.NaN;
        OptimizerSpec spec;
        switch ($(optimizer)) {
            case "sgd":
                spec = OptimizerSpec.sgd(lr, (float) (double) $(momentum), 0f, Float.isNaN(decay) ? 0f : decay,
                        (Boolean) $(nesterov));
                break;
            case "adamw":
                spec = Float.isNaN(decay) ? OptimizerSpec.adamW(lr) : OptimizerSpec.adamW(lr, decay);
                break;
            default:
                spec = Float.isNaN(decay) ? OptimizerSpec.adam(lr) : OptimizerSpec.adam(lr, decay);
        }
        return TrainingConfig.defaults().withEpochs((Integer) $(epochs)).withBatchSize((Integer) $(batchSize))
                .withShardRows((Integer) $(shardRows)).withSeed((Long) $(seed)).withOptimizer(spec)
                .withClipNorm((float) (double) $(clipNorm));
    }

    // ---- fitting ------------------------------------------------------------------------------

    @Override
    public StructType transformSchema(StructType schema) {
        Model model = model();
        features(model).bind(schema);
        label(model).bind(schema);
        return transformer(model).transformSchema(schema);
    }

    @Override
    public SimdnetModelTransformer fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Model trained = model().copy();
        TrainingConfig config = trainingConfig();
        lastReport = DataParallelFit.run(dataset, features(trained), label(trained), trained, config);
        return transformer(trained).setParent(this);
    }

    /** What the last {@link #fit} did (rows, partitions, steps, times), as a line; null before any. */
    public String lastFitSummary() {
        return lastReport == null ? null : lastReport.toString();
    }

    private FeatureColumns features(Model model) {
        String[] cols = $(inputCols);
        return cols.length > 0 ? FeatureColumns.numeric(cols, model.inputs())
                : FeatureColumns.vector($(featuresCol), model.inputs());
    }

    private LabelColumn label(Model model) {
        return new LabelColumn($(labelCol), model.head().equals("softmax_cross_entropy"), model.outputs());
    }

    private SimdnetModelTransformer transformer(Model model) {
        SimdnetModelTransformer t = new SimdnetModelTransformer(uid + "_model").setModel(model)
                .setPredictionCol($(predictionCol)).setProbabilityCol($(probabilityCol));
        String[] cols = $(inputCols);
        return cols.length > 0 ? t.setInputCols(cols) : t.setFeaturesCol($(featuresCol));
    }

    @Override
    public SimdnetEstimator copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    // ---- persistence --------------------------------------------------------------------------

    /** A writer that saves this stage (its params and its initial model): {@code write().save(path)}. */
    @Override
    public MLWriter write() {
        model();
        return new ModelStageWriter(this, $(modelBytes));
    }

    /** The reader of saved estimators; Spark's {@code Pipeline.load} finds it by this name. */
    public static MLReader<SimdnetEstimator> read() {
        return new ModelStageReader<>(SimdnetEstimator.class, SimdnetEstimator::new,
                (stage, loaded) -> stage.useLoaded(loaded.bytes, loaded.model));
    }

    /** Loads a saved estimator, {@code read().load(path)}. */
    public static SimdnetEstimator load(String path) {
        return read().load(path);
    }

    private void useLoaded(byte[] bytes, Model model) {
        set(modelBytes, bytes);
        parsedFrom = bytes;
        parsed = model;
    }
}
