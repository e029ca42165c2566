package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.simdnet.testing.KernelModes;

/**
 * SGD and Adam: the vector kernels against the scalar twin (bit for bit: same float operations),
 * both against a plain double re-implementation of the {@code torch.optim} formulas over several
 * steps, and against values worked out by hand.
 */
class OptimizerKernelsTest {

    private static final OptimizerKernels SCALAR = new ScalarOptimizerKernels();
    /** The engine's vector updates (behind the warm-up switch when it is on). */
    private static final OptimizerKernels VECTOR = Kernels.OPTIMIZERS instanceof WarmingOptimizerKernels
            ? WarmingOptimizerKernels.vector() : Kernels.OPTIMIZERS;
    private static final int[] SIZES = {0, 1, 3, 15, 16, 17, 31, 33, 100, 257, 1000, 4099};

    @Test
    void theVectorKernelsAreInUse() {
        KernelModes.assumeVectorKernelsWanted();
        assertTrue(VECTOR instanceof VectorOptimizerKernels, VECTOR.getClass().getName());
    }

    @Test
    void sgdByHand() {
        // w = 1, g = 0.5, lr 0.1, momentum 0.9, weight decay 0.01
        // step 1: d = 0.5 + 0.01·1 = 0.51, buf = 0.51, w = 1 − 0.051 = 0.949
        // step 2: d = 0.5 + 0.01·0.949 = 0.50949, buf = 0.9·0.51 + 0.50949 = 0.96849, w = 0.949 − 0.096849 = 0.852151
        for (OptimizerKernels k : new OptimizerKernels[] {SCALAR, VECTOR}) {
            float[] w = filled(20, 1f), g = filled(20, 0.5f), buf = filled(20, 123f);
            k.sgd(20, w, 0, g, 0, buf, 0, 0.1f, 0.9f, 0.01f, true);
            assertEquals(0.949f, w[19], 1e-7f);
            assertEquals(0.51f, buf[0], 1e-7f);
            k.sgd(20, w, 0, g, 0, buf, 0, 0.1f, 0.9f, 0.01f, false);
            assertEquals(0.852151f, w[0], 2e-7f);
            assertEquals(0.96849f, buf[19], 2e-7f);
        }
    }

    @Test
    void sgdWithoutMomentumNeverTouchesTheBuffer() {
        for (OptimizerKernels k : new OptimizerKernels[] {SCALAR, VECTOR}) {
            float[] w = filled(37, 2f), g = filled(37, -1f);
            k.sgd(37, w, 0, g, 0, null, 0, 0.5f, 0f, 0f, true);
            assertArrayEquals(filled(37, 2.5f), w);
            float[] buf = filled(37, 9f);
            k.sgd(37, w, 0, g, 0, buf, 0, 0.5f, 0f, 0f, false);
            assertArrayEquals(filled(37, 3f), w);
            assertArrayEquals(filled(37, 9f), buf);
        }
    }

    @Test
    void adamByHand() {
        // step 1 from m = v = 0, g = 0.5, lr 0.1, β = (0.9, 0.999), eps 1e-8:
        // m = 0.05, v = 0.00025, m̂ = 0.5, √v̂ = 0.5, so w moves by lr·0.5/(0.5 + 1e-8) ≈ 0.1: 1 → 0.9
        // step 2, same g: m = 0.095, v = 0.00049975; bias corrections 0.19 and 0.001999;
        // m̂ = 0.5, √v̂ = 0.5 again, so w → 0.8
        for (OptimizerKernels k : new OptimizerKernels[] {SCALAR, VECTOR}) {
            float[] w = filled(19, 1f), g = filled(19, 0.5f), m = new float[19], v = new float[19];
            k.adam(19, w, 0, g, 0, m, 0, v, 0, 0.1f, 0.9f, 0.999f, 1e-8f, 0f, 1);
            // 1 − 0.9f = 0.10000002 (the float β1 is 0.89999998), hence 0.050000012
            assertEquals(0.05f, m[18], 2e-8f);
            // likewise 1 − 0.999f = 0.00099998713: the kernels use the float β exactly as given
            assertEquals(0.25 * (1 - (double) 0.999f), v[18], 1e-11);
            assertEquals(0.9f, w[18], 1e-7f);
            k.adam(19, w, 0, g, 0, m, 0, v, 0, 0.1f, 0.9f, 0.999f, 1e-8f, 0f, 2);
            assertEquals(0.8f, w[0], 2e-7f);
        }
    }

