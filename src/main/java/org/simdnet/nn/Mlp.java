package org.simdnet.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A multilayer perceptron: dense layers {@code h = f(W·x + b)} with one hidden activation, the
 * last layer producing logits for a softmax/cross-entropy head. Layer {@code l} maps
 * {@code widths[l]} inputs to {@code widths[l+1]} outputs, with {@code W_l} stored
 * {@code [out × in]} row-major as in PyTorch.
 *
 * <p>All parameters live in one flat array so that an optimizer step is one kernel call over the
 * whole model. Layout, layer by layer: {@code W_l} (out·in floats) then {@code b_l} (out floats).
 * The same layout is used by gradient buffers and by the model file.
 */
public final class Mlp {

    private final int[] widths;
    private final Activation activation;
    private final float[] params;
    private final int[] weightOffsets;
    private final int[] biasOffsets;

    /**
     * Wraps existing parameters (not copied).
     *
     * @throws IllegalArgumentException if there are fewer than two widths, a width below 1, or
     *                                  {@code params} has the wrong length for the widths
     */
    public Mlp(int[] widths, Activation activation, float[] params) {
        if (widths == null || widths.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least an input and an output width, got "
                    + Arrays.toString(widths));
        }
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException("layer widths must be >= 1, got " + Arrays.toString(widths));
            }
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation is null");
        }
        this.widths = widths.clone();
        this.activation = activation;
        int layers = widths.length - 1;
        this.weightOffsets = new int[layers];
        this.biasOffsets = new int[layers];
        long offset = 0;
        for (int l = 0; l < layers; l++) {
            weightOffsets[l] = (int) offset;
            offset += (long) widths[l] * widths[l + 1];
            biasOffsets[l] = (int) offset;
            offset += widths[l + 1];
            if (offset > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("widths " + Arrays.toString(widths) + " need more than 2^31 parameters");
            }
        }
        if (params == null || params.length != offset) {
            throw new IllegalArgumentException("widths " + Arrays.toString(widths) + " need " + offset
                    + " parameters but " + (params == null ? "null" : params.length + "") + " were given");
        }
        this.params = params;
    }

    /**
     * A new MLP initialised like PyTorch's {@code nn.Linear} default: every {@code W} and
     * {@code b} of a layer uniform in {@code ±1/√fan_in}, drawn layer by layer from {@code seed}.
     */
    public static Mlp initialise(int[] widths, Activation activation, long seed) {
        Mlp mlp = new Mlp(widths, activation, new float[parameterCount(widths)]);
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 0; l < mlp.layers(); l++) {
            double bound = 1.0 / Math.sqrt(widths[l]);
            int end = mlp.biasOffset(l) + widths[l + 1];
            for (int i = mlp.weightOffset(l); i < end; i++) {
                mlp.params[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
        }
        return mlp;
    }

    /** Parameters an MLP of these widths has. */
    public static int parameterCount(int[] widths) {
        long count = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            count += (long) widths[l] * widths[l + 1] + widths[l + 1];
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("widths " + Arrays.toString(widths) + " need more than 2^31 parameters");
        }
        return (int) count;
    }

    /** Number of dense layers (widths − 1). */
    public int layers() {
        return widths.length - 1;
    }

    /** Width {@code i}: 0 is the input, {@code layers()} the number of classes. */
    public int width(int i) {
        return widths[i];
    }

    /** A copy of the widths. */
    public int[] widths() {
        return widths.clone();
    }

    /** The input width. */
    public int inputs() {
        return widths[0];
    }

    /** The output width (classes). */
    public int outputs() {
        return widths[widths.length - 1];
    }

    /** The largest width, input and output included. */
    public int maxWidth() {
        int max = 0;
        for (int w : widths) {
            max = Math.max(max, w);
        }
        return max;
    }

    public Activation activation() {
        return activation;
    }

    /** The live parameter array (see the class comment for its layout). */
    public float[] params() {
        return params;
    }

    /** Offset of {@code W_l} in {@link #params()}. */
    public int weightOffset(int layer) {
        return weightOffsets[layer];
    }

    /** Offset of {@code b_l} in {@link #params()}. */
    public int biasOffset(int layer) {
        return biasOffsets[layer];
    }

    /** A deep copy. */
    public Mlp copy() {
        return new Mlp(widths, activation, params.clone());
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Mlp[");
        for (int i = 0; i < widths.length; i++) {
            s.append(i == 0 ? "" : " → ").append(widths[i]);
        }
        return s.append(", ").append(activation.cliName()).append(", ")
                .append(params.length).append(" parameters]").toString();
    }
}
