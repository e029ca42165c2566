package org.simdnet.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.simdnet.Model;
import org.simdnet.Predictor;
import org.simdnet.Table;

/**
 * simdnet → ONNX → ONNX Runtime, and back into simdnet: on 1,000 random rows (features spread
 * well beyond the unit range) the runtime's outputs agree with simdnet's predictor within 1e-5,
 * and the re-imported model predicts the same bits as the one exported.
 */
class OnnxRoundTripTest {

    static final int ROWS = 1000;
    static final float TOLERANCE = 1e-5f;

    static Stream<Arguments> architectures() {
        return Stream.of(
                arch("2-64 relu-64 tanh-3 softmax", 2, () -> Model.builder(2).dense(64).relu().dense(64).tanh().dense(3)),
                arch("10-32 gelu-16 leaky(0.2)-4 softmax", 10,
                        () -> Model.builder(10).dense(32).gelu().dense(16).leakyRelu(0.2f).dense(4)),
                arch("5-16 sigmoid-2 mse", 5, () -> Model.builder(5).dense(16).sigmoid().dense(2).meanSquaredError()),
                arch("8-12 relu-3 sigmoid bce", 8, () -> Model.builder(8).dense(12).relu().dense(3).sigmoidCrossEntropy()),
                arch("64-128 relu-10 softmax (digits)", 64, () -> Model.builder(64).dense(128).relu().dense(10)),
                arch("3-7 identity-5 tanh-1 mse", 3, () -> Model.builder(3).dense(7).identity().dense(5).tanh().dense(1)
                        .meanSquaredError()));
    }

    private static Arguments arch(String name, int inputs, Supplier<Model.Builder> builder) {
        return Arguments.of(name, inputs, builder);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void onnxRuntimeAgreesAndReimportIsExact(String name, int inputs, Supplier<Model.Builder> builder)
            throws IOException, OrtException {
        Model model = builder.get().build(7);
        float[] x = rows(inputs, 11);
        standardize(model, x);
        Predictor simdnet = model.predictor();
        float[] expected = new float[ROWS * model.outputs()];
        simdnet.predictBatch(x, ROWS, expected, new int[ROWS]);

        byte[] onnx = model.toOnnx();
        float[] runtime = runOnnxRuntime(onnx, x, inputs, model.outputs(), new long[] {ROWS, inputs});
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], runtime[i], TOLERANCE, name + ": output " + i % model.outputs() + " of row "
                    + i / model.outputs());
        }

        Model back = Model.fromBytes(onnx);
        // Identity layers are no-ops, written as ONNX Identity nodes and read back as nothing.
        assertEquals(withoutIdentity(model.layers()), back.layers(), name);
        assertEquals(model.head(), back.head(), name);
        float[] again = new float[expected.length];
        back.predictor().predictBatch(x, ROWS, again, new int[ROWS]);
        assertArrayEquals(expected, again, name + ": the re-imported model predicts other bits");
    }

    /** Standardization is folded into the first Gemm: fit one on a shifted, scaled copy of the rows. */
    private static void standardize(Model model, float[] x) {
        int inputs = model.inputs();
        float[] fit = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            fit[i] = 3 * x[i] + (i % inputs) - 1.5f;
        }
        List<String> names = new java.util.ArrayList<>();
        for (int f = 0; f < inputs; f++) {
            names.add("f" + f);
        }
        model.standardizeInputs(Table.ofClasses(fit, new int[ROWS], names, List.of("a")));
    }

    static float[] rows(int inputs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[ROWS * inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 3);
        }
        return x;
    }

    static float[] runOnnxRuntime(byte[] onnx, float[] x, int inputs, int outputs, long[] shape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(onnx, options);
                 OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                 OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
                float[][] y = (float[][]) result.get(0).getValue();
                assertEquals(ROWS, y.length);
                float[] flat = new float[ROWS * outputs];
                for (int r = 0; r < ROWS; r++) {
                    assertEquals(outputs, y[r].length);
                    System.arraycopy(y[r], 0, flat, r * outputs, outputs);
                }
                return flat;
            }
        }
    }

    private static List<String> withoutIdentity(List<String> layers) {
        List<String> kept = new java.util.ArrayList<>(layers);
        kept.remove("Identity");
        return kept;
    }
}