    /**
     * Tiny results are stored as exact zeros by both twins (see ScalarOptimizerKernels), in
     * every lane and in the tail; NaN is not flushed, so divergence stays visible.
     */
    @Test
    void tinyResultsAreFlushedToZeroAndNaNIsKept() {
        int n = 37;
        for (OptimizerKernels k : new OptimizerKernels[] {SCALAR, VECTOR}) {
            float[] w = new float[n];
            float[] g = new float[n];
            float[] m = new float[n];
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                w[i] = 1e-16f;          // below the parameter threshold after any tiny step
                g[i] = 1e-20f;          // below the gradient threshold: counts as 0
                m[i] = 1e-31f;          // below Adam's thresholds for eps 1e-8: (1 − β1)·eps·2^-28 ≈ 3.7e-18
                v[i] = 1e-37f;          // and (1 − β2)·(eps·2^-28)² ≈ 1.4e-36
            }
            w[5] = Float.NaN;
            w[n - 1] = 0.5f;
            k.adam(n, w, 0, g, 0, m, 0, v, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, 3);
            for (int i = 0; i < n; i++) {
                if (i == 5) {
                    assertTrue(Float.isNaN(w[i]), "NaN weight must stay NaN");
                    continue;
                }
                assertEquals(0f, m[i], "moment " + i + " of " + k.getClass().getSimpleName());
                assertEquals(0f, v[i], "second moment " + i);
                assertEquals(i == n - 1 ? 0.5f : 0f, w[i], "weight " + i);
            }
            float[] b = new float[n];
            java.util.Arrays.fill(b, 1e-31f);
            java.util.Arrays.fill(w, 1e-16f);
            k.sgd(n, w, 0, g, 0, b, 0, 0.1f, 0.5f, 0f, false);
            for (int i = 0; i < n; i++) {
                assertEquals(0f, b[i], "momentum buffer " + i);
                assertEquals(0f, w[i], "sgd weight " + i);
            }
        }
    }

    /**
     * Adam's flush thresholds follow eps: at eps 1e-16 with gradients near 1e-14 the second
     * moment (about 1e-31) is kept, so the move is PyTorch's (about lr), not 100·lr as when it was
     * flushed at 1e-30 while the first moment survived; gradients of 1e-16 are not flushed either.
     */
    @Test
    void adamAtTinyEpsFollowsTheFormula() {
        int n = 41;
        float lr = 1e-3f, eps = 1e-16f;
        for (OptimizerKernels k : new OptimizerKernels[] {SCALAR, VECTOR}) {
            for (boolean decoupled : new boolean[] {false, true}) {
                for (float grad : new float[] {1e-14f, 3e-16f, 1e-16f, 2e-13f}) {
                    float[] w = filled(n, 0.5f), g = filled(n, grad), m = new float[n], v = new float[n];
                    double w64 = 0.5, m64 = 0, v64 = 0;
                    for (int step = 1; step <= 4; step++) {
                        if (decoupled) {
                            k.adamW(n, w, 0, g, 0, m, 0, v, 0, lr, 0.9f, 0.999f, eps, 0f, step);
                        } else {
                            k.adam(n, w, 0, g, 0, m, 0, v, 0, lr, 0.9f, 0.999f, eps, 0f, step);
                        }
                        m64 = 0.9 * m64 + 0.1 * grad;
                        v64 = 0.999 * v64 + 0.001 * (double) grad * grad;
                        double denom = Math.sqrt(v64) / Math.sqrt(1 - Math.pow(0.999, step)) + eps;
                        w64 -= lr / (1 - Math.pow(0.9, step)) * m64 / denom;
                        for (int i = 0; i < n; i++) {
                            assertEquals(w64, w[i], 3e-7, k.getClass().getSimpleName() + " g=" + grad
                                    + " step " + step + " element " + i);
                        }
                    }
                }
            }
        }
    }

    /**
     * The vector twin flushes in integer lanes (no mask): at each threshold itself, one ulp
     * either side, at −0, subnormals, infinities and NaN, every lane must equal the scalar
     * twin's {@code Math.abs(x) < floor ? 0 : x} bit for bit (NaN for NaN), for Adam, AdamW and SGD.
     */
    @Test
    void flushesAtTheThresholdsEqualTheScalarTwinBitForBit() {
        float eps = 1e-8f, a = eps * ScalarOptimizerKernels.ADAM_FLUSH;
        float[] edges = {a, Math.nextDown(a), Math.nextUp(a), ScalarOptimizerKernels.FLUSH_GRADIENT,
            Math.nextDown(ScalarOptimizerKernels.FLUSH_GRADIENT), Math.nextUp(ScalarOptimizerKernels.FLUSH_GRADIENT),
            ScalarOptimizerKernels.FLUSH_PARAMETER, Math.nextDown(ScalarOptimizerKernels.FLUSH_PARAMETER),
            -0f, 0f, Float.MIN_VALUE, -Float.MIN_NORMAL, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
            1e-3f, -2.5f};
        int n = 3 * 16 + 5;
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            float[] w = new float[n], g = new float[n], m = new float[n], v = new float[n];
            for (int i = 0; i < n; i++) {
                float scale = random.nextBoolean() ? 1f : -1f;
                w[i] = edges[random.nextInt(edges.length)] * (random.nextInt(4) == 0 ? 1f : scale);
                g[i] = edges[random.nextInt(edges.length)] * scale;
                m[i] = edges[random.nextInt(edges.length)] * 0.1f;
                v[i] = Math.abs(edges[random.nextInt(edges.length)]) * 1e-3f;
            }
            for (int kind = 0; kind < 3; kind++) {
                float[][] out = new float[2][];
                for (int which = 0; which < 2; which++) {
                    OptimizerKernels k = which == 0 ? SCALAR : VECTOR;
                    float[] wk = w.clone(), mk = m.clone(), vk = v.clone();
                    if (kind == 0) {
                        k.adam(n, wk, 0, g, 0, mk, 0, vk, 0, 1e-3f, 0.9f, 0.999f, eps, 1e-5f, 1 + trial % 7);
                    } else if (kind == 1) {
                        k.adamW(n, wk, 0, g, 0, mk, 0, vk, 0, 1e-3f, 0.9f, 0.999f, eps, 1e-2f, 1 + trial % 7);
                    } else {
                        k.sgd(n, wk, 0, g, 0, mk, 0, 0.1f, 0.9f, 0f, 1e-4f, trial % 2 == 0, trial % 3 == 0);
                    }
                    out[which] = concat(wk, mk, vk);
                }
                for (int i = 0; i < out[0].length; i++) {
                    if (Float.isNaN(out[0][i]) && Float.isNaN(out[1][i])) {
                        continue;       // a NaN's sign and payload carry nothing (x86 makes −NaN, Java +NaN)
                    }
                    assertEquals(Float.floatToRawIntBits(out[0][i]), Float.floatToRawIntBits(out[1][i]),
                            "kind " + kind + " trial " + trial + " value " + i + ": scalar " + out[0][i]
                                    + ", vector " + out[1][i]);
                }
            }
        }
    }

    private static float[] concat(float[] x, float[] y, float[] z) {
        float[] all = java.util.Arrays.copyOf(x, x.length + y.length + z.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        System.arraycopy(z, 0, all, x.length + y.length, z.length);
        return all;
    }

    /** Just below the eps-tied thresholds values are flushed; just above they are kept. */
    @Test
    void adamFlushThresholdsFollowEps() {
        float eps = 1e-8f, a = eps * ScalarOptimizerKernels.ADAM_FLUSH;
        for (OptimizerKernels k : new OptimizerKernels[] {SCALAR, VECTOR}) {
            int n = 35;
            // a weight of 1e-6, so that the move of about lr·1.1a/eps = 4e-12 shows
            float[] w = filled(n, 1e-6f), g = filled(n, 0.9f * a), m = new float[n], v = new float[n];
            k.adam(n, w, 0, g, 0, m, 0, v, 0, 1e-3f, 0.9f, 0.999f, eps, 0f, 1);
            assertArrayEquals(new float[n], m, "gradient below eps·2^-28 counts as 0");
            assertArrayEquals(filled(n, 1e-6f), w);
            g = filled(n, 1.1f * a);
            k.adam(n, w, 0, g, 0, m, 0, v, 0, 1e-3f, 0.9f, 0.999f, eps, 0f, 1);
            assertEquals(0.1f * 1.1f * a, m[n - 1], 1e-3f * a, "gradient above eps·2^-28 is kept");
            assertTrue(v[0] > 0f, "and its square too");
            assertTrue(w[0] < 1e-6f);
        }
    }

    @Test
    void sgdVectorEqualsScalarAndDoubleReference() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int n : SIZES) {
            for (float momentum : new float[] {0f, 0.9f}) {
                for (float wd : new float[] {0f, 1e-2f}) {
                    int off = rnd.nextInt(5);
                    float[] w0 = random(rnd, off + n + 3);
                    float[] ws = w0.clone(), wv = w0.clone(), bs = new float[off + n], bv = new float[off + n];
                    double[] wd64 = toDouble(w0, off, n), buf64 = new double[n];
                    for (int step = 1; step <= 5; step++) {
                        float[] g = random(rnd, off + n + 3);
                        SCALAR.sgd(n, ws, off, g, off, bs, off, 0.05f, momentum, wd, step == 1);
                        VECTOR.sgd(n, wv, off, g, off, bv, off, 0.05f, momentum, wd, step == 1);
                        for (int i = 0; i < n; i++) {         // torch.optim.SGD in double
                            double d = g[off + i] + (double) wd * wd64[i];
                            if (momentum != 0) {
                                buf64[i] = step == 1 ? d : momentum * buf64[i] + d;
                                d = buf64[i];
                            }
                            wd64[i] -= 0.05 * d;
                        }
                    }
                    assertArrayEquals(ws, wv, "n=" + n);
                    assertArrayEquals(bs, bv);
                    assertClose(wd64, wv, off, 1e-6, "sgd n=" + n + " momentum " + momentum + " wd " + wd);
                }
            }
        }
    }

    @Test
    void adamVectorEqualsScalarAndDoubleReference() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int n : SIZES) {
            for (float wd : new float[] {0f, 1e-5f, 0.1f}) {
                for (float beta1 : new float[] {0.9f, 0.3f}) {        // 0.3: PyTorch's other lerp branch
                    int off = rnd.nextInt(5);
                    float[] w0 = random(rnd, off + n + 3);
                    float[] ws = w0.clone(), wv = w0.clone();
                    float[] ms = new float[off + n], mv = new float[off + n], vs = new float[off + n], vv = new float[off + n];
                    double[] w64 = toDouble(w0, off, n), m64 = new double[n], v64 = new double[n];
                    float lr = 1e-3f, beta2 = 0.999f, eps = 1e-8f;
                    for (int step = 1; step <= 6; step++) {
                        float[] g = random(rnd, off + n + 3);
                        SCALAR.adam(n, ws, off, g, off, ms, off, vs, off, lr, beta1, beta2, eps, wd, step);
                        VECTOR.adam(n, wv, off, g, off, mv, off, vv, off, lr, beta1, beta2, eps, wd, step);
                        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
                        for (int i = 0; i < n; i++) {         // torch.optim.Adam in double
                            double d = g[off + i] + (double) wd * w64[i];
                            m64[i] = beta1 * m64[i] + (1 - (double) beta1) * d;
                            v64[i] = beta2 * v64[i] + (1 - (double) beta2) * d * d;
                            double denom = Math.sqrt(v64[i]) / Math.sqrt(bc2) + eps;
                            w64[i] -= lr / bc1 * m64[i] / denom;
                        }
                    }
                    assertArrayEquals(ws, wv, "n=" + n);
                    assertArrayEquals(ms, mv);
                    assertArrayEquals(vs, vv);
                    assertClose(w64, wv, off, 1e-6, "adam n=" + n + " wd " + wd + " beta1 " + beta1);
                }
            }
        }
    }

    private static void assertClose(double[] expected, float[] actual, int off, double tol, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[off + i], tol * Math.max(1, Math.abs(expected[i])), what + " element " + i);
        }
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (2 * rnd.nextDouble() - 1);
        }
        return a;
    }

    private static double[] toDouble(float[] a, int off, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a[off + i];
        }
        return d;
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        Arrays.fill(a, value);
        return a;
    }
}
