package org.simdnet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.simdnet.format.ModelFile;
import org.simdnet.io.AtomicFiles;
import org.simdnet.layer.Dense;
import org.simdnet.layer.GELU;
import org.simdnet.layer.Head;
import org.simdnet.layer.Identity;
import org.simdnet.layer.Layer;
import org.simdnet.layer.LayerKinds;
import org.simdnet.layer.LeakyReLU;
import org.simdnet.layer.MeanSquaredError;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.Sigmoid;
import org.simdnet.layer.SigmoidCrossEntropy;
import org.simdnet.layer.SoftmaxCrossEntropy;
import org.simdnet.layer.Tanh;
import org.simdnet.nn.Mlp;
import org.simdnet.onnx.OnnxExport;
import org.simdnet.onnx.OnnxFiles;
import org.simdnet.onnx.OnnxImport;

/**
 * simdnet's front door: a neural network (an ordered list of layers ending in a loss head, with
 * its parameters and free key/value metadata) that can be built, trained, saved, loaded and
 * served.
 *
 * <pre>{@code
 * Model model = Model.builder(2).dense(64).relu().dense(64).tanh().dense(3)
 *         .softmaxCrossEntropy().build(42);
 * model.train(x, labels, rows, TrainingConfig.defaults().withEpochs(500), TrainingListener.NONE);
 * model.save(Path.of("spiral.model"));
 * Predictor predictor = Model.load(Path.of("spiral.model")).predictor();
 * }</pre>
 *
 * A model is not thread-safe while it trains; a {@link Predictor} made from it is, and does not
 * change when the model trains further.
 */
public final class Model {

    private final Mlp mlp;

    private Model(Mlp mlp) {
        this.mlp = mlp;
    }

    // ---------------------------------------------------------------- files

    /**
     * Reads a model file (any version simdnet has written) or an ONNX multilayer perceptron (as
     * {@code torch.onnx.export} writes an {@code nn.Sequential} of {@code Linear}, {@code ReLU},
     * {@code Tanh}, {@code Sigmoid}, {@code LeakyReLU}, {@code GELU(approximate='tanh')},
     * {@code Softmax} and {@code Flatten}; opsets 7 to 21), told apart by their first bytes.
     * An ONNX graph with any other operator is refused with a message naming the operator and node.
     *
     * @param file the model file
     * @return the model
     * @throws IOException when the file cannot be read, or is not a valid simdnet model: corrupt,
     *                     truncated or foreign files are rejected whole, with a message that
     *                     starts with the file name and says why
     */
    public static Model load(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        if (OnnxFiles.isOnnx(file)) {
            return new Model(OnnxImport.read(OnnxFiles.readAll(file), file.toString()));
        }
        return new Model(ModelFile.read(file));
    }

    /**
     * Reads one model from a stream, leaving it just after the model (not closed).
     *
     * @param in the stream
     * @return the model
     * @throws IOException when the stream cannot be read or does not hold a valid model
     */
    public static Model read(InputStream in) throws IOException {
        return new Model(ModelFile.read(in));
    }

    /**
     * A model from a model file's bytes.
     *
     * @param bytes exactly one model file
     * @return the model
     * @throws IOException when the bytes are not a valid simdnet model (the message says why)
     */
    public static Model fromBytes(byte[] bytes) throws IOException {
        if (bytes != null && OnnxImport.looksLikeOnnx(bytes)) {
            return new Model(OnnxImport.read(bytes, "ONNX model"));
        }
        return new Model(ModelFile.fromBytes(bytes));
    }

    /**
     * Writes the model as a standard ONNX model ({@link #toOnnx()}), replacing {@code file}
     * atomically.
     *
     * @param file where to write, by convention {@code *.onnx}
     * @throws IOException when the file cannot be written
     */
    public void exportOnnx(Path file) throws IOException {
        AtomicFiles.write(file, toOnnx());
    }

