package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Every backward kernel against central finite differences of the function it differentiates,
 * taken in double: for a random upstream gradient G the scalar L = Σ G·f(x) has ∂L/∂x equal to
 * what the backward kernel must return. Runs through the public facades on the engine's kernels.
 */
class RowGradientsTest {

    private static final double H = 1e-4;

    @Test
    void reluBackwardIsTheDerivative() {
        SplittableRandom rnd = new SplittableRandom(1);
        int n = 101;
        float[] x = random(rnd, n, 2), dy = random(rnd, n, 1);
        for (int i = 0; i < n; i++) {
            if (Math.abs(x[i]) < 10 * H) {
                x[i] = 0.5f;     // keep clear of the kink, where the difference quotient is 1/2
            }
        }
        float[] y = new float[n], dx = new float[n];
        RowOps.relu(n, x, 0, y, 0);
        RowOps.reluBackward(n, y, 0, dy, 0, dx, 0);
        for (int i = 0; i < n; i++) {
            double fd = dy[i] * (relu(x[i] + H) - relu(x[i] - H)) / (2 * H);
            assertEquals(fd, dx[i], 1e-9, "element " + i);
        }
    }

    @Test
    void tanhBackwardIsTheDerivative() {
        SplittableRandom rnd = new SplittableRandom(2);
        int n = 103;
        float[] x = random(rnd, n, 4), dy = random(rnd, n, 1);
        float[] y = new float[n], dx = new float[n];
        RowOps.tanh(n, x, 0, y, 0);
        RowOps.tanhBackward(n, y, 0, dy, 0, dx, 0);
        for (int i = 0; i < n; i++) {
            double fd = dy[i] * (Math.tanh(x[i] + H) - Math.tanh(x[i] - H)) / (2 * H);
            // y is float tanh (3 ulps), so 1 − y² is off by ~1e-7; H² terms are ~1e-8
            assertEquals(fd, dx[i], 5e-7, "element " + i);
        }
    }

    @Test
    void columnSumsAreTheBiasGradient() {
        // L(b) = Σ_rc G[r][c]·(X[r][c] + b[c]) is linear in b: ∂L/∂b[c] = Σ_r G[r][c].
        SplittableRandom rnd = new SplittableRandom(3);
        int rows = 37, cols = 19;
        float[] x = random(rnd, rows * cols, 1), g = random(rnd, rows * cols, 1), b = random(rnd, cols, 1);
        float[] grad = new float[cols];
        RowOps.columnSums(rows, cols, g, 0, cols, grad, 0, false);
        for (int c = 0; c < cols; c++) {
            double up = biasLoss(rows, cols, x, g, b, c, H), down = biasLoss(rows, cols, x, g, b, c, -H);
            assertEquals((up - down) / (2 * H), grad[c], 1e-5, "column " + c);
        }
    }

    @Test
    void softmaxCrossEntropyGradientIsTheDerivativeOfItsLoss() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int cols : new int[] {1, 2, 3, 10, 17, 40}) {
            int rows = 7, batch = 9;
            float[] logits = random(rnd, rows * cols, 3);
            int[] labels = new int[rows];
            for (int r = 0; r < rows; r++) {
                labels[r] = rnd.nextInt(cols);
            }
            float[] d = new float[rows * cols];
            double loss = RowOps.softmaxCrossEntropy(rows, cols, logits, 0, cols, labels, 0, batch, d, 0, cols);
            assertEquals(crossEntropy(rows, cols, logits, labels, batch, -1, 0), loss, 1e-6, "loss, cols " + cols);
            for (int i = 0; i < rows * cols; i++) {
                double fd = (crossEntropy(rows, cols, logits, labels, batch, i, H)
                        - crossEntropy(rows, cols, logits, labels, batch, i, -H)) / (2 * H);
                assertEquals(fd, d[i], 1e-7, "cols " + cols + " element " + i);
            }
        }
    }

    @Test
    void softmaxCrossEntropyGradientMatchesItsOwnLossDifferences() {
        // The kernel's loss is itself differentiated: a coarse step, because the loss is a float sum.
        SplittableRandom rnd = new SplittableRandom(5);
        int rows = 3, cols = 3, batch = 3;
        float[] logits = random(rnd, rows * cols, 2);
        int[] labels = {2, 0, 1};
        float[] d = new float[rows * cols], scratch = new float[rows * cols];
        RowOps.softmaxCrossEntropy(rows, cols, logits, 0, cols, labels, 0, batch, d, 0, cols);
        float h = 1f / 64;                         // exact in float
        for (int i = 0; i < rows * cols; i++) {
            float[] up = logits.clone(), down = logits.clone();
            up[i] += h;
            down[i] -= h;
            double fd = (RowOps.softmaxCrossEntropy(rows, cols, up, 0, cols, labels, 0, batch, scratch, 0, cols)
                    - RowOps.softmaxCrossEntropy(rows, cols, down, 0, cols, labels, 0, batch, scratch, 0, cols)) / (2 * h);
            assertEquals(fd, d[i], 1e-4, "element " + i);
        }
    }

    private static double relu(double v) {
        return Math.max(v, 0);
    }

    private static double biasLoss(int rows, int cols, float[] x, float[] g, float[] b, int bumped, double h) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                sum += g[r * cols + c] * (x[r * cols + c] + b[c] + (c == bumped ? h : 0));
            }
        }
        return sum;
    }

    /** Mean cross-entropy in double, with logits[bumped] shifted by h. */
    private static double crossEntropy(int rows, int cols, float[] logits, int[] labels, int batch, int bumped, double h) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            double[] l = new double[cols];
            for (int c = 0; c < cols; c++) {
                l[c] = logits[r * cols + c] + (r * cols + c == bumped ? h : 0);
                max = Math.max(max, l[c]);
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += Math.exp(l[c] - max);
            }
            total += Math.log(sum) + max - l[labels[r]];
        }
        return total / batch;
    }

    private static float[] random(SplittableRandom rnd, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (scale * (2 * rnd.nextDouble() - 1));
        }
        return a;
    }
}
