package org.simdnet.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The import's view of a graph as a chain: which nodes read a tensor, which are already taken by a
 * layer, which tensors are constants (initializers and {@code Constant} nodes), and the tensor the
 * chain has reached.
 */
final class OnnxChain {

    private final Map<String, OnnxTensor> constants = new HashMap<>();
    private final Map<String, List<OnnxNode>> consumers = new HashMap<>();
    private final Set<OnnxNode> taken = new HashSet<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private final List<OnnxNode> nodes;
    private String current;

    OnnxChain(OnnxModelProto model) throws OnnxFormatException {
        this.nodes = model.nodes;
        constants.putAll(model.constants);
        for (OnnxValueInfo o : model.outputs) {
            graphOutputs.add(o.name);
        }
        Set<String> produced = new HashSet<>();
        for (OnnxNode n : nodes) {
            for (String out : n.outputs) {
                if (!out.isEmpty() && (!produced.add(out) || constants.containsKey(out))) {
                    throw new OnnxFormatException(n.describe() + " writes tensor '" + out + "', which is already "
                            + "defined: not a valid ONNX graph");
                }
            }
        }
        for (OnnxNode n : nodes) {
            if (n.opType.equals("Constant") && n.domain.isEmpty()) {
                constants.put(onlyOutput(n), constantValue(n));
                taken.add(n);
                continue;
            }
            for (String in : n.inputs) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
    }

    String current() {
        return current;
    }

    void moveTo(String tensor) {
        current = tensor;
    }

    boolean isConstant(String name) {
        return constants.containsKey(name);
    }

    boolean isGraphOutput(String name) {
        return graphOutputs.contains(name);
    }

    /** A constant tensor that must hold numbers, for a layer's weights. */
    OnnxTensor weight(OnnxNode node, String name) throws OnnxFormatException {
        OnnxTensor t = constants.get(name);
        if (t == null) {
            throw new OnnxFormatException(node.describe() + ": input '" + name + "' is not a constant; simdnet reads "
                    + "weights stored in the model");
        }
        if (t.values == null) {
            throw new OnnxFormatException(node.describe() + ": constant " + t.describe() + " has data type "
                    + t.dataType + "; simdnet reads float and double weights");
        }
        for (double v : t.values) {
            if (!Double.isFinite(v)) {
                throw new OnnxFormatException(node.describe() + ": constant " + t.describe() + " holds " + v);
            }
        }
        return t;
    }

    /** The value of a one-element numeric constant, or NaN when {@code name} is not one. */
    double scalar(String name) {
        OnnxTensor t = constants.get(name);
        return t != null && t.isScalar() && t.dataType != 0 ? t.values[0] : Double.NaN;
    }

    /** The nodes not yet taken that read {@code tensor}. */
    List<OnnxNode> readersOf(String tensor) {
        List<OnnxNode> result = new ArrayList<>();
        for (OnnxNode n : consumers.getOrDefault(tensor, List.of())) {
            if (!taken.contains(n) && !result.contains(n)) {
                result.add(n);
            }
        }
        return result;
    }

    /** The one node reading {@code tensor}, or null when none or several do (or it is an output). */
    OnnxNode soleConsumer(String tensor) {
        List<OnnxNode> readers = readersOf(tensor);
        return readers.size() == 1 && !graphOutputs.contains(tensor) ? readers.get(0) : null;
    }

    /** All nodes, in graph order. */
    List<OnnxNode> nodes() {
        return nodes;
    }

    boolean isTaken(OnnxNode n) {
        return taken.contains(n);
    }

    /** Marks the nodes from {@code first} to {@code last} that a layer used. */
    void take(List<OnnxNode> used) {
        taken.addAll(used);
    }

    void take(OnnxNode n) {
        taken.add(n);
    }

    /** The one output of a node. */
    static String onlyOutput(OnnxNode n) throws OnnxFormatException {
        if (n.outputs.isEmpty() || n.outputs.get(0).isEmpty()) {
            throw new OnnxFormatException(n.describe() + " has no output");
        }
        return n.outputs.get(0);
    }

    private static OnnxTensor constantValue(OnnxNode n) throws OnnxFormatException {
        String output = onlyOutput(n);
        OnnxNode.Attribute value = n.attributes.get("value");
        if (value != null && value.t != null) {
            OnnxTensor t = value.t;
            return new OnnxTensor(output, t.dims, t.dataType, t.values);
        }
        OnnxNode.Attribute f = n.attributes.get("value_float");
        if (f != null) {
            return new OnnxTensor(output, new long[0], OnnxTensor.FLOAT, new double[] {f.f});
        }
        OnnxNode.Attribute fs = n.attributes.get("value_floats");
        if (fs != null) {
            double[] v = new double[fs.floats.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = fs.floats[i];
            }
            return new OnnxTensor(output, new long[] {v.length}, OnnxTensor.FLOAT, v);
        }
        OnnxNode.Attribute i = n.attributes.get("value_int");
        if (i != null) {
            return new OnnxTensor(output, new long[0], OnnxTensor.INT64, new double[] {i.i});
        }
        OnnxNode.Attribute is = n.attributes.get("value_ints");
        if (is != null) {
            double[] v = new double[is.ints.length];
            for (int k = 0; k < v.length; k++) {
                v[k] = is.ints[k];
            }
            return new OnnxTensor(output, new long[] {v.length}, OnnxTensor.INT64, v);
        }
        return new OnnxTensor(output, new long[0], 0, null);
    }
}
