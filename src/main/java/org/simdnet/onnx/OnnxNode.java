package org.simdnet.onnx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One node of an ONNX graph as read: operator, inputs, outputs and the attributes simdnet reads. */
final class OnnxNode {

    /** An attribute: a float, an int, a string, a tensor or a list of ints or floats. */
    static final class Attribute {
        final String name;
        final int type;
        final float f;
        final long i;
        final String s;
        final OnnxTensor t;
        final long[] ints;
        final float[] floats;

        Attribute(String name, int type, float f, long i, String s, OnnxTensor t, long[] ints, float[] floats) {
            this.name = name;
            this.type = type;
            this.f = f;
            this.i = i;
            this.s = s;
            this.t = t;
            this.ints = ints;
            this.floats = floats;
        }
    }

    static final int ATTRIBUTE_FLOAT = 1;
    static final int ATTRIBUTE_INT = 2;
    static final int ATTRIBUTE_STRING = 3;
    static final int ATTRIBUTE_TENSOR = 4;

    final String name;
    final String opType;
    final String domain;
    final List<String> inputs;
    final List<String> outputs;
    final Map<String, Attribute> attributes;
    /** Position in the graph's node list, for messages. */
    final int index;

    private OnnxNode(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                     Map<String, Attribute> attributes, int index) {
        this.name = name;
        this.opType = opType;
        this.domain = domain;
        this.inputs = Collections.unmodifiableList(inputs);
        this.outputs = Collections.unmodifiableList(outputs);
        this.attributes = Collections.unmodifiableMap(attributes);
        this.index = index;
    }

    /** How messages name the node: {@code 'Gemm' node '/0/Gemm' (node 3)}. */
    String describe() {
        return "'" + shorten(opType) + "' node " + (name.isEmpty() ? "" : "'" + shorten(name) + "' ") + "(node " + index + ")";
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** An int attribute, or {@code otherwise} when absent. */
    long intAttribute(String key, long otherwise) throws OnnxFormatException {
        Attribute a = attributes.get(key);
        if (a == null) {
            return otherwise;
        }
        if (a.type != ATTRIBUTE_INT) {
            throw new OnnxFormatException(describe() + ": attribute " + key + " is not an int");
        }
        return a.i;
    }

    /** A float attribute, or {@code otherwise} when absent. */
    float floatAttribute(String key, float otherwise) throws OnnxFormatException {
        Attribute a = attributes.get(key);
        if (a == null) {
            return otherwise;
        }
        if (a.type != ATTRIBUTE_FLOAT) {
            throw new OnnxFormatException(describe() + ": attribute " + key + " is not a float");
        }
        return a.f;
    }

    static OnnxNode parse(ProtoReader r, int index) throws OnnxFormatException {
        String name = "";
        String opType = "";
        String domain = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, Attribute> attributes = new HashMap<>();
        while (r.next()) {
            switch (r.field()) {
                case 1:
                    inputs.add(r.string());
                    break;
                case 2:
                    outputs.add(r.string());
                    break;
                case 3:
                    name = r.string();
                    break;
                case 4:
                    opType = r.string();
                    break;
                case 7:
                    domain = r.string();
                    break;
                case 5:
                    Attribute a = attribute(r.message());
                    attributes.put(a.name, a);
                    break;
                default:
                    r.skip();
            }
        }
        String where = "node " + index + (name.isEmpty() ? "" : " '" + name + "'");
        if (opType.isEmpty()) {
            throw new OnnxFormatException(where + " has no operator");
        }
        if (outputs.isEmpty() || outputs.get(0).isEmpty()) {
            throw new OnnxFormatException(where + " ('" + opType + "') has no output");
        }
        return new OnnxNode(name, opType, domain, inputs, outputs, attributes, index);
    }

    private static Attribute attribute(ProtoReader r) throws OnnxFormatException {
        String name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        String s = null;
        OnnxTensor t = null;
        long[] ints = new long[0];
        float[] floats = new float[0];
        while (r.next()) {
            switch (r.field()) {
                case 1:
                    name = r.string();
                    break;
                case 20:
                    type = r.int32();
                    break;
                case 2:
                    f = r.float32();
                    break;
                case 3:
                    i = r.int64();
                    break;
                case 4:
                    s = new String(r.bytes(), java.nio.charset.StandardCharsets.UTF_8);
                    break;
                case 5:
                    t = OnnxTensor.parse(r.message());
                    break;
                case 7:
                    floats = r.wireType() == ProtoReader.LENGTH_DELIMITED ? r.message().packedFloats()
                            : append(floats, r.float32());
                    break;
                case 8:
                    ints = r.wireType() == ProtoReader.LENGTH_DELIMITED ? r.message().packedVarints()
                            : append(ints, r.int64());
                    break;
                default:
                    r.skip();
            }
        }
        return new Attribute(name, type, f, i, s, t, ints, floats);
    }

    private static long[] append(long[] a, long v) {
        long[] c = java.util.Arrays.copyOf(a, a.length + 1);
        c[a.length] = v;
        return c;
    }

    private static float[] append(float[] a, float v) {
        float[] c = java.util.Arrays.copyOf(a, a.length + 1);
        c[a.length] = v;
        return c;
    }
}
