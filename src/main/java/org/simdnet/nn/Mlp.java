package org.simdnet.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.simdnet.layer.Activation;
import org.simdnet.layer.Dense;
import org.simdnet.layer.Head;
import org.simdnet.layer.Layer;
import org.simdnet.layer.SoftmaxCrossEntropy;

/**
 * A model: an ordered list of {@link Layer}s from {@link #inputs()} features to
 * {@link #outputs()} outputs, ending in a loss {@link Head}, e.g.
 * {@code Dense(2, 64) → ReLU → Dense(64, 64) → Tanh → Dense(64, 3)} + softmax cross-entropy.
 *
 * <p>All parameters live in one flat array so that an optimizer step is one kernel call over the
 * whole model: layer after layer, each layer's own span ({@link #parameterOffset(int)}); a Dense
 * layer's span is {@code W [out × in]} row-major, then {@code b [out]}. Gradient buffers and model
 * files use the same layout. Free key/value metadata (strings) travels with the model into files.
 */
public final class Mlp {

    private final int inputs;
    private final Layer[] layers;
    /** {@code widths[i]}: the input width of layer i; {@code widths[layers]}: the outputs. */
    private final int[] widths;
    private final int[] offsets;
    private final Head head;
    private final float[] params;
    /** Indices of the Dense layers, in order. */
    private final int[] dense;
    private final Map<String, String> metadata = new TreeMap<>();

    /**
     * Wraps existing parameters (not copied).
     *
     * @throws IllegalArgumentException when the layers do not chain (a Dense layer whose fan-in
     *         differs from the width before it), the head does not fit the outputs, or
     *         {@code params} has the wrong length
     */
    public Mlp(int inputs, List<? extends Layer> layers, Head head, float[] params) {
        if (inputs < 1) {
            throw new IllegalArgumentException("a model needs at least one input, got " + inputs);
        }
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one layer");
        }
        if (head == null) {
            throw new IllegalArgumentException("head is null");
        }
        this.inputs = inputs;
        this.layers = layers.toArray(new Layer[0]);
        this.widths = new int[this.layers.length + 1];
        this.offsets = new int[this.layers.length];
        this.head = head;
        widths[0] = inputs;
        long offset = 0;
        int denseCount = 0;
        for (int i = 0; i < this.layers.length; i++) {
            Layer layer = this.layers[i];
            if (layer == null) {
                throw new IllegalArgumentException("layer " + i + " is null");
            }
            try {
                widths[i + 1] = layer.outputWidth(widths[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + i + ": " + e.getMessage() + " (the layer before gives "
                        + widths[i] + ")", e);
            }
            offsets[i] = (int) offset;
            offset += layer.parameterCount(widths[i]);
            if (offset > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(describeLayers() + " needs more than 2^31 parameters");
            }
            denseCount += layer instanceof Dense ? 1 : 0;
        }
        head.checkOutputs(widths[this.layers.length]);
        if (params == null || params.length != offset) {
            throw new IllegalArgumentException(describeLayers() + " needs " + offset + " parameters but "
                    + (params == null ? "null" : params.length + "") + " were given");
        }
        this.params = params;
        this.dense = new int[denseCount];
        for (int i = 0, d = 0; i < this.layers.length; i++) {
            if (this.layers[i] instanceof Dense) {
                dense[d++] = i;
            }
        }
    }

    /**
     * The classic perceptron: Dense layers of {@code widths} with {@code activation} after each but
     * the last, softmax cross-entropy head. {@code [2, 100, 3]} is the lecture's net.
     */
    public Mlp(int[] widths, Activation activation, float[] params) {
        this(checkWidths(widths)[0], stack(widths, activation), new SoftmaxCrossEntropy(), params);
    }

