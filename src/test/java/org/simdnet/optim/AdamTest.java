package org.simdnet.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link Adam} and {@link AdamW} through their {@link Optimizer}: by hand and against a double reference. */
class AdamTest {

    @Test
    void adamByHand() {
        // m = v = 0, g = 0.5, lr 0.1: m̂ = 0.5 and √v̂ = 0.5 in the first two steps, so w goes 1 → 0.9 → 0.8
        float[] w = SgdTest.filled(19, 1f), g = SgdTest.filled(19, 0.5f);
        Optimizer opt = OptimizerSpec.adam(0.1f).create(19);
        opt.step(w, g, 0.1f);
        assertEquals(0.9f, w[18], 1e-7f);
        opt.step(w, g, 0.1f);
        assertEquals(0.8f, w[0], 2e-7f);
    }

    @Test
    void adamWDecaysTheWeightFirstAndLeavesTheGradientAlone() {
        // lr 0.1, weight decay 0.1: w = 1·(1 − 0.01) = 0.99, then the Adam move of 0.1 (m̂/√v̂ = 1): 0.89.
        float[] w = SgdTest.filled(17, 1f), g = SgdTest.filled(17, 0.5f);
        OptimizerSpec.adamW(0.1f, 0.1f).create(17).step(w, g, 0.1f);
        assertEquals(0.89f, w[16], 1e-7f);
        // Adam's L2 decay instead goes through the moments, where the step-1 move is scale-free: 0.9.
        float[] w2 = SgdTest.filled(17, 1f);
        OptimizerSpec.adam(0.1f, 0.1f).create(17).step(w2, g, 0.1f);
        assertEquals(0.9f, w2[16], 1e-7f);
    }

    @Test
    void bothFollowTorchOverManySteps() {
        SplittableRandom rnd = new SplittableRandom(31);
        for (boolean decoupled : new boolean[] {false, true}) {
            for (int n : new int[] {1, 5, 16, 31, 77}) {
                for (float wd : new float[] {0f, 1e-4f, 0.05f}) {
                    for (float[] betas : new float[][] {{0.9f, 0.999f}, {0.3f, 0.9f}, {0.95f, 0.99f}}) {
                        OptimizerSpec spec = decoupled ? OptimizerSpec.adamW(1e-2f, betas[0], betas[1], 1e-8f, wd)
                                                       : OptimizerSpec.adam(1e-2f, betas[0], betas[1], 1e-8f, wd);
                        float[] w = TorchReference.random(rnd, n);
                        double[] ref = TorchReference.toDouble(w), m = new double[n], v = new double[n];
                        Optimizer opt = spec.create(n);
                        for (int t = 1; t <= 12; t++) {
                            float lr = t <= 6 ? 1e-2f : 3e-3f;
                            float[] g = TorchReference.random(rnd, n);
                            opt.step(w, g, lr);
                            // the reference uses the float hyper-parameters exactly, as the kernels do
                            TorchReference.adam(ref, g, m, v, t, lr, betas[0], betas[1], 1e-8f, wd, decoupled);
                        }
                        assertEquals(12, opt.steps());
                        for (int i = 0; i < n; i++) {
                            assertEquals(ref[i], w[i], 2e-6 * Math.max(1, Math.abs(ref[i])),
                                    spec + " n=" + n + " element " + i);
                        }
                    }
                }
            }
        }
    }

    /**
     * The flush defect, fixed: with eps 1e-16 and gradients near 1e-14, v ≈ 1e-31 must not be
     * flushed while m ≈ 1e-15 survives (the weight then moved 100× further than PyTorch's rule).
     */
    @Test
    void tinyEpsAndTinyGradientsFollowTheFormula() {
        SplittableRandom rnd = new SplittableRandom(41);
        for (boolean decoupled : new boolean[] {false, true}) {
            int n = 37;
            OptimizerSpec spec = decoupled ? OptimizerSpec.adamW(1e-3f, 0.9f, 0.999f, 1e-16f, 0f)
                                           : OptimizerSpec.adam(1e-3f, 0.9f, 0.999f, 1e-16f, 0f);
            float[] w = TorchReference.random(rnd, n);
            double[] ref = TorchReference.toDouble(w), m = new double[n], v = new double[n];
            Optimizer opt = spec.create(n);
            for (int t = 1; t <= 5; t++) {
                float[] g = new float[n];
                for (int i = 0; i < n; i++) {
                    g[i] = (float) ((rnd.nextBoolean() ? 1 : -1) * Math.pow(10, -16 + 4 * rnd.nextDouble()));
                }
                double[] before = TorchReference.toDouble(w);
                System.arraycopy(before, 0, ref, 0, n);     // each step from the same weights: one step's error counts
                opt.step(w, g, 1e-3f);
                TorchReference.adam(ref, g, m, v, t, 1e-3, 0.9, 0.999, 1e-16f, 0, decoupled);
                for (int i = 0; i < n; i++) {
                    // each move is of order lr: hold it to 1e-4 of lr (plus the weight's rounding),
                    // far tighter than the old error of 100·lr
                    assertEquals(ref[i] - before[i], w[i] - before[i], 1e-7 + 1e-7 * Math.abs(ref[i]),
                            spec + " step " + t + " element " + i);
                }
            }
        }
    }

    @Test
    void adamAndAdamWDifferWithDecay() {
        float[] w1 = TorchReference.random(new SplittableRandom(3), 8), w2 = w1.clone();
        float[] g = TorchReference.random(new SplittableRandom(4), 8);
        OptimizerSpec.adam(0.01f, 0.1f).create(8).step(w1, g, 0.01f);
        OptimizerSpec.adamW(0.01f, 0.1f).create(8).step(w2, g, 0.01f);
        assertNotEquals(w1[0], w2[0]);
    }
}
