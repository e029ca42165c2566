package org.simdnet.layer;

import java.util.Arrays;
import org.simdnet.onnx.OnnxForm;

/**
 * A layer kind's identity: the name used on the command line and in descriptions, the code that
 * stands for it in model files (stable forever: never reuse or renumber one), how many attributes
 * it carries and how to make one from them. Each layer class declares its own kind; the only list
 * of them all is {@link LayerKinds}.
 */
public final class LayerKind {

    /** Makes a layer of this kind from the widths around it and its attributes. */
    @FunctionalInterface
    public interface Factory {
        /**
         * @throws IllegalArgumentException when the widths or attributes do not make a valid layer
         */
        Layer create(int inputs, int outputs, float[] attributes);
    }

    private final String name;
    private final int code;
    private final float[] defaultAttributes;
    private final boolean activation;
    private final Factory factory;
    private final OnnxForm onnx;

    /**
     * @param defaultAttributes the attributes a layer gets when none are given; their count is the
     *                          count every layer of the kind carries
     * @param activation        true for width-preserving element-wise kinds (the ones that may
     *                          follow a hidden layer on the command line)
     */
    public LayerKind(String name, int code, float[] defaultAttributes, boolean activation, Factory factory) {
        this(name, code, defaultAttributes, activation, factory, null);
    }

    /**
     * @param onnx how layers of this kind read in ONNX, or null when they have no ONNX form
     */
    public LayerKind(String name, int code, float[] defaultAttributes, boolean activation, Factory factory,
                     OnnxForm onnx) {
        this.onnx = onnx;
        this.name = name;
        this.code = code;
        this.defaultAttributes = defaultAttributes.clone();
        this.activation = activation;
        this.factory = factory;
    }

    public String name() {
        return name;
    }

    public int code() {
        return code;
    }

    /** How layers of this kind read in ONNX; null when they cannot be exported. */
    public OnnxForm onnx() {
        return onnx;
    }

    /** Attributes every layer of this kind carries in a file. */
    public int attributeCount() {
        return defaultAttributes.length;
    }

    public float[] defaultAttributes() {
        return defaultAttributes.clone();
    }

    /** True for element-wise activations. */
    public boolean isActivation() {
        return activation;
    }

    /**
     * A layer of this kind.
     *
     * @throws IllegalArgumentException when the attribute count is wrong or the factory refuses
     */
    public Layer create(int inputs, int outputs, float[] attributes) {
        if (attributes.length != defaultAttributes.length) {
            throw new IllegalArgumentException(name + " takes " + defaultAttributes.length + " attribute(s), got "
                    + Arrays.toString(attributes));
        }
        return factory.create(inputs, outputs, attributes);
    }

    @Override
    public String toString() {
        return name + " (code " + code + ")";
    }
}