    /**
     * A new model with every layer initialised as PyTorch does by default (Dense: {@code W} and
     * {@code b} uniform in {@code ±1/√fan_in}), drawn layer by layer, in parameter order, from
     * {@code seed}.
     */
    public static Mlp initialise(int inputs, List<? extends Layer> layers, Head head, long seed) {
        Mlp probe = new Mlp(inputs, layers, head, new float[parameterCount(inputs, layers)]);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < probe.layers.length; i++) {
            probe.layers[i].initialise(probe.widths[i], probe.params, probe.offsets[i], random);
        }
        return probe;
    }

    /** {@link #initialise(int, List, Head, long)} of the classic perceptron. */
    public static Mlp initialise(int[] widths, Activation activation, long seed) {
        return initialise(checkWidths(widths)[0], stack(widths, activation), new SoftmaxCrossEntropy(), seed);
    }

    /**
     * Dense layers of {@code widths} with {@code activations.get(i)} after hidden layer i (one
     * activation for all when the list has one entry).
     */
    public static List<Layer> stack(int[] widths, List<? extends Activation> activations) {
        checkWidths(widths);
        int hidden = widths.length - 2;
        if (hidden > 0 && activations.size() != 1 && activations.size() != hidden) {
            throw new IllegalArgumentException(hidden + " hidden layers need one activation or " + hidden
                    + ", got " + activations.size());
        }
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l + 1 < widths.length; l++) {
            layers.add(new Dense(widths[l], widths[l + 1]));
            if (l + 2 < widths.length) {
                layers.add(activations.get(activations.size() == 1 ? 0 : l));
            }
        }
        return layers;
    }

    private static List<Layer> stack(int[] widths, Activation activation) {
        if (activation == null) {
            throw new IllegalArgumentException("activation is null");
        }
        return stack(widths, List.of(activation));
    }

    private static int[] checkWidths(int[] widths) {
        if (widths == null || widths.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least an input and an output width, got "
                    + java.util.Arrays.toString(widths));
        }
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException("layer widths must be >= 1, got " + java.util.Arrays.toString(widths));
            }
        }
        return widths;
    }

    /** Parameters these layers have from {@code inputs} features. */
    public static int parameterCount(int inputs, List<? extends Layer> layers) {
        long count = 0;
        int width = inputs;
        for (Layer layer : layers) {
            count += layer.parameterCount(width);
            width = layer.outputWidth(width);
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("the layers need more than 2^31 parameters");
            }
        }
        return (int) count;
    }

    /** The layers, in order (unmodifiable). */
    public List<Layer> layers() {
        return Collections.unmodifiableList(java.util.Arrays.asList(layers));
    }

    /** Number of layers, activations included. */
    public int layerCount() {
        return layers.length;
    }

    /** Layer {@code i}. */
    public Layer layer(int i) {
        return layers[i];
    }

    /** The width going into layer {@code i}; {@code widthBefore(layerCount())} is the outputs. */
    public int widthBefore(int i) {
        return widths[i];
    }

    /** Where layer {@code i}'s parameters start in {@link #params()}. */
    public int parameterOffset(int i) {
        return offsets[i];
    }

    public Head head() {
        return head;
    }

    /** The input width. */
    public int inputs() {
        return inputs;
    }

    /** The output width (classes, or regression outputs). */
    public int outputs() {
        return widths[layers.length];
    }

    /** The largest width anywhere, input and output included. */
    public int maxWidth() {
        int max = 0;
        for (int w : widths) {
            max = Math.max(max, w);
        }
        return max;
    }

    /** Number of Dense layers. */
    public int denseCount() {
        return dense.length;
    }

    /** The Dense layers' widths: the input, then each Dense layer's fan-out. */
    public int[] denseWidths() {
        int[] w = new int[dense.length + 1];
        w[0] = inputs;
        for (int d = 0; d < dense.length; d++) {
            w[d + 1] = widths[dense[d] + 1];
        }
        return w;
    }

    /** Offset of {@code W} of the {@code d}-th Dense layer in {@link #params()}. */
    public int weightOffset(int d) {
        return offsets[dense[d]];
    }

    /** Offset of {@code b} of the {@code d}-th Dense layer in {@link #params()}. */
    public int biasOffset(int d) {
        Dense layer = (Dense) layers[dense[d]];
        return offsets[dense[d]] + layer.in() * layer.out();
    }

    /** The live parameter array (see the class comment for its layout). */
    public float[] params() {
        return params;
    }

    /** The metadata, sorted by key (unmodifiable view). */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /**
     * Sets a metadata entry (files keep it); a null value removes the key.
     *
     * @throws IllegalArgumentException for a null or empty key
     */
    public void putMetadata(String key, String value) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("metadata keys must be non-empty");
        }
        if (value == null) {
            metadata.remove(key);
        } else {
            metadata.put(key, value);
        }
    }

    /** A deep copy (parameters and metadata). */
    public Mlp copy() {
        Mlp copy = new Mlp(inputs, layers(), head, params.clone());
        copy.metadata.putAll(metadata);
        return copy;
    }

    private String describeLayers() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < layers.length; i++) {
            s.append(i == 0 ? "" : " → ").append(layers[i]);
        }
        return s.toString();
    }

    /**
     * A short form for titles: the widths with each activation after its width, e.g.
     * {@code 2 → 100 ReLU → 3} or {@code 2 → 64 ReLU → 64 Tanh → 3}.
     */
    public String summary() {
        StringBuilder s = new StringBuilder().append(inputs);
        for (Layer layer : layers) {
            if (layer instanceof Dense) {
                s.append(" → ").append(((Dense) layer).out());
            } else {
                s.append(' ').append(layer);
            }
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "Mlp[" + describeLayers() + " → " + head + ", " + params.length + " parameters]";
    }
}