    /**
     * The model as a standard ONNX model: opset 13, float32, input {@code input [batch, inputs]}
     * with a symbolic batch dimension, each Dense layer a {@code Gemm} ({@code transB=1}), the
     * activations as their operators (GELU as primitive operators), the feature standardization
     * folded into the first {@code Gemm}, and {@code Softmax} or {@code Sigmoid} into the output
     * {@code probabilities} (for regression, the values into {@code output}). The metadata,
     * class names included, goes to {@code metadata_props}. Any ONNX runtime serves it; loading it
     * back with {@link #load} or {@link #fromBytes} gives the same predictions.
     *
     * @return the bytes of the {@code .onnx} file
     */
    public byte[] toOnnx() {
        Standardization standardization = Standardization.of(mlp);
        Mlp exported = standardization == null ? mlp : standardization.foldInto(mlp);
        Map<String, String> metadata = new java.util.TreeMap<>(mlp.metadata());
        metadata.remove(Standardization.MEAN_KEY);
        metadata.remove(Standardization.STD_KEY);
        return OnnxExport.toBytes(exported, metadata, Engine.version());
    }

    /**
     * Writes the model file, replacing {@code file} atomically (a crash leaves the old or the new file).
     *
     * @param file where to write
     * @throws IOException when the file cannot be written
     */
    public void save(Path file) throws IOException {
        ModelFile.write(mlp, file);
    }

    /**
     * Writes the model file's bytes to {@code out} (flushed, not closed).
     *
     * @param out the stream
     * @throws IOException when the stream fails
     */
    public void write(OutputStream out) throws IOException {
        ModelFile.write(mlp, out);
    }

    /**
     * The model file's bytes: the same model always gives the same bytes.
     *
     * @return the bytes of a version-2 model file
     */
    public byte[] toBytes() {
        return ModelFile.toBytes(mlp);
    }

    // ---------------------------------------------------------------- building

    /**
     * A builder for a new model.
     *
     * @param inputs features per sample, at least 1
     * @return a builder with no layers yet and the softmax cross-entropy head
     */
    public static Builder builder(int inputs) {
        return new Builder(inputs);
    }

    /**
     * Builds a model layer by layer: {@code dense(width)} and activations in any order, then a
     * head, then {@link #build(long)}. Dense layers are initialised as PyTorch's {@code nn.Linear}.
     */
    public static final class Builder {
        private final int inputs;
        private final List<Layer> layers = new ArrayList<>();
        private int width;
        private Head head = new SoftmaxCrossEntropy();

        private Builder(int inputs) {
            if (inputs < 1) {
                throw new IllegalArgumentException("a model needs at least one input, got " + inputs);
            }
            this.inputs = inputs;
            this.width = inputs;
        }

        /**
         * A fully connected layer to {@code outputs} units ({@code nn.Linear(width, outputs)}).
         *
         * @param outputs units, at least 1
         * @return this builder
         */
        public Builder dense(int outputs) {
            layers.add(new Dense(width, outputs));
            width = outputs;
            return this;
        }

        /**
         * {@code max(x, 0)}.
         *
         * @return this builder
         */
        public Builder relu() {
            return add(new ReLU());
        }

        /**
         * {@code tanh(x)}.
         *
         * @return this builder
         */
        public Builder tanh() {
            return add(new Tanh());
        }

        /**
         * {@code 1 / (1 + e^−x)}.
         *
         * @return this builder
         */
        public Builder sigmoid() {
            return add(new Sigmoid());
        }

        /**
         * {@code x > 0 ? x : slope·x}.
         *
         * @param slope the negative slope (PyTorch's default is 0.01)
         * @return this builder
         */
        public Builder leakyRelu(float slope) {
            return add(new LeakyReLU(slope));
        }

        /**
         * GELU, PyTorch's tanh form.
         *
         * @return this builder
         */
        public Builder gelu() {
            return add(new GELU());
        }

        /**
         * No non-linearity.
         *
         * @return this builder
         */
        public Builder identity() {
            return add(new Identity());
        }

