package org.simdnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.simdnet.layer.Activation;
import org.simdnet.layer.LayerKinds;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.Tanh;
import org.simdnet.layer.Identity;

/** Single-sample and batch inference against a double-precision forward pass. */
class PredictorTest {

    @ParameterizedTest
    @CsvSource({"2, 100, 3, RELU", "2, 37, 5, TANH", "3, 16, 2, IDENTITY", "2, 64, 32, RELU", "5, 30, 20, 7, RELU",
        "2, 100, 4, RELU", "8, 129, 4, IDENTITY", "1, 1, 2, RELU", "2, 33, 3, TANH", "4, 17, 1, RELU"})
    void probabilitiesMatchADoublePrecisionForward(String a, String b, String c, String d) {
        int[] widths;
        Activation act;
        if (d.matches("\\d+")) {
            widths = new int[] {Integer.parseInt(a.trim()), Integer.parseInt(b.trim()), Integer.parseInt(c.trim()), Integer.parseInt(d.trim())};
            act = new ReLU();
        } else {
            widths = new int[] {Integer.parseInt(a.trim()), Integer.parseInt(b.trim()), Integer.parseInt(c.trim())};
            act = LayerKinds.activation(d);
        }
        Mlp mlp = Mlp.initialise(widths, act, 5);
        Predictor predictor = new Predictor(mlp);
        SplittableRandom random = new SplittableRandom(8);
        int rows = 45;
        int in = widths[0], classes = widths[widths.length - 1];
        float[] x = new float[rows * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2.2 - 1.1);
        }
        float[] batch = new float[rows * classes];
        int[] batchClasses = new int[rows];
        predictor.predictBatch(x, rows, batch, batchClasses);
        float[] one = new float[classes];
        for (int r = 0; r < rows; r++) {
            float[] sample = java.util.Arrays.copyOfRange(x, r * in, (r + 1) * in);
            double[] expected = reference(mlp, sample);
            int label = predictor.predict(sample, one);
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                assertEquals(expected[k], one[k], 2e-5, "single, row " + r + " class " + k);
                assertEquals(expected[k], batch[r * classes + k], 2e-5, "batch, row " + r + " class " + k);
                sum += one[k];
            }
            assertEquals(1.0, sum, 1e-5);
            assertEquals(argmax(one), label, "single-sample class of row " + r);
            assertEquals(argmax(expected), batchClasses[r], "batch class of row " + r);
        }
    }

    @Test
    void concurrentCallersGetTheSameAnswers() throws Exception {
        Predictor predictor = new Predictor(Mlp.initialise(new int[] {2, 100, 3}, new ReLU(), 1));
        float[] expected = new float[3];
        predictor.predict(new float[] {0.25f, -0.5f}, expected);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] futures = new Future<?>[4];
            for (int t = 0; t < futures.length; t++) {
                futures[t] = pool.submit(() -> {
                    float[] mine = new float[3];
                    for (int i = 0; i < 20_000; i++) {
                        predictor.predict(new float[] {0.25f, -0.5f}, mine);
                        for (int k = 0; k < 3; k++) {
                            assertEquals(expected[k], mine[k], 1e-6f);
                        }
                    }
                });
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void badBuffersAreRejected() {
        Predictor predictor = new Predictor(Mlp.initialise(new int[] {2, 8, 3}, new ReLU(), 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> predictor.predict(new float[1], new float[3]));
        assertTrue(e.getMessage().contains("2 features"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> predictor.predict(new float[2], new float[2]));
        assertThrows(IllegalArgumentException.class, () -> predictor.predictBatch(new float[4], 3, new float[9], new int[3]));
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double[] reference(Mlp mlp, float[] x) {
        return DoubleReference.outputs(mlp, x, 0);
    }
}
