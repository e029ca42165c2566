package org.simdnet.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.simdnet.kernel.Kernels;
import org.simdnet.layer.Dense;
import org.simdnet.layer.SoftmaxCrossEntropy;
import org.simdnet.layer.ReLU;
import org.simdnet.nn.FusedPath;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Predictor;

/**
 * Version-1 files written by simdnet 0.1 (commit 018774b, committed under
 * {@code fixtures/v1/}) still load, and predict the very bits that version recorded beside them
 * (single-sample and batch paths) when the kernels are the ones it recorded them with; on other
 * kernels (another species, scalar) to 1e-6, since kernels differ in rounding, not in meaning.
 * One deliberate exception: the fused kernel's single-sample path for nets other than the narrow
 * ReLU ones sums its lanes in a fixed order since issue 9; version 0.1 used the JDK's lane
 * reduction, whose order changed with JIT compilation (so its recorded bits were those of one
 * moment of one run), and those predictions may differ from the record in the last bits (they
 * are held to the 1e-6 of other kernels).
 */
class ModelFileV1Test {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/v1");

    @ParameterizedTest
    @ValueSource(strings = {"spiral-relu", "deep-tanh", "linear-identity"})
    void versionOneFilesPredictAsBefore(String name) throws IOException {
        Mlp model = ModelFile.read(FIXTURES.resolve(name + ".model"));
        assertTrue(model.head() instanceof SoftmaxCrossEntropy);
        assertTrue(model.layer(0) instanceof Dense);
        List<String> lines = Files.readAllLines(FIXTURES.resolve(name + ".expected"));
        String recordedKernels = lines.get(0).substring(lines.get(0).indexOf("kernels: ") + 9);
        boolean sameKernels = recordedKernels.equals(Kernels.DESCRIPTION) && Boolean.parseBoolean(
                System.getProperty("simdnet.fused", "true"));
        Predictor predictor = new Predictor(model);
        boolean laneSummedSingle = FusedPath.applies(model) && !(model.layer(1) instanceof ReLU
                && model.inputs() <= 2 && model.outputs() <= 4);
        int c = predictor.classes();
        float[] one = new float[c];
        List<String[]> rows = new java.util.ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("#")) {
                rows.add(line.split(" "));
            }
        }
        assertEquals(101, rows.size());
        float[] xs = new float[2 * rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            xs[2 * r] = bits(rows.get(r)[0]);
            xs[2 * r + 1] = bits(rows.get(r)[1]);
        }
        float[] batch = new float[rows.size() * c];
        int[] classes = new int[rows.size()];
        predictor.predictBatch(xs, rows.size(), batch, classes);
        for (int r = 0; r < rows.size(); r++) {
            String[] f = rows.get(r);
            int k = predictor.predict(new float[] {xs[2 * r], xs[2 * r + 1]}, one);
            for (int j = 0; j < c; j++) {
                check(sameKernels && !laneSummedSingle, bits(f[3 + j]), one[j], name + " single " + r + "/" + j);
                check(sameKernels, bits(f[4 + c + j]), batch[r * c + j], name + " batch " + r + "/" + j);
            }
            if (sameKernels) {
                assertEquals(Integer.parseInt(f[2]), k);
                assertEquals(Integer.parseInt(f[3 + c]), classes[r]);
            }
        }
        // Saved again, it is a version-2 file of the same model.
        Mlp again = ModelFile.fromBytes(ModelFile.toBytes(model));
        ModelFileTest.assertSameModel(model, again);
    }

    private static void check(boolean exact, float expected, float actual, String what) {
        if (exact) {
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), what);
        } else {
            assertEquals(expected, actual, 1e-6, what);
        }
    }

    private static float bits(String hex) {
        return Float.intBitsToFloat((int) Long.parseLong(hex, 16));
    }
}
