package org.simdnet.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link Sgd} through its {@link Optimizer}: torch.optim.SGD's rule, by hand and against a double reference. */
class SgdTest {

    @Test
    void plainMomentumAndWeightDecayByHand() {
        // w = 1, g = 0.5, lr 0.1, momentum 0.9, weight decay 0.01
        // step 1: d = 0.51, buf = 0.51, w = 0.949; step 2: d = 0.50949, buf = 0.96849, w = 0.852151
        float[] w = filled(21, 1f), g = filled(21, 0.5f);
        Optimizer opt = OptimizerSpec.sgd(0.1f, 0.9f, 0.01f).create(21);
        opt.step(w, g, 0.1f);
        assertEquals(0.949f, w[20], 1e-7f);
        opt.step(w, g, 0.1f);
        assertEquals(0.852151f, w[0], 2e-7f);
        assertEquals(2, opt.steps());
    }

    @Test
    void nesterovByHand() {
        // lr 0.1, momentum 0.9, Nesterov: step 1 buf = 0.5, d = 0.5 + 0.9·0.5 = 0.95, w = 0.905;
        // step 2 buf = 0.9·0.5 + 0.5 = 0.95, d = 0.5 + 0.9·0.95 = 1.355, w = 0.905 − 0.1355 = 0.7695
        float[] w = filled(19, 1f), g = filled(19, 0.5f);
        Optimizer opt = OptimizerSpec.sgd(0.1f, 0.9f, 0f, 0f, true).create(19);
        opt.step(w, g, 0.1f);
        assertEquals(0.905f, w[18], 1e-7f);
        opt.step(w, g, 0.1f);
        assertEquals(0.7695f, w[0], 2e-7f);
    }

    @Test
    void dampeningByHand() {
        // momentum 0.9, dampening 0.5: the first step copies the gradient (no dampening): buf = 0.5,
        // w = 0.95; step 2 buf = 0.9·0.5 + 0.5·0.5 = 0.7, w = 0.95 − 0.07 = 0.88
        float[] w = filled(23, 1f), g = filled(23, 0.5f);
        Optimizer opt = OptimizerSpec.sgd(0.1f, 0.9f, 0.5f, 0f, false).create(23);
        opt.step(w, g, 0.1f);
        assertEquals(0.95f, w[22], 1e-7f);
        opt.step(w, g, 0.1f);
        assertEquals(0.88f, w[0], 1e-7f);
    }

    @Test
    void everyVariantFollowsTorchOverManySteps() {
        SplittableRandom rnd = new SplittableRandom(21);
        float[][] configs = {           // momentum, dampening, weight decay, nesterov (1) or not (0)
            {0f, 0f, 0f, 0}, {0f, 0f, 1e-2f, 0}, {0.9f, 0f, 0f, 0}, {0.9f, 0f, 1e-3f, 0},
            {0.5f, 0.3f, 0f, 0}, {0.9f, 0.9f, 1e-2f, 0}, {0.9f, 0f, 0f, 1}, {0.8f, 0f, 5e-2f, 1},
        };
        for (int n : new int[] {1, 7, 16, 33, 130}) {
            for (float[] c : configs) {
                Sgd spec = OptimizerSpec.sgd(0.05f, c[0], c[1], c[2], c[3] != 0);
                float[] w = TorchReference.random(rnd, n);
                double[] ref = TorchReference.toDouble(w);
                double[] buf = new double[n];
                Optimizer opt = spec.create(n);
                for (int step = 1; step <= 8; step++) {
                    float lr = step <= 4 ? 0.05f : 0.02f;     // the schedule's learning rate changes mid-run
                    float[] g = TorchReference.random(rnd, n);
                    opt.step(w, g, lr);
                    TorchReference.sgd(ref, g, buf, step, lr, c[0], c[1], c[2], c[3] != 0);
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(ref[i], w[i], 2e-6 * Math.max(1, Math.abs(ref[i])), spec + " n=" + n + " element " + i);
                }
            }
        }
    }

    @Test
    void theGradientIsLeftAlone() {
        float[] w = filled(9, 1f), g = filled(9, 0.25f);
        OptimizerSpec.sgd(0.1f, 0.9f, 0.1f, 0.1f, false).create(9).step(w, g, 0.1f);
        assertEquals(Arrays.toString(filled(9, 0.25f)), Arrays.toString(g));
    }

    static float[] filled(int n, float value) {
        float[] a = new float[n];
        Arrays.fill(a, value);
        return a;
    }
}
