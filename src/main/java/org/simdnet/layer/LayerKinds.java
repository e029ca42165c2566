package org.simdnet.layer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every layer kind and head simdnet knows: the one list that file readers, the command line and
 * descriptions look kinds up in. Adding an activation adds one line here.
 */
public final class LayerKinds {

    private static final List<LayerKind> LAYERS = List.of(
            Dense.KIND,
            Identity.KIND,
            ReLU.KIND,
            Tanh.KIND,
            Sigmoid.KIND,
            LeakyReLU.KIND,
            GELU.KIND);

    private static final List<HeadKind> HEADS = List.of(
            SoftmaxCrossEntropy.KIND,
            MeanSquaredError.KIND,
            SigmoidCrossEntropy.KIND);

    private LayerKinds() {
    }

    /** Every layer kind, in code order. */
    public static List<LayerKind> all() {
        return LAYERS;
    }

    /** Every head kind, in code order. */
    public static List<HeadKind> heads() {
        return HEADS;
    }

    /** The layer kind with this file code, or null. */
    public static LayerKind byCode(int code) {
        for (LayerKind k : LAYERS) {
            if (k.code() == code) {
                return k;
            }
        }
        return null;
    }

    /** The layer kind with this name, or null. */
    public static LayerKind byName(String name) {
        for (LayerKind k : LAYERS) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** The head kind with this file code, or null. */
    public static HeadKind headByCode(int code) {
        for (HeadKind k : HEADS) {
            if (k.code() == code) {
                return k;
            }
        }
        return null;
    }

    /** The names of the activation kinds, for usage lines and messages. */
    public static List<String> activationNames() {
        List<String> names = new ArrayList<>();
        for (LayerKind k : LAYERS) {
            if (k.isActivation()) {
                names.add(k.name());
            }
        }
        return names;
    }

    /**
     * An activation from its command-line spelling: its name ({@code relu}, {@code leaky_relu}, any
     * case), optionally followed by {@code :} and its attribute ({@code leaky_relu:0.2}).
     *
     * @throws IllegalArgumentException naming the known activations when the name is unknown
     */
    public static Activation activation(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        String name = s;
        float[] attributes = null;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            name = s.substring(0, colon);
            String[] parts = s.substring(colon + 1).split(":");
            attributes = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    attributes[i] = Float.parseFloat(parts[i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("activation '" + spec + "': '" + parts[i] + "' is not a number");
                }
            }
        }
        for (LayerKind k : LAYERS) {
            if (k.isActivation() && k.name().equals(name)) {
                return (Activation) k.create(1, 1, attributes == null ? k.defaultAttributes() : attributes);
            }
        }
        throw new IllegalArgumentException("unknown activation '" + spec + "' (expected one of "
                + String.join(", ", activationNames()) + ")");
    }

    /** A head from its name ({@code softmax_cross_entropy}, {@code mse}, {@code sigmoid_bce}). */
    public static Head head(String name) {
        String s = name.trim().toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        for (HeadKind k : HEADS) {
            if (k.name().equals(s)) {
                return k.create();
            }
            names.add(k.name());
        }
        throw new IllegalArgumentException("unknown head '" + name + "' (expected one of " + String.join(", ", names) + ")");
    }
}
