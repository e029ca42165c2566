package org.simdnet.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.simdnet.layer.Activation;
import org.simdnet.layer.Head;
import org.simdnet.layer.HeadKind;
import org.simdnet.layer.Layer;
import org.simdnet.layer.LayerKind;
import org.simdnet.layer.LayerKinds;
import org.simdnet.nn.Mlp;

/**
 * Reads an ONNX multilayer perceptron into a model: the graph must be a chain from its one float
 * input to its one output through layers that simdnet's kinds recognize ({@link OnnxForm}),
 * activations written as primitive operators ({@link ElementwiseRegion}), shape no-ops
 * ({@code Flatten} of a row, {@code Identity}, {@code Dropout}, {@code Cast} to float) and at most
 * one output operator of a head ({@code Softmax}, {@code Sigmoid}). Anything else is refused with
 * a message that names the operator and the node: a graph simdnet cannot serve exactly is never
 * turned into a different model.
 */
public final class OnnxImport {

    /** First bytes of an ONNX file: field 1 (ir_version), a varint. */
    private static final int IR_VERSION_TAG = 0x08;
    private static final int MIN_OPSET = 7;
    private static final int MAX_OPSET = 21;

    private OnnxImport() {
    }

    /** Whether {@code bytes} look like an ONNX model rather than a simdnet model file. */
    public static boolean looksLikeOnnx(byte[] bytes) {
        return bytes.length > 0 && (bytes[0] & 0xFF) == IR_VERSION_TAG;
    }

    /**
     * The model the ONNX bytes describe.
     *
     * @param source names the file in messages
     * @throws OnnxFormatException naming the defect, or the unsupported operator and its node
     */
    public static Mlp read(byte[] bytes, String source) throws OnnxFormatException {
        try {
            return read(OnnxModelProto.parse(bytes));
        } catch (OnnxFormatException e) {
            throw new OnnxFormatException(source + ": " + printable(e.getMessage()));
        }
    }

