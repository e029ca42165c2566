package org.simdnet.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The default spiral MLP (2 → 100 → 3, ReLU, softmax cross-entropy) written with {@link Tensor}
 * operations, against a hand-written back-propagation in double precision.
 *
 * <p>Weights are {@code [out × in]} as in PyTorch's {@code nn.Linear}, initialised
 * {@code U(−1/√fan_in, 1/√fan_in)}; forward is {@code X·Wᵀ + b}. The float engine and the double
 * reference differ only by float rounding over sums of at most 100 terms, so the loss must agree
 * to 1e-5 relative and each gradient to 1e-4 of its largest element.
 */
class MlpGradientTest {

    private static final int SAMPLES = 64, IN = 2, HIDDEN = 100, CLASSES = 3;

    private final SplittableRandom random = new SplittableRandom(12345L);

    private float[] uniform(int n, double bound) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return v;
    }

    @Test
    void lossAndGradientsMatchHandWrittenBackprop() {
        float[] x = uniform(SAMPLES * IN, 1.0);
        int[] labels = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            labels[i] = random.nextInt(CLASSES);
        }
        Tensor w1 = Tensor.of(uniform(HIDDEN * IN, 1 / Math.sqrt(IN)), HIDDEN, IN).requireGrad();
        Tensor b1 = Tensor.of(uniform(HIDDEN, 1 / Math.sqrt(IN)), HIDDEN).requireGrad();
        Tensor w2 = Tensor.of(uniform(CLASSES * HIDDEN, 1 / Math.sqrt(HIDDEN)), CLASSES, HIDDEN).requireGrad();
        Tensor b2 = Tensor.of(uniform(CLASSES, 1 / Math.sqrt(HIDDEN)), CLASSES).requireGrad();
        Tensor input = Tensor.of(x, SAMPLES, IN);

        Tensor loss = input.matmulTransposed(w1).add(b1).relu().matmulTransposed(w2).add(b2).crossEntropy(labels);
        loss.backward();

        Reference ref = new Reference(x, labels, w1.data(), b1.data(), w2.data(), b2.data());
        assertEquals(ref.loss, loss.item(), 1e-5 * ref.loss, "loss");
        assertClose("dW1", ref.dW1, w1.grad().data());
        assertClose("db1", ref.db1, b1.grad().data());
        assertClose("dW2", ref.dW2, w2.grad().data());
        assertClose("db2", ref.db2, b2.grad().data());
        assertArrayEquals(new int[] {HIDDEN, IN}, w1.grad().shape());
        assertArrayEquals(new int[] {CLASSES}, b2.grad().shape());

        // The same network through an explicit transpose gives the same gradients.
        Tensor[] params = {w1, b1, w2, b2};
        float[][] first = new float[params.length][];
        for (int i = 0; i < params.length; i++) {
            first[i] = params[i].grad().data().clone();
            params[i].zeroGrad();
        }
        input.matmul(w1.transpose()).add(b1).relu().matmul(w2.transpose()).add(b2).crossEntropy(labels).backward();
        for (int i = 0; i < params.length; i++) {
            float[] again = params[i].grad().data();
            for (int j = 0; j < again.length; j++) {
                assertEquals(first[i][j], again[j], 1e-6f * (1 + Math.abs(first[i][j])), "param " + i + "[" + j + "]");
            }
        }
    }

    @Test
    void gradientDescentLowersTheLoss() {
        float[] x = uniform(SAMPLES * IN, 1.0);
        int[] labels = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            labels[i] = x[2 * i] > 0 ? (x[2 * i + 1] > 0 ? 0 : 1) : 2; // learnable quadrants
        }
        Tensor input = Tensor.of(x, SAMPLES, IN);
        Tensor w1 = Tensor.of(uniform(HIDDEN * IN, 1 / Math.sqrt(IN)), HIDDEN, IN).requireGrad();
        Tensor b1 = Tensor.of(uniform(HIDDEN, 1 / Math.sqrt(IN)), HIDDEN).requireGrad();
        Tensor w2 = Tensor.of(uniform(CLASSES * HIDDEN, 1 / Math.sqrt(HIDDEN)), CLASSES, HIDDEN).requireGrad();
        Tensor b2 = Tensor.of(uniform(CLASSES, 1 / Math.sqrt(HIDDEN)), CLASSES).requireGrad();
        Tensor[] params = {w1, b1, w2, b2};
        float first = Float.NaN, last = Float.NaN;
        for (int step = 0; step < 100; step++) {
            Tensor loss = input.matmulTransposed(w1).add(b1).relu().matmulTransposed(w2).add(b2).crossEntropy(labels);
            for (Tensor p : params) {
                p.zeroGrad();
            }
            loss.backward();
            for (Tensor p : params) {
                float[] d = p.data(), g = p.grad().data();
                for (int i = 0; i < d.length; i++) {
                    d[i] -= 0.5f * g[i];
                }
            }
            if (step == 0) {
                first = loss.item();
            }
            last = loss.item();
        }
        assertTrue(last < 0.5f * first, "loss went from " + first + " to " + last);
    }

    private static void assertClose(String name, double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, name + " length");
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        assertTrue(scale > 0, name + " is all zeros: the test would prove nothing");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * scale, name + "[" + i + "]");
        }
    }

    /** Forward and backward of the same MLP, written out by hand in double. */
    private static final class Reference {
        final double loss;
        final double[] dW1 = new double[HIDDEN * IN], db1 = new double[HIDDEN];
        final double[] dW2 = new double[CLASSES * HIDDEN], db2 = new double[CLASSES];

        Reference(float[] x, int[] labels, float[] w1, float[] b1, float[] w2, float[] b2) {
            int m = labels.length;
            double[] pre = new double[m * HIDDEN], h = new double[m * HIDDEN];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < HIDDEN; j++) {
                    double s = b1[j];
                    for (int p = 0; p < IN; p++) {
                        s += (double) x[i * IN + p] * w1[j * IN + p];
                    }
                    pre[i * HIDDEN + j] = s;
                    h[i * HIDDEN + j] = Math.max(s, 0);
                }
            }
            double total = 0;
            double[] dLogits = new double[m * CLASSES];
            for (int i = 0; i < m; i++) {
                double[] logits = new double[CLASSES];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < CLASSES; c++) {
                    double s = b2[c];
                    for (int j = 0; j < HIDDEN; j++) {
                        s += h[i * HIDDEN + j] * w2[c * HIDDEN + j];
                    }
                    logits[c] = s;
                    max = Math.max(max, s);
                }
                double z = 0;
                for (int c = 0; c < CLASSES; c++) {
                    z += Math.exp(logits[c] - max);
                }
                total += -(logits[labels[i]] - max - Math.log(z));
                for (int c = 0; c < CLASSES; c++) {
                    double p = Math.exp(logits[c] - max) / z;
                    dLogits[i * CLASSES + c] = (p - (c == labels[i] ? 1 : 0)) / m;
                }
            }
            loss = total / m;
            double[] dPre = new double[m * HIDDEN];
            for (int i = 0; i < m; i++) {
                for (int c = 0; c < CLASSES; c++) {
                    double d = dLogits[i * CLASSES + c];
                    db2[c] += d;
                    for (int j = 0; j < HIDDEN; j++) {
                        dW2[c * HIDDEN + j] += d * h[i * HIDDEN + j];
                        dPre[i * HIDDEN + j] += d * w2[c * HIDDEN + j];
                    }
                }
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < HIDDEN; j++) {
                    double d = pre[i * HIDDEN + j] > 0 ? dPre[i * HIDDEN + j] : 0;
                    db1[j] += d;
                    for (int p = 0; p < IN; p++) {
                        dW1[j * IN + p] += d * x[i * IN + p];
                    }
                }
            }
        }
    }
}
