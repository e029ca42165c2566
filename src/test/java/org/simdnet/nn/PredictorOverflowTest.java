package org.simdnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.simdnet.layer.Dense;
import org.simdnet.layer.GELU;
import org.simdnet.layer.Head;
import org.simdnet.layer.Identity;
import org.simdnet.layer.Layer;
import org.simdnet.layer.MeanSquaredError;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.SigmoidCrossEntropy;
import org.simdnet.layer.SoftmaxCrossEntropy;
import org.simdnet.layer.Tanh;

/**
 * Finite features always give valid outputs: features of ±3e38 overflow the float forward (a
 * hidden unit becomes ±∞, and ∞ − ∞ makes the logits NaN, or a saturating tanh turns the
 * overflow into a finite but wrong value), so such samples are computed in double. Every path:
 * the fused single-sample kernels (narrow ReLU and general), the fused batch, the layer path
 * (single and batch), each head. Non-finite features are rejected.
 */
class PredictorOverflowTest {

    private static final float[][] HUGE = {{3e38f, -3e38f}, {3e38f, 3e38f}, {-3e38f, 3e38f}, {1e30f, -1e30f},
        {-3e38f, -3e38f}, {0.5f, -0.25f}};

    private static List<Layer> layers(String shape) {
        switch (shape) {
            case "fused-relu":
                return List.of(new Dense(2, 100), new ReLU(), new Dense(100, 3));
            case "fused-identity":
                return List.of(new Dense(2, 40), new Identity(), new Dense(40, 5));
            case "layers-relu":
                return List.of(new Dense(2, 64), new ReLU(), new Dense(64, 32), new ReLU(), new Dense(32, 3));
            case "layers-gelu-tanh":
                return List.of(new Dense(2, 20), new GELU(), new Dense(20, 20), new Tanh(), new Dense(20, 4));
            default:
                throw new IllegalArgumentException(shape);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fused-relu", "fused-identity", "layers-relu", "layers-gelu-tanh"})
    void hugeFeaturesGiveTheProbabilitiesOfADoubleForward(String shape) {
        check(Mlp.initialise(2, layers(shape), new SoftmaxCrossEntropy(), 11), true);
    }

    @Test
    void otherHeadsToo() {
        check(Mlp.initialise(2, List.of(new Dense(2, 30), new ReLU(), new Dense(30, 2)), new SigmoidCrossEntropy(), 3),
                true);
        check(Mlp.initialise(2, List.of(new Dense(2, 30), new ReLU(), new Dense(30, 2)), new MeanSquaredError(), 3),
                false);
    }

    private static void check(Mlp mlp, boolean probabilities) {
        Predictor predictor = new Predictor(mlp);
        int classes = mlp.outputs();
        float[] batch = new float[HUGE.length * 2];
        for (int r = 0; r < HUGE.length; r++) {
            batch[2 * r] = HUGE[r][0];
            batch[2 * r + 1] = HUGE[r][1];
        }
        float[] batchOut = new float[HUGE.length * classes];
        int[] batchClasses = new int[HUGE.length];
        predictor.predictBatch(batch, HUGE.length, batchOut, batchClasses);
        float[] one = new float[classes];
        for (int r = 0; r < HUGE.length; r++) {
            double[] expected = DoubleReference.outputs(mlp, HUGE[r], 0);
            int label = predictor.predict(HUGE[r], one);
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                String where = mlp + ", features " + HUGE[r][0] + ", " + HUGE[r][1] + ", output " + c;
                assertTrue(!Float.isNaN(one[c]) && !Float.isNaN(batchOut[r * classes + c]), where + " is NaN");
                float want = (float) expected[c];
                float tolerance = probabilities ? 2e-5f : Math.abs(want) * 1e-5f;
                assertEquals(want, one[c], tolerance, "single, " + where);
                assertEquals(want, batchOut[r * classes + c], tolerance, "batch, " + where);
                sum += one[c];
            }
            if (probabilities && mlp.head() instanceof SoftmaxCrossEntropy) {
                assertEquals(1.0, sum, 1e-5, "probabilities sum to 1");
            }
            assertEquals(label, batchClasses[r], "row " + r);
            Head head = mlp.head();
            assertEquals(head.predictedClass(classes, one, 0), label);
        }
    }

    @Test
    void nonFiniteFeaturesAreRejectedNamingTheFeature() {
        for (List<Layer> layers : List.of(layers("fused-relu"), layers("layers-relu"))) {
            Predictor predictor = new Predictor(Mlp.initialise(2, layers, new SoftmaxCrossEntropy(), 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> predictor.predict(new float[] {0f, Float.NaN}, new float[3]));
            assertEquals("feature 1 is NaN; features must be finite", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> predictor.predictBatch(
                    new float[] {0f, 1f, 2f, 3f, Float.POSITIVE_INFINITY, 5f}, 3, new float[9], new int[3]));
            assertEquals("sample 2: feature 0 is Infinity; features must be finite", e.getMessage());
        }
    }

    /** Logits beyond even the double range: a clear error naming the sample, never NaN. */
    @Test
    void outputsBeyondTheDoubleRangeAreAnError() {
        List<Layer> deep = List.of(new Dense(2, 2), new Identity(), new Dense(2, 2), new Identity(), new Dense(2, 2),
                new Identity(), new Dense(2, 2), new Identity(), new Dense(2, 2), new Identity(), new Dense(2, 2),
                new Identity(), new Dense(2, 2), new Identity(), new Dense(2, 2), new Identity(), new Dense(2, 2),
                new Identity(), new Dense(2, 3));
        Mlp mlp = Mlp.initialise(2, deep, new SoftmaxCrossEntropy(), 1);
        float[] p = mlp.params();
        for (int d = 0; d < mlp.denseCount(); d++) {
            int w = mlp.weightOffset(d);
            int rows = d + 1 == mlp.denseCount() ? 3 : 2;
            for (int o = 0; o < rows; o++) {
                p[w + 2 * o] = 3e38f;          // each layer multiplies by 3e38: 10^38 per layer
                p[w + 2 * o + 1] = o == 1 ? -3e38f : 3e38f;
            }
        }
        Predictor predictor = new Predictor(mlp);
        NonFiniteOutputException e = assertThrows(NonFiniteOutputException.class,
                () -> predictor.predictBatch(new float[] {1f, 1f, 0f, 0f}, 2, new float[6], new int[2]));
        assertTrue(e.getMessage().startsWith("sample 0: ") && e.getMessage().contains("overflows even in double"),
                e.getMessage());
    }

    /** The bound is far from ordinary features: the lecture's net takes the float path up to ~1e35. */
    @Test
    void ordinaryFeaturesStayOnTheFloatPath() {
        float safe = Predictor.safeFeature(Mlp.initialise(new int[] {2, 100, 3}, new ReLU(), 1));
        assertTrue(safe > 1e30f && safe < 3e38f, "" + safe);
        assertEquals(-1f, Predictor.safeFeature(overflowingAtZero()));
    }

    private static Mlp overflowingAtZero() {
        Mlp mlp = Mlp.initialise(new int[] {1, 2, 2, 2}, new Identity(), 1);
        java.util.Arrays.fill(mlp.params(), 3e38f);
        return mlp;
    }
}