    /** Names in a corrupt file may hold anything: a message stays one readable line. */
    private static String printable(String message) {
        StringBuilder b = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static Mlp read(OnnxModelProto model) throws OnnxFormatException {
        if (!model.hasGraph) {
            throw new OnnxFormatException("not an ONNX model (no graph)");
        }
        if (model.opset < MIN_OPSET || model.opset > MAX_OPSET) {
            throw new OnnxFormatException(model.opset < 0 ? "the model imports no default-domain opset"
                    : "opset " + model.opset + " is not one simdnet reads (" + MIN_OPSET + " to " + MAX_OPSET + ")");
        }
        OnnxChain chain = new OnnxChain(model);
        OnnxValueInfo input = onlyInput(model, chain);
        if (model.outputs.size() != 1) {
            throw new OnnxFormatException("the graph has " + model.outputs.size() + " outputs; simdnet reads one");
        }
        String output = model.outputs.get(0).name;
        HeadKind declaredHead = declaredHead(model.metadata);

        int rank = input.dims == null ? 2 : input.dims.length;
        int width = flatWidth(input);
        int inputs = width;
        List<Layer> layers = new ArrayList<>();
        List<float[]> params = new ArrayList<>();
        HeadKind head = null;
        chain.moveTo(input.name);
        while (!chain.current().equals(output) || !chain.readersOf(output).isEmpty()) {
            List<OnnxNode> readers = chain.readersOf(chain.current());
            if (readers.isEmpty()) {
                throw new OnnxFormatException("tensor '" + chain.current() + "' leads nowhere: the graph is not a chain "
                        + "from its input to its output '" + output + "'");
            }
            OnnxNode node = readers.get(0);
            if (readers.size() == 1) {
                if (passThrough(node, chain, rank)) {
                    if (node.opType.equals("Flatten")) {
                        rank = 2;
                    }
                    continue;
                }
                HeadKind h = headAt(node, chain, output, declaredHead);
                if (h != null) {
                    head = h;
                    chain.take(node);
                    chain.moveTo(node.outputs.get(0));
                    continue;
                }
                int in = matchLayer(node, chain, rank, width, layers, params);
                if (in >= 0) {
                    width = layers.get(layers.size() - 1).outputWidth(in);
                    if (inputs < 0) {
                        inputs = in;
                    }
                    continue;
                }
            }
            if (width >= 0 && matchRegion(chain, width, layers, params)) {
                continue;
            }
            throw unsupported(node, readers);
        }
        for (OnnxNode n : chain.nodes()) {
            if (!chain.isTaken(n)) {
                throw new OnnxFormatException(n.describe() + " is not on the path from the input to the output; "
                        + "simdnet reads a chain of layers");
            }
        }
        if (layers.isEmpty() || inputs < 1) {
            throw new OnnxFormatException("the graph has no layer with weights");
        }
        if (head == null) {
            head = declaredHead != null && declaredHead.onnxOutput() == null ? declaredHead : regressionHead();
        }
        float[] flat = concat(params);
        Head h = head.create();
        try {
            Mlp mlp = new Mlp(inputs, layers, h, flat);
            for (Map.Entry<String, String> e : model.metadata.entrySet()) {
                if (!e.getKey().isEmpty() && !e.getKey().equals(OnnxExport.HEAD_KEY)) {
                    mlp.putMetadata(e.getKey(), e.getValue());
                }
            }
            return mlp;
        } catch (IllegalArgumentException e) {
            throw new OnnxFormatException(e.getMessage());
        }
    }

    private static OnnxValueInfo onlyInput(OnnxModelProto model, OnnxChain chain) throws OnnxFormatException {
        OnnxValueInfo input = null;
        for (OnnxValueInfo v : model.inputs) {
            if (chain.isConstant(v.name)) {
                continue;                            // older exporters list initializers as inputs
            }
            if (input != null) {
                throw new OnnxFormatException("the graph has inputs '" + input.name + "' and '" + v.name
                        + "'; simdnet reads one");
            }
            input = v;
        }
        if (input == null) {
            throw new OnnxFormatException("the graph has no input");
        }
        if (input.elemType != OnnxTensor.FLOAT) {
            throw new OnnxFormatException("input '" + input.name + "' has element type " + input.elemType
                    + "; simdnet reads float (1)");
        }
        return input;
    }

    /** The features of one row of the input ({@code [batch, f1, f2, ...]} → f1·f2·...), or −1 when unknown. */
    private static int flatWidth(OnnxValueInfo input) throws OnnxFormatException {
        if (input.dims == null || input.dims.length < 2) {
            if (input.dims != null) {
                throw new OnnxFormatException("input '" + input.name + "' has rank " + input.dims.length
                        + "; simdnet reads [batch, features]");
            }
            return -1;
        }
        long w = 1;
        for (int i = 1; i < input.dims.length; i++) {
            if (input.dims[i] < 1) {
                return -1;
            }
            w *= input.dims[i];
            if (w > Integer.MAX_VALUE / 2) {
                throw new OnnxFormatException("input '" + input.name + "' is too wide");
            }
        }
        return (int) w;
    }

    /** Takes a node that changes nothing for rows of floats; true when it was one. */
    private static boolean passThrough(OnnxNode node, OnnxChain chain, int rank) throws OnnxFormatException {
        boolean passes;
        switch (node.opType) {
            case "Identity":
                passes = true;
                break;
            case "Dropout":                          // inference: the identity (a mask output must be unused)
                passes = (node.outputs.size() == 1 || chain.readersOf(node.outputs.get(1)).isEmpty()
                        && !chain.isGraphOutput(node.outputs.get(1))) && !training(node, chain);
                break;
            case "Flatten":
                passes = node.intAttribute("axis", 1) == 1;
                break;
            case "Cast":
                OnnxNode.Attribute to = node.attributes.get("to");
                passes = to != null && to.i == OnnxTensor.FLOAT;
                break;
            default:
                return false;
        }
        if (!passes || !node.domain.isEmpty() || !node.inputs.get(0).equals(chain.current())) {
            return false;
        }
        chain.take(node);
        chain.moveTo(OnnxChain.onlyOutput(node));
        return true;
    }

    /** Whether a Dropout node's training_mode input (opset 12+) may be true: then it is not the identity. */
    private static boolean training(OnnxNode node, OnnxChain chain) {
        if (node.inputs.size() < 3 || node.inputs.get(2).isEmpty()) {
            return false;
        }
        return chain.scalar(node.inputs.get(2)) != 0;     // NaN (not a constant) counts as maybe true
    }

    private static HeadKind headAt(OnnxNode node, OnnxChain chain, String output, HeadKind declared)
            throws OnnxFormatException {
        if (!node.outputs.get(0).equals(output) || !node.domain.isEmpty()) {
            return null;
        }
        if (declared != null) {
            return node.opType.equals(declared.onnxOutput()) ? declared : null;
        }
        for (HeadKind k : LayerKinds.heads()) {
            if (node.opType.equals(k.onnxOutput())) {
                if (node.opType.equals("Softmax")) {
                    long axis = node.intAttribute("axis", -1);
                    if (axis != 1 && axis != -1) {
                        throw new OnnxFormatException(node.describe() + ": a softmax over axis " + axis
                                + " is not over the classes of a row");
                    }
                }
                return k;
            }
        }
        return null;
    }

    /** Takes the layer {@code node} begins; returns its input width, or −1 when no kind knows the node. */
    private static int matchLayer(OnnxNode node, OnnxChain chain, int rank, int width, List<Layer> layers,
                                  List<float[]> params) throws OnnxFormatException {
        if (!node.domain.isEmpty()) {
            return -1;
        }
        for (LayerKind kind : LayerKinds.all()) {
            if (kind.onnx() == null) {
                continue;
            }
            OnnxForm.Imported m = kind.onnx().match(node, chain, width, kind.defaultAttributes());
            if (m == null) {
                continue;
            }
            if (!kind.isActivation() && rank != 2) {
                throw new OnnxFormatException(node.describe() + " reads a tensor of rank " + rank
                        + "; simdnet reads rows of features (flatten them first)");
            }
            int in = kind.isActivation() ? width : m.params.length / m.outputs - 1;
            if (in < 1) {
                throw new OnnxFormatException(node.describe() + " comes before the width of its input is known");
            }
            Layer layer;
            try {
                layer = kind.create(in, m.outputs, m.attributes);
            } catch (IllegalArgumentException e) {
                throw new OnnxFormatException(node.describe() + ": " + e.getMessage());
            }
            layers.add(layer);
            params.add(m.params);
            chain.take(node);
            chain.take(m.last);
            chain.moveTo(OnnxChain.onlyOutput(m.last));
            return in;
        }
        return -1;
    }

    /** An activation written as element-wise primitives: one of the parameter-free kinds. */
    private static boolean matchRegion(OnnxChain chain, int width, List<Layer> layers, List<float[]> params) {
        Layer[] found = new Layer[1];
        ElementwiseRegion region = ElementwiseRegion.find(chain, f -> {
            if (sameFunction(x -> x, f)) {
                return true;                         // computes its input: a pass-through, like Identity
            }
            for (LayerKind kind : LayerKinds.all()) {
                if (!kind.isActivation() || kind.attributeCount() != 0) {
                    continue;
                }
                Layer layer = kind.create(width, width, new float[0]);
                if (layer instanceof Activation && sameFunction(((Activation) layer)::apply, f)) {
                    found[0] = layer;
                    return true;
                }
            }
            return false;
        });
        if (region == null) {
            return false;
        }
        if (found[0] != null) {
            layers.add(found[0]);
            params.add(new float[0]);
        }
        chain.take(region.nodes());
        chain.moveTo(region.output());
        return true;
    }

    private static boolean sameFunction(java.util.function.DoubleUnaryOperator a,
                                        java.util.function.DoubleUnaryOperator f) {
        for (double x : ElementwiseRegion.points()) {
            double want = a.applyAsDouble(x);
            double got = f.applyAsDouble(x);
            if (!(Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want)))) {
                return false;
            }
        }
        return true;
    }

    private static OnnxFormatException unsupported(OnnxNode node, List<OnnxNode> readers) {
        StringJoiner known = new StringJoiner(", ");
        for (LayerKind k : LayerKinds.all()) {
            if (k.isActivation()) {
                known.add(k.name());
            }
        }
        String why = readers.size() > 1
                ? " (tensor '" + node.inputs.get(0) + "' feeds " + readers.size() + " nodes and they form no known "
                + "activation)" : "";
        return new OnnxFormatException("unsupported operator '" + (node.domain.isEmpty() ? "" : node.domain + ".")
                + node.opType + "' at " + node.describe() + why + "; simdnet reads multilayer perceptrons of "
                + "Gemm or MatMul+Add, the activations " + known + " (GELU in its tanh form, also as primitive "
                + "operators), Flatten, Identity, Dropout, and a Softmax or Sigmoid output");
    }

    private static HeadKind declaredHead(Map<String, String> metadata) {
        String name = metadata.get(OnnxExport.HEAD_KEY);
        if (name == null) {
            return null;
        }
        for (HeadKind k : LayerKinds.heads()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    private static HeadKind regressionHead() {
        for (HeadKind k : LayerKinds.heads()) {
            if (k.onnxOutput() == null) {
                return k;
            }
        }
        throw new IllegalStateException("no regression head");
    }

    private static float[] concat(List<float[]> parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] flat = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, flat, at, p.length);
            at += p.length;
        }
        return flat;
    }
}