        /**
         * An activation by name: {@code relu}, {@code tanh}, {@code sigmoid}, {@code identity},
         * {@code gelu}, {@code leaky_relu} or {@code leaky_relu:SLOPE}.
         *
         * @param name the activation's name
         * @return this builder
         * @throws IllegalArgumentException naming the known activations when the name is unknown
         */
        public Builder activation(String name) {
            return add(LayerKinds.activation(name));
        }

        private Builder add(Layer layer) {
            layers.add(layer);
            return this;
        }

        /**
         * Softmax cross-entropy against class labels (the default head): a classifier.
         *
         * @return this builder
         */
        public Builder softmaxCrossEntropy() {
            head = new SoftmaxCrossEntropy();
            return this;
        }

        /**
         * Mean squared error against float targets: regression, any number of outputs.
         *
         * @return this builder
         */
        public Builder meanSquaredError() {
            head = new MeanSquaredError();
            return this;
        }

        /**
         * A sigmoid per output with binary cross-entropy: binary or multi-label classification.
         *
         * @return this builder
         */
        public Builder sigmoidCrossEntropy() {
            head = new SigmoidCrossEntropy();
            return this;
        }

        /**
         * The model, its parameters drawn from {@code seed}.
         *
         * @param seed seeds the initial parameters (the same seed gives the same model)
         * @return the new model
         * @throws IllegalArgumentException when there is no layer or the head does not fit
         */
        public Model build(long seed) {
            return new Model(Mlp.initialise(inputs, layers, head, seed));
        }
    }

    // ---------------------------------------------------------------- serving and training

    /**
     * A thread-safe predictor over a snapshot of the current parameters.
     *
     * @return a new predictor
     */
    public Predictor predictor() {
        Standardization standardization = Standardization.of(mlp);
        return new Predictor(standardization == null ? mlp : standardization.foldInto(mlp));
    }

    /**
     * Fits per-feature standardization {@code (x − mean) / std} on {@code training}'s rows and
     * keeps it in the model (its metadata, so model files keep it too): from then on the model
     * takes raw features everywhere, as training standardizes a copy of its rows and the
     * predictor folds the scaling into the first layer. Fit it on the training rows only, never
     * on rows held out for evaluation. The model's first layer must be Dense.
     *
     * @param training the rows to fit on (their features; the labels are not used)
     * @return this model
     * @throws IllegalArgumentException when the table's width is not the model's input width
     */
    public Model standardizeInputs(Table training) {
        if (training.features() != mlp.inputs()) {
            throw new IllegalArgumentException("the table has " + training.features() + " features, the model "
                    + mlp.inputs() + " inputs");
        }
        Standardization.fit(training.x(), training.rows(), training.features()).storeIn(mlp);
        return this;
    }

    /**
     * The class names kept with the model (by {@link #train(Table, TrainingConfig, TrainingListener)}
     * from a classification table, or read from its file), index by index; empty when it has none.
     *
     * @return the names of classes 0, 1, 2, ...
     */
    public List<String> classNames() {
        return ClassNames.of(mlp);
    }

    /**
     * Trains on a table, in place: its class labels (a softmax cross-entropy model, whose class
     * names are then kept with it) or its numeric targets (a one-output regression model).
     * Features are standardized first when the model has a standardization
     * ({@link #standardizeInputs}).
     *
     * @return the run's curves and the trained model's loss and accuracy
     * @throws IllegalArgumentException when the table does not fit the model
     */
    public TrainingResult train(Table table, TrainingConfig config, TrainingListener listener) {
        if (table.features() != mlp.inputs()) {
            throw new IllegalArgumentException("the table has " + table.features() + " features, the model "
                    + mlp.inputs() + " inputs");
        }
        if (table.classification()) {
            if (table.classes() > mlp.outputs()) {
                throw new IllegalArgumentException("the table has " + table.classes() + " classes, the model "
                        + mlp.outputs() + " outputs");
            }
            ClassNames.store(mlp, table.classNames());
            return train(table.x(), table.labels(), table.rows(), config, listener);
        }
        return train(table.x(), table.targets(), table.rows(), config, listener);
    }

