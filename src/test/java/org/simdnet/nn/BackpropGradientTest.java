package org.simdnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hand-written back-prop of a whole MLP against central finite differences of a
 * double-precision re-implementation of the same loss. The reference forward is checked against
 * the engine's loss first, so the differences are of the function the engine computes.
 */
class BackpropGradientTest {

    private static final int[] WIDTHS = {3, 7, 5, 4};
    private static final int ROWS = 9;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void gradientMatchesFiniteDifferences(Activation activation) {
        Mlp mlp = Mlp.initialise(WIDTHS, activation, 7);
        SplittableRandom random = new SplittableRandom(11);
        float[] x = new float[ROWS * WIDTHS[0]];
        int[] labels = new int[ROWS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        for (int i = 0; i < ROWS; i++) {
            labels[i] = random.nextInt(WIDTHS[WIDTHS.length - 1]);
        }
        Workspace ws = new Workspace(mlp, ROWS);
        ws.load(x, WIDTHS[0], labels, null, 0, ROWS);
        double loss = Backprop.lossAndGradient(mlp, ws, ROWS, ROWS, null);

        double[] p = new double[mlp.params().length];
        for (int i = 0; i < p.length; i++) {
            p[i] = mlp.params()[i];
        }
        assertEquals(referenceLoss(mlp, p, x, labels), loss, 1e-5, "engine loss vs double reference");

        double h = 1e-6;
        double worst = 0;
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            p[i] = keep + h;
            double up = referenceLoss(mlp, p, x, labels);
            p[i] = keep - h;
            double down = referenceLoss(mlp, p, x, labels);
            p[i] = keep;
            double numeric = (up - down) / (2 * h);
            double analytic = ws.gradient()[i];
            double err = Math.abs(numeric - analytic) / (1e-3 + Math.abs(numeric));
            worst = Math.max(worst, err);
            // float back-prop vs double differences: 1e-3 relative (plus 1e-6 absolute).
            assertTrue(Math.abs(numeric - analytic) <= 1e-3 * Math.abs(numeric) + 1e-6,
                    "parameter " + i + ": finite difference " + numeric + " vs back-prop " + analytic);
        }
        assertTrue(worst < 1e-2, "worst relative error " + worst);
    }

    /** Mean cross-entropy of the MLP with parameters {@code p}, all in double. */
    static double referenceLoss(Mlp mlp, double[] p, float[] x, int[] labels) {
        int rows = labels.length;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double[] a = new double[mlp.inputs()];
            for (int i = 0; i < a.length; i++) {
                a[i] = x[r * a.length + i];
            }
            for (int l = 0; l < mlp.layers(); l++) {
                int in = mlp.width(l), out = mlp.width(l + 1);
                double[] z = new double[out];
                for (int o = 0; o < out; o++) {
                    double s = p[mlp.biasOffset(l) + o];
                    for (int i = 0; i < in; i++) {
                        s += p[mlp.weightOffset(l) + o * in + i] * a[i];
                    }
                    if (l + 1 < mlp.layers()) {
                        switch (mlp.activation()) {
                            case RELU: s = Math.max(s, 0); break;
                            case TANH: s = Math.tanh(s); break;
                            default: break;
                        }
                    }
                    z[o] = s;
                }
                a = z;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double v : a) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : a) {
                sum += Math.exp(v - max);
            }
            total += -(a[labels[r]] - max - Math.log(sum));
        }
        return total / rows;
    }
}
