package org.simdnet.onnx;

import org.simdnet.layer.Layer;

/** Factories for the ONNX forms layer kinds declare. */
public final class OnnxForms {

    private OnnxForms() {
    }

    /**
     * One element-wise operator, its float attributes (in the layer's attribute order) under the
     * given ONNX names: {@code op("Relu")}, {@code op("LeakyRelu", "alpha")}.
     */
    public static OnnxForm op(String opType, String... attributeNames) {
        return new SingleOpForm(opType, attributeNames);
    }

    /** A fully connected layer: {@code Gemm} (transB=1) out, {@code Gemm} or {@code MatMul}+{@code Add} in. */
    public static OnnxForm gemm() {
        return new GemmForm();
    }

    /**
     * PyTorch's tanh GELU, written as its primitive operators (opset 13 has no GELU); read back,
     * like any parameter-free activation written as primitive operators, by evaluating them.
     */
    public static OnnxForm geluPrimitives() {
        return new GeluPrimitivesForm();
    }

    private static final class SingleOpForm extends OnnxForm {
        private final String opType;
        private final String[] attributeNames;

        SingleOpForm(String opType, String[] attributeNames) {
            this.opType = opType;
            this.attributeNames = attributeNames.clone();
        }

        @Override
        String export(Layer layer, int inputWidth, float[] params, int pOff, OnnxGraphWriter graph, String prefix,
                      String input) {
            float[] values = layer.attributes();
            Object[] attributes = new Object[2 * attributeNames.length];
            for (int i = 0; i < attributeNames.length; i++) {
                attributes[2 * i] = attributeNames[i];
                attributes[2 * i + 1] = values[i];
            }
            String out = graph.tensor(prefix);
            graph.node(opType, prefix, new String[] {input}, out, attributes);
            return out;
        }

        @Override
        Imported match(OnnxNode node, OnnxChain chain, int width, float[] defaults) throws OnnxFormatException {
            if (!node.opType.equals(opType)) {
                return null;
            }
            float[] attributes = defaults.clone();
            for (int i = 0; i < attributeNames.length; i++) {
                attributes[i] = node.floatAttribute(attributeNames[i], attributes[i]);
            }
            return new Imported(attributes, width, new float[0], node);
        }
    }
}
