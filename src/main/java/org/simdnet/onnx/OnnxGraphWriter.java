package org.simdnet.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects an ONNX graph while a model is exported: nodes with their attributes, and float
 * initializers. Names are made unique by the exporter's prefixes ({@code dense_0.weight}).
 */
public final class OnnxGraphWriter {

    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private int nextTensor;

    OnnxGraphWriter() {
    }

    /** A fresh intermediate tensor name. */
    String tensor(String hint) {
        return hint + "_" + nextTensor++;
    }

    /** A float initializer. */
    String initializer(String name, long[] dims, float[] values, int offset, int length) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.int64(1, d);
        }
        t.int64(2, OnnxTensor.FLOAT);
        t.string(8, name);
        t.packedFloats(4, values, offset, length);
        initializers.add(t);
        return name;
    }

    /** A scalar float initializer. */
    String scalar(String name, float value) {
        return initializer(name, new long[0], new float[] {value}, 0, 1);
    }

    /** Adds a node; {@code floatAttributes} are name/value pairs. */
    void node(String opType, String name, String[] inputs, String output, Object... attributes) {
        ProtoWriter n = new ProtoWriter();
        for (String in : inputs) {
            n.string(1, in);
        }
        n.string(2, output);
        n.string(3, name);
        n.string(4, opType);
        for (int i = 0; i < attributes.length; i += 2) {
            ProtoWriter a = new ProtoWriter().string(1, (String) attributes[i]);
            Object value = attributes[i + 1];
            if (value instanceof Float) {
                a.float32(2, (Float) value).int64(20, OnnxNode.ATTRIBUTE_FLOAT);
            } else {
                a.int64(3, ((Number) value).longValue()).int64(20, OnnxNode.ATTRIBUTE_INT);
            }
            n.message(5, a);
        }
        nodes.add(n);
    }

    /** Writes the nodes and initializers into a GraphProto writer. */
    void writeInto(ProtoWriter graph) {
        for (ProtoWriter n : nodes) {
            graph.message(1, n);
        }
        for (ProtoWriter t : initializers) {
            graph.message(5, t);
        }
    }
}
