package org.simdnet.onnx;

import org.simdnet.layer.Layer;

/**
 * How a layer kind reads in ONNX: the nodes it exports to, and how its nodes are recognized on
 * import. Each layer kind declares its form next to its other identities (name, file code), so
 * the exporter and importer hold no list of kinds; {@link OnnxForms} makes the common ones.
 */
public abstract class OnnxForm {

    OnnxForm() {
    }

    /**
     * Writes {@code layer}'s nodes, reading tensor {@code input}.
     *
     * @return the name of the tensor the layer's output is
     */
    abstract String export(Layer layer, int inputWidth, float[] params, int pOff, OnnxGraphWriter graph,
                           String prefix, String input);

    /**
     * The layer that {@code node} (reading the current tensor, {@code width} wide) begins, or null
     * when the node is not of this form. {@code defaults} are the kind's default attributes.
     *
     * @throws OnnxFormatException when the node is of this form but cannot be read (a weight that
     *                             is not a constant, a shape that does not fit)
     */
    abstract Imported match(OnnxNode node, OnnxChain chain, int width, float[] defaults) throws OnnxFormatException;

    /** What one layer's nodes amounted to. */
    static final class Imported {
        final float[] attributes;
        final int outputs;
        /** The layer's parameters in simdnet's layout, or an empty array. */
        final float[] params;
        /** The last node the layer took (its output is the next current tensor). */
        final OnnxNode last;

        Imported(float[] attributes, int outputs, float[] params, OnnxNode last) {
            this.attributes = attributes;
            this.outputs = outputs;
            this.params = params;
            this.last = last;
        }
    }
}
