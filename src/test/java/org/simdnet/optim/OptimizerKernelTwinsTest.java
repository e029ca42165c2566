package org.simdnet.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.OptimizerKernels;
import org.simdnet.kernel.ScalarOptimizerKernels;

/**
 * The vector optimizer kernels against their scalar twins, bit for bit, on every length 1..200
 * (so every tail length), at random offsets, with values spread over many magnitudes so that the
 * flush thresholds are crossed in both the vector body and the tail.
 */
class OptimizerKernelTwinsTest {

    private static final OptimizerKernels SCALAR = new ScalarOptimizerKernels();
    private static final OptimizerKernels VECTOR = Kernels.OPTIMIZERS;

    @BeforeAll
    static void vectorKernelsInUse() {
        assumeTrue(Kernels.vectorized(), "the vector kernels are not in use: " + Kernels.DESCRIPTION);
    }

    @Test
    void sgdEveryVariant() {
        SplittableRandom rnd = new SplittableRandom(51);
        for (int n = 1; n <= 200; n++) {
            float momentum = n % 3 == 0 ? 0f : 0.9f;
            float dampening = n % 4 == 1 ? 0.25f : 0f;
            boolean nesterov = momentum != 0f && dampening == 0f && n % 2 == 0;
            float wd = n % 5 == 0 ? 0f : 1e-3f;
            int off = rnd.nextInt(4);
            float[] ws = spread(rnd, off + n), wv = ws.clone();
            float[] bs = spread(rnd, off + n), bv = bs.clone();
            for (int step = 1; step <= 3; step++) {
                float[] g = spread(rnd, off + n);
                SCALAR.sgd(n, ws, off, g, off, bs, off, 0.1f, momentum, dampening, wd, nesterov, step == 1);
                VECTOR.sgd(n, wv, off, g, off, bv, off, 0.1f, momentum, dampening, wd, nesterov, step == 1);
                assertArrayEquals(ws, wv, "sgd weights n=" + n + " step " + step);
                assertArrayEquals(bs, bv, "sgd buffer n=" + n + " step " + step);
            }
        }
    }

    @Test
    void adamAndAdamW() {
        SplittableRandom rnd = new SplittableRandom(52);
        for (boolean decoupled : new boolean[] {false, true}) {
            for (int n = 1; n <= 200; n++) {
                float beta1 = n % 2 == 0 ? 0.9f : 0.3f;          // both of PyTorch's lerp branches
                float eps = n % 3 == 0 ? 1e-16f : 1e-8f;
                float wd = n % 5 == 0 ? 0f : 1e-2f;
                int off = rnd.nextInt(4);
                float[] ws = spread(rnd, off + n), wv = ws.clone();
                float[] ms = spread(rnd, off + n), mv = ms.clone();
                float[] vs = spread(rnd, off + n);
                for (int i = 0; i < vs.length; i++) {
                    vs[i] = vs[i] * vs[i];                        // a second moment is >= 0
                }
                float[] vv = vs.clone();
                for (int step = 1; step <= 3; step++) {
                    float[] g = spread(rnd, off + n);
                    if (decoupled) {
                        SCALAR.adamW(n, ws, off, g, off, ms, off, vs, off, 1e-3f, beta1, 0.999f, eps, wd, step);
                        VECTOR.adamW(n, wv, off, g, off, mv, off, vv, off, 1e-3f, beta1, 0.999f, eps, wd, step);
                    } else {
                        SCALAR.adam(n, ws, off, g, off, ms, off, vs, off, 1e-3f, beta1, 0.999f, eps, wd, step);
                        VECTOR.adam(n, wv, off, g, off, mv, off, vv, off, 1e-3f, beta1, 0.999f, eps, wd, step);
                    }
                    String what = (decoupled ? "adamW" : "adam") + " n=" + n + " step " + step;
                    assertArrayEquals(ws, wv, what + " weights");
                    assertArrayEquals(ms, mv, what + " m");
                    assertArrayEquals(vs, vv, what + " v");
                }
            }
        }
    }

    @Test
    void scale() {
        SplittableRandom rnd = new SplittableRandom(53);
        for (int n = 1; n <= 200; n++) {
            int off = rnd.nextInt(4);
            float[] xs = spread(rnd, off + n + 2), xv = xs.clone();
            float factor = (float) rnd.nextDouble();
            SCALAR.scale(n, xs, off, factor);
            VECTOR.scale(n, xv, off, factor);
            assertArrayEquals(xs, xv, "scale n=" + n);
        }
    }

    /** Signed values from 1e-40 (subnormal) to 1, log-uniform, with some exact zeros. */
    static float[] spread(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            double r = rnd.nextDouble();
            a[i] = r < 0.05 ? 0f : (float) ((rnd.nextBoolean() ? 1 : -1) * Math.pow(10, -40 * rnd.nextDouble()));
        }
        return a;
    }
}