    /**
     * Trains a classifier whose head takes class labels (softmax cross-entropy), in place.
     *
     * @param x        {@code rows × inputs()} features, row-major
     * @param labels   {@code rows} classes in {@code [0, outputs())}
     * @param rows     samples
     * @param config   how to train
     * @param listener told after each epoch; it can stop the run
     * @return the run's curves and the trained model's loss and accuracy
     * @throws IllegalArgumentException naming the row when the data does not fit the model
     */
    public TrainingResult train(float[] x, int[] labels, int rows, TrainingConfig config, TrainingListener listener) {
        return Training.run(mlp, standardized(x, rows), labels, null, rows, config, listener);
    }

    /**
     * Trains a model whose head takes float targets (mean squared error, sigmoid cross-entropy),
     * in place.
     *
     * @param x        {@code rows × inputs()} features, row-major
     * @param targets  {@code rows × outputs()} targets, row-major
     * @param rows     samples
     * @param config   how to train
     * @param listener told after each epoch; it can stop the run
     * @return the run's curves and the trained model's loss
     * @throws IllegalArgumentException naming the row and column when the data does not fit the model
     */
    public TrainingResult train(float[] x, float[] targets, int rows, TrainingConfig config, TrainingListener listener) {
        return Training.run(mlp, standardized(x, rows), null, targets, rows, config, listener);
    }

    /** {@code x} itself, or a standardized copy when the model has a standardization. */
    private float[] standardized(float[] x, int rows) {
        Standardization standardization = Standardization.of(mlp);
        if (standardization == null || x == null || rows < 0 || x.length < (long) rows * mlp.inputs()) {
            return x;               // (bad arguments are reported by the trainer, naming them)
        }
        return standardization.apply(x, rows);
    }

    // ---------------------------------------------------------------- description

    /**
     * Features one sample has.
     *
     * @return the input width
     */
    public int inputs() {
        return mlp.inputs();
    }

    /**
     * Outputs: classes, or regression values.
     *
     * @return the output width
     */
    public int outputs() {
        return mlp.outputs();
    }

    /**
     * The layers, as they read: {@code [Dense(2, 64), ReLU, Dense(64, 3)]}.
     *
     * @return one description per layer, in order
     */
    public List<String> layers() {
        List<String> names = new ArrayList<>();
        for (Layer l : mlp.layers()) {
            names.add(l.toString());
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * The head's name.
     *
     * @return {@code softmax_cross_entropy}, {@code mse} or {@code sigmoid_bce}
     */
    public String head() {
        return mlp.head().kind().name();
    }

    /**
     * Whether the model predicts classes.
     *
     * @return true unless the head is a regression head
     */
    public boolean classifies() {
        return mlp.head().classifies();
    }

    /**
     * Number of parameters.
     *
     * @return the length of {@link #parameters()}
     */
    public int parameterCount() {
        return mlp.params().length;
    }

    /**
     * A copy of the parameters, layer after layer (a Dense layer's {@code W [out × in]}, then {@code b}).
     *
     * @return the parameters
     */
    public float[] parameters() {
        return mlp.params().clone();
    }

    /** The model itself, for this package's classes (tests among them). */
    Mlp mlp() {
        return mlp;
    }

    /**
     * The metadata, sorted by key; model files keep it.
     *
     * @return an unmodifiable view
     */
    public Map<String, String> metadata() {
        return mlp.metadata();
    }

    /**
     * Sets a metadata entry; a null value removes the key.
     *
     * @param key   a non-empty key
     * @param value the value, or null
     * @return this model
     */
    public Model putMetadata(String key, String value) {
        mlp.putMetadata(key, value);
        return this;
    }

    /**
     * A deep copy.
     *
     * @return a model with the same layers, head, parameters and metadata
     */
    public Model copy() {
        return new Model(mlp.copy());
    }

    @Override
    public String toString() {
        return mlp.toString().replaceFirst("^Mlp", "Model");
    }
}
