package org.simdnet.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.simdnet.Model;

/**
 * Writes a simdnet classifier as an ONNX file with the same weights, for the cold-start comparison
 * with ONNX Runtime (benchmark scope only: the core has no ONNX exporter). The protobuf wire format
 * is encoded by hand, so no protobuf library is needed.
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar org.simdnet.bench.OnnxExport MODEL_FILE OUT.onnx
 * </pre>
 *
 * The graph: one {@code Gemm(transB=1)} per Dense layer (simdnet keeps {@code W} as
 * {@code [out × in]} row-major, then {@code b}, which is exactly Gemm's {@code B} with
 * {@code transB=1} and its {@code C}), the activations ({@code ReLU}, {@code Tanh},
 * {@code Sigmoid}, {@code LeakyReLU}; {@code Identity} is left out), and {@code Softmax(axis=1)}
 * for the softmax cross-entropy head. Input {@code x: float[batch, inputs]}, output
 * {@code probabilities: float[batch, outputs]}; ir_version 7, opset 13.
 */
public final class OnnxExport {

    private static final Pattern DENSE = Pattern.compile("Dense\\((\\d+), (\\d+)\\)");
    private static final Pattern LEAKY = Pattern.compile("LeakyReLU\\((.+)\\)");

    // TensorProto.DataType.FLOAT and AttributeProto.AttributeType.{FLOAT, INT}
    private static final int FLOAT = 1;
    private static final int ATTR_FLOAT = 1;
    private static final int ATTR_INT = 2;

    private OnnxExport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: OnnxExport MODEL_FILE OUT.onnx");
            System.exit(2);
        }
        Model model = Model.load(Path.of(args[0]));
        Files.write(Path.of(args[1]), toOnnx(model));
        System.out.println("wrote " + args[1] + ": " + model.layers() + " → softmax, "
                + model.parameterCount() + " parameters");
    }

    /** The ONNX ModelProto's bytes for {@code model}, a softmax classifier of Dense layers and activations. */
    public static byte[] toOnnx(Model model) {
        if (!model.head().equals("softmax_cross_entropy")) {
            throw new IllegalArgumentException("only softmax classifiers are exported, not " + model.head());
        }
        float[] params = model.parameters();
        Proto graph = new Proto().string(2, "simdnet");
        String current = "x";
        int offset = 0;
        int dense = 0;
        int node = 0;
        List<String> layers = model.layers();
        for (String layer : layers) {
            Matcher d = DENSE.matcher(layer);
            Matcher leaky = LEAKY.matcher(layer);
            String out = "t" + node;
            if (d.matches()) {
                int in = Integer.parseInt(d.group(1));
                int width = Integer.parseInt(d.group(2));
                String w = "W" + (dense + 1);
                String b = "b" + (dense + 1);
                graph.message(5, tensor(w, params, offset, width, in));
                offset += width * in;
                graph.message(5, tensor(b, params, offset, width));
                offset += width;
                graph.message(1, node("Gemm", out, current, w, b).message(5, intAttribute("transB", 1)));
                dense++;
            } else if (layer.equals("ReLU") || layer.equals("Tanh") || layer.equals("Sigmoid")) {
                graph.message(1, node(layer.equals("ReLU") ? "Relu" : layer, out, current));
            } else if (leaky.matches()) {
                graph.message(1, node("LeakyRelu", out, current)
                        .message(5, floatAttribute("alpha", Float.parseFloat(leaky.group(1)))));
            } else if (layer.equals("Identity")) {
                continue;
            } else {
                throw new IllegalArgumentException("no ONNX form written for layer " + layer);
            }
            current = out;
            node++;
        }
        if (offset != params.length) {
            throw new IllegalStateException("read " + offset + " of " + params.length + " parameters");
        }
        graph.message(1, node("Softmax", "probabilities", current).message(5, intAttribute("axis", 1)));
        graph.message(11, valueInfo("x", model.inputs()));
        graph.message(12, valueInfo("probabilities", model.outputs()));
        return new Proto()
                .varint(1, 7)                                         // ir_version
                .string(2, "simdnet OnnxExport")                     // producer_name
                .message(7, graph)
                .message(8, new Proto().string(1, "").varint(2, 13)) // opset_import: ai.onnx 13
                .bytes();
    }

    private static Proto node(String op, String output, String... inputs) {
        Proto n = new Proto();
        for (String in : inputs) {
            n.string(1, in);
        }
        return n.string(2, output).string(3, output + "_" + op).string(4, op);
    }

    private static Proto intAttribute(String name, long value) {
        return new Proto().string(1, name).varint(3, value).varint(20, ATTR_INT);
    }

    private static Proto floatAttribute(String name, float value) {
        return new Proto().string(1, name).fixed32(2, Float.floatToRawIntBits(value)).varint(20, ATTR_FLOAT);
    }

    /** A float initializer, its data as little-endian raw_data. */
    private static Proto tensor(String name, float[] data, int offset, int... dims) {
        Proto t = new Proto();
        int n = 1;
        for (int d : dims) {
            t.varint(1, d);
            n *= d;
        }
        ByteBuffer raw = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data, offset, n);
        return t.varint(2, FLOAT).string(8, name).bytes(9, raw.array());
    }

    /** {@code name: float[batch, width]}, batch a symbolic dimension. */
    private static Proto valueInfo(String name, int width) {
        Proto shape = new Proto()
                .message(1, new Proto().string(2, "batch"))
                .message(1, new Proto().varint(1, width));
        Proto tensorType = new Proto().varint(1, FLOAT).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    /** A protobuf message being written: fields appended in order, in the wire format. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            tag(field, 0);
            raw(value);
            return this;
        }

        Proto fixed32(int field, int value) {
            tag(field, 5);
            for (int i = 0; i < 4; i++) {
                out.write(value >>> (8 * i));
            }
            return this;
        }

        Proto bytes(int field, byte[] value) {
            tag(field, 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto value) {
            return bytes(field, value.bytes());
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            raw(((long) field << 3) | wireType);
        }

        private void raw(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) (value & 0x7F) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
