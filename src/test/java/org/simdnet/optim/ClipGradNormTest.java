package org.simdnet.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.apache.commons.math3.linear.ArrayRealVector;
import org.junit.jupiter.api.Test;

/** {@link GradientClipping} against Commons Math's norm and torch.nn.utils.clip_grad_norm_'s formula. */
class ClipGradNormTest {

    @Test
    void clipsToTheMaximumNorm() {
        SplittableRandom rnd = new SplittableRandom(61);
        for (int n : new int[] {1, 2, 3, 5, 16, 17, 100, 1001}) {
            int off = rnd.nextInt(3);
            float[] g = new float[off + n + 2];
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) (4 * rnd.nextGaussian());
            }
            float[] original = g.clone();
            double[] slice = new double[n];
            for (int i = 0; i < n; i++) {
                slice[i] = g[off + i];
            }
            double norm = new ArrayRealVector(slice, false).getNorm();
            float maxNorm = (float) (norm / 3);                      // always clips
            float total = GradientClipping.clipGradNorm(n, g, off, maxNorm);
            assertEquals((float) norm, total, "n=" + n);            // the double sum rounded once
            float coef = maxNorm / (total + 1e-6f);                   // torch's float32 coefficient
            for (int i = 0; i < g.length; i++) {
                boolean inside = i >= off && i < off + n;
                assertEquals(inside ? original[i] * coef : original[i], g[i], "n=" + n + " element " + i);
                if (inside) {
                    // the exact ratio, up to float rounding and torch's 1e-6 in the denominator
                    assertEquals(original[i] * maxNorm / norm, g[i], Math.abs(original[i]) * (1e-6 + 2e-6 / norm));
                }
            }
            double after = 0;
            for (int i = 0; i < n; i++) {
                after += (double) g[off + i] * g[off + i];
            }
            assertEquals(maxNorm, Math.sqrt(after), 1e-5 * maxNorm, "clipped norm n=" + n);
        }
    }

    @Test
    void belowTheMaximumNothingChanges() {
        float[] g = {3f, 4f, -0f, 1e-20f};
        float[] before = g.clone();
        assertEquals(5f, GradientClipping.byNorm(10f).clip(g));
        assertArrayEquals(before, g);
        // torch: 5 / (5 + 1e-6) < 1 still scales (by 0.9999998); a max just above the norm is a no-op
        assertEquals(5f, GradientClipping.clipGradNorm(g.length, g, 0, 5.00001f));
        assertArrayEquals(before, g);
        float[] h = {3f, 4f};
        GradientClipping.clipGradNorm(2, h, 0, 5f);
        assertEquals(3f * (5f / (5f + 1e-6f)), h[0]);
        assertTrue(h[0] < 3f);
    }

    @Test
    void theNormIsDeterministicAndInDouble() {
        // 1 followed by 1e-4s: a float sum would lose every square (1e-8 < half an ulp of 1), double keeps them
        float[] g = new float[10_001];
        g[0] = 1f;
        java.util.Arrays.fill(g, 1, g.length, 1e-4f);
        double exact = Math.sqrt(1 + 10_000 * ((double) 1e-4f * 1e-4f));
        assertTrue(exact > 1.00004);
        assertEquals((float) exact, GradientClipping.totalNorm(g.length, g, 0));
        assertEquals(GradientClipping.totalNorm(g.length, g, 0), GradientClipping.totalNorm(g.length, g, 0));
    }

    @Test
    void nonFiniteGradientsSpreadAsInTorch() {
        float[] g = {1f, Float.NaN, 2f};
        assertTrue(Float.isNaN(GradientClipping.byNorm(1f).clip(g)));
        assertTrue(Float.isNaN(g[0]) && Float.isNaN(g[2]));
        float[] h = {1f, Float.POSITIVE_INFINITY};
        assertEquals(Float.POSITIVE_INFINITY, GradientClipping.byNorm(1f).clip(h));
        assertEquals(0f, h[0]);                                       // coef = 1/inf = 0
    }

    @Test
    void argumentsAreChecked() {
        ScheduleTest.rejects(() -> GradientClipping.byNorm(0f), "maxNorm");
        ScheduleTest.rejects(() -> GradientClipping.byNorm(-1f), "maxNorm");
        ScheduleTest.rejects(() -> GradientClipping.byNorm(Float.NaN), "maxNorm");
        ScheduleTest.rejects(() -> GradientClipping.clipGradNorm(4, new float[3], 0, 1f), "gradient");
        ScheduleTest.rejects(() -> GradientClipping.byNorm(1f).clip(null), "gradient");
        assertEquals("clip_grad_norm(max_norm=1.0)", GradientClipping.byNorm(1f).toString());
    }
}
