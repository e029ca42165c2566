package org.simdnet.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.onnxruntime.OrtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.simdnet.Model;

/**
 * PyTorch → ONNX → simdnet: models that {@code torch.onnx.export} wrote (opsets 11 to 17; Gemm
 * and MatMul+Add; GELU as primitive operators; Flatten; Softmax and Sigmoid outputs), with
 * PyTorch's own outputs for 1,000 random rows (src/test/resources/onnx/make_fixtures.py). simdnet
 * must agree with PyTorch and with ONNX Runtime within 1e-5, and refuse graphs it cannot serve.
 */
class OnnxImportFixturesTest {

    private static final int ROWS = 1000;
    private static final float TOLERANCE = 1e-5f;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "relu_tanh_softmax_opset13, 4, 3, '[Dense(4, 32), ReLU, Dense(32, 16), Tanh, Dense(16, 3)]', softmax_cross_entropy",
            "gelu_leaky_opset17, 6, 5, '[Dense(6, 24), GELU, Dense(24, 12), LeakyReLU(0.05), Dense(12, 5)]', softmax_cross_entropy",
            "sigmoid_regression_opset11, 3, 2, '[Dense(3, 20), Sigmoid, Dense(20, 2)]', mse",
            "flatten_digits_opset13, 64, 10, '[Dense(64, 128), ReLU, Dense(128, 10)]', softmax_cross_entropy",
            "matmul_add_sigmoid_opset15, 5, 4, '[Dense(5, 9), ReLU, Dense(9, 4)]', sigmoid_bce",
            "gelu_opset12_no_folding, 7, 3, '[Dense(7, 11), GELU, Dense(11, 3)]', mse",
    })
    void agreesWithPyTorchAndOnnxRuntime(String name, int inputs, int outputs, String layers, String head)
            throws IOException, OrtException {
        Path file = dir.resolve(name + ".onnx");
        Files.write(file, resource(name + ".onnx"));
        Model model = Model.load(file);
        assertEquals(layers, model.layers().toString());
        assertEquals(head, model.head());
        assertEquals(inputs, model.inputs());
        assertEquals(outputs, model.outputs());

        float[] x = floats(resource(name + ".x.bin"), ROWS * inputs);
        float[] torch = floats(resource(name + ".y.bin"), ROWS * outputs);
        float[] simdnet = new float[ROWS * outputs];
        model.predictor().predictBatch(x, ROWS, simdnet, new int[ROWS]);
        float[] runtime = OnnxRoundTripTest.runOnnxRuntime(resource(name + ".onnx"), x, inputs, outputs,
                name.startsWith("flatten") ? new long[] {ROWS, 8, 8} : new long[] {ROWS, inputs});
        for (int i = 0; i < simdnet.length; i++) {
            String where = name + ": output " + i % outputs + " of row " + i / outputs;
            assertEquals(torch[i], simdnet[i], TOLERANCE, where + " (PyTorch)");
            assertEquals(runtime[i], simdnet[i], TOLERANCE, where + " (ONNX Runtime)");
        }
    }

    @Test
    void anUnsupportedOperatorIsNamedWithItsNode() throws IOException {
        OnnxFormatException e = assertThrows(OnnxFormatException.class,
                () -> Model.fromBytes(resource("unsupported_logsoftmax.onnx")));
        assertTrue(e.getMessage().contains("unsupported operator 'LogSoftmax'"), e.getMessage());
        assertTrue(e.getMessage().contains("(node 1)"), e.getMessage());

        // PyTorch's exact GELU (erf): simdnet has the tanh form only, and says which operator it lacks.
        e = assertThrows(OnnxFormatException.class, () -> Model.fromBytes(resource("unsupported_exact_gelu.onnx")));
        assertTrue(e.getMessage().contains("unsupported operator"), e.getMessage());
    }

    @Test
    void aFileNameStartsTheMessage() throws IOException {
        Path file = dir.resolve("bad.onnx");
        byte[] bytes = resource("relu_tanh_softmax_opset13.onnx");
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> Model.load(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = OnnxImportFixturesTest.class.getResourceAsStream("/onnx/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource onnx/" + name);
            }
            return in.readAllBytes();
        }
    }

    static List<String> fixtureNames() {
        return List.of("relu_tanh_softmax_opset13", "gelu_leaky_opset17", "sigmoid_regression_opset11",
                "flatten_digits_opset13", "matmul_add_sigmoid_opset15", "gelu_opset12_no_folding");
    }

    private static float[] floats(byte[] bytes, int count) {
        assertEquals(4L * count, bytes.length);
        float[] v = new float[count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
