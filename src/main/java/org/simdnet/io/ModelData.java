package org.simdnet.io;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a model file holds: the layer widths of a fully connected net, the hidden activation and
 * every parameter in one flat array. {@code widths = [2, 100, 3]} is the course net
 * {@code 2 → 100 → 3}: layer {@code l} (0-indexed) maps {@code widths[l]} inputs to
 * {@code widths[l+1]} outputs. The hidden activation follows every layer but the last, whose
 * outputs are the logits.
 *
 * <p>Parameter order, layer after layer:
 * <pre>
 *   for l = 0 … L−1:   W_l  [out × in] row-major (one row per output unit),  then  b_l [out]
 *   with in = widths[l], out = widths[l+1]
 * </pre>
 * {@link #weightOffset(int)} and {@link #biasOffset(int)} give where each block starts.
 *
 * <p>Instances are immutable: the constructor and the accessors copy the arrays.
 */
public final class ModelData {

    /** The hidden activations a model file can name. */
    public static final List<String> ACTIVATIONS = List.of("identity", "relu", "tanh");

    /** At most this many layers, so a corrupt header cannot make a reader loop for ever. */
    public static final int MAX_LAYERS = 1024;

    /** At most this many parameters (400 MB of floats), so a corrupt size cannot exhaust memory. */
    public static final int MAX_PARAMETERS = 100_000_000;

    private final int[] widths;
    private final String activation;
    private final float[] params;

    /**
     * @param widths layer widths, input first: at least 2 entries, each &gt;= 1
     * @param activation hidden activation, one of {@link #ACTIVATIONS} (any letter case)
     * @param params all parameters in the documented order; every value finite
     * @throws IllegalArgumentException when a value is missing or out of range, or
     *         {@code params.length} differs from what the widths need
     */
    public ModelData(int[] widths, String activation, float[] params) {
        if (widths == null || activation == null || params == null) {
            throw new IllegalArgumentException("widths, activation and params must not be null");
        }
        long needed = parameterCount(widths);
        String name = activation.toLowerCase(Locale.ROOT);
        if (!ACTIVATIONS.contains(name)) {
            throw new IllegalArgumentException("unknown activation '" + activation + "', expected one of "
                    + ACTIVATIONS);
        }
        if (params.length != needed) {
            throw new IllegalArgumentException("widths " + Arrays.toString(widths) + " need " + needed
                    + " parameters but params has " + params.length);
        }
        for (int i = 0; i < params.length; i++) {
            if (!Float.isFinite(params[i])) {
                throw new IllegalArgumentException("parameter " + i + " is " + params[i]
                        + "; a model's parameters must be finite");
            }
        }
        this.widths = widths.clone();
        this.activation = name;
        this.params = params.clone();
    }

    /**
     * How many parameters a net of these widths has: {@code Σ_l out·in + out}.
     *
     * @throws IllegalArgumentException when there are fewer than 2 or more than
     *         {@link #MAX_LAYERS}{@code + 1} widths, a width is below 1, or the count exceeds
     *         {@link #MAX_PARAMETERS}
     */
    public static int parameterCount(int[] widths) {
        if (widths == null || widths.length < 2 || widths.length > MAX_LAYERS + 1) {
            throw new IllegalArgumentException("a model needs 2 to " + (MAX_LAYERS + 1)
                    + " layer widths (input, ..., output), got "
                    + (widths == null ? "null" : Arrays.toString(widths)));
        }
        long count = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            if (widths[l] < 1 || widths[l + 1] < 1) {
                throw new IllegalArgumentException("layer widths must be >= 1, got " + Arrays.toString(widths));
            }
            // Each factor is below 2^31, so the product fits a long; stop as soon as it is too big.
            count += (long) widths[l + 1] * widths[l] + widths[l + 1];
            if (count > MAX_PARAMETERS) {
                throw new IllegalArgumentException("widths " + Arrays.toString(widths) + " need more than "
                        + MAX_PARAMETERS + " parameters");
            }
        }
        return (int) count;
    }

    /** Layer widths, input first (a copy). */
    public int[] widths() {
        return widths.clone();
    }

    /** Number of weight layers, {@code widths().length − 1}. */
    public int layerCount() {
        return widths.length - 1;
    }

    /** The hidden activation: "identity", "relu" or "tanh". */
    public String activation() {
        return activation;
    }

    /** All parameters in the documented order (a copy). */
    public float[] params() {
        return params.clone();
    }

    /** Number of parameters, {@code params().length}. */
    public int parameterCount() {
        return params.length;
    }

    /** Where {@code W_layer} ({@code widths[layer+1] × widths[layer]}) starts in {@link #params()}. */
    public int weightOffset(int layer) {
        if (layer < 0 || layer >= layerCount()) {
            throw new IllegalArgumentException("layer " + layer + " is outside [0, " + layerCount() + ")");
        }
        int offset = 0;
        for (int l = 0; l < layer; l++) {
            offset += widths[l + 1] * widths[l] + widths[l + 1];
        }
        return offset;
    }

    /** Where {@code b_layer} ({@code widths[layer+1]} values) starts in {@link #params()}. */
    public int biasOffset(int layer) {
        return weightOffset(layer) + widths[layer + 1] * widths[layer];
    }

    /** Equal when widths, activation and every parameter bit are equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ModelData)) {
            return false;
        }
        ModelData other = (ModelData) o;
        return Arrays.equals(widths, other.widths) && activation.equals(other.activation)
                && Arrays.equals(params, other.params);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(widths) + activation.hashCode()) + Arrays.hashCode(params);
    }

    @Override
    public String toString() {
        return "ModelData[widths " + Arrays.toString(widths) + ", " + activation + ", "
                + params.length + " parameters]";
    }
}
