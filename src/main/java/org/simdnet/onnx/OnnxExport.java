package org.simdnet.onnx;

import java.util.Map;

import org.simdnet.layer.Layer;
import org.simdnet.layer.LayerKind;
import org.simdnet.nn.Mlp;

/**
 * Writes a model as a standard ONNX model: opset 13, float32, input {@code input [batch, inputs]}
 * with a symbolic batch dimension, each layer as its kind's {@link OnnxForm}, then the head's
 * output operator ({@code Softmax}, {@code Sigmoid}) into {@code probabilities}, or the values
 * into {@code output} for regression. Metadata entries go to {@code metadata_props}, the head's
 * name under {@value #HEAD_KEY}. The same model always gives the same bytes.
 */
public final class OnnxExport {

    /** The metadata key that names the head, so that a re-import restores it exactly. */
    public static final String HEAD_KEY = "simdnet.head";

    static final int IR_VERSION = 7;               // the IR version of opset 13
    static final int OPSET = 13;

    private OnnxExport() {
    }

    /**
     * The ONNX bytes of {@code mlp}, whose metadata (standardization already folded into its
     * weights by the caller) goes to {@code metadata_props}.
     *
     * @throws IllegalArgumentException when a layer kind has no ONNX form
     */
    public static byte[] toBytes(Mlp mlp, Map<String, String> metadata, String producerVersion) {
        OnnxGraphWriter graph = new OnnxGraphWriter();
        String tensor = "input";
        int width = mlp.inputs();
        int dense = 0;
        int activation = 0;
        for (int i = 0; i < mlp.layerCount(); i++) {
            Layer layer = mlp.layer(i);
            LayerKind kind = layer.kind();
            if (kind.onnx() == null) {
                throw new IllegalArgumentException(layer + " has no ONNX form");
            }
            String prefix = kind.isActivation() ? kind.name() + "_" + activation++ : kind.name() + "_" + dense++;
            tensor = kind.onnx().export(layer, width, mlp.params(), mlp.parameterOffset(i), graph, prefix, tensor);
            width = layer.outputWidth(width);
        }
        String op = mlp.head().kind().onnxOutput();
        String output = op != null ? "probabilities" : "output";
        graph.node(op != null ? op : "Identity", "head", new String[] {tensor}, output);

        ProtoWriter g = new ProtoWriter();
        graph.writeInto(g);
        g.string(2, "simdnet");
        g.message(11, valueInfo("input", mlp.inputs()));
        g.message(12, valueInfo(output, mlp.outputs()));

        ProtoWriter model = new ProtoWriter()
                .int64(1, IR_VERSION)
                .string(2, "simdnet")
                .string(3, producerVersion)
                .message(7, g)
                .message(8, new ProtoWriter().string(1, "").int64(2, OPSET));
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            model.message(14, new ProtoWriter().string(1, e.getKey()).string(2, e.getValue()));
        }
        model.message(14, new ProtoWriter().string(1, HEAD_KEY).string(2, mlp.head().kind().name()));
        return model.toByteArray();
    }

    /** {@code name: float [batch, width]}. */
    private static ProtoWriter valueInfo(String name, int width) {
        ProtoWriter shape = new ProtoWriter()
                .message(1, new ProtoWriter().string(2, "batch"))
                .message(1, new ProtoWriter().int64(1, width));
        ProtoWriter tensor = new ProtoWriter().int64(1, OnnxTensor.FLOAT).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
    }
}
