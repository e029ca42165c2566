package org.simdnet.kernel;

/**
 * Plain-Java row kernels: the reference the vector kernels are tested against, and the engine's
 * kernels when the Vector API is absent. Transcendentals go through {@code double} {@link Math}
 * (correctly rounded to float up to a double rounding), so this class doubles as an accuracy
 * oracle.
 */
public final class ScalarRowKernels implements RowKernels {

    @Override
    public void addBias(int rows, int cols, float[] x, int xOff, int ldx, float[] bias, int biasOff) {
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * ldx;
            for (int c = 0; c < cols; c++) {
                x[row + c] += bias[biasOff + c];
            }
        }
    }

    @Override
    public void columnSums(int rows, int cols, float[] x, int xOff, int ldx,
                           float[] out, int outOff, boolean accumulate) {
        if (!accumulate) {
            for (int c = 0; c < cols; c++) {
                out[outOff + c] = 0f;
            }
        }
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * ldx;
            for (int c = 0; c < cols; c++) {
                out[outOff + c] += x[row + c];
            }
        }
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0f ? v : 0f;
        }
    }

    @Override
    public void reluBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = y[yOff + i] > 0f ? dy[dyOff + i] : 0f;
        }
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            float t = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - t * t);
        }
    }

    @Override
    public void exp(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) Math.exp(x[xOff + i]);
        }
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * ldx, yr = yOff + r * ldy;
            float max = rowMax(cols, x, xr);
            if (Float.isInfinite(max)) {
                softmaxLimit(cols, x, xr, max, y, yr);
                continue;
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                double e = Math.exp((double) x[xr + c] - max);
                sum += e;
                y[yr + c] = (float) e;           // in place: x[xr + c] is not read again
            }
            double inv = 1.0 / sum;
            for (int c = 0; c < cols; c++) {
                y[yr + c] = (float) (y[yr + c] * inv);
            }
        }
    }

    /**
     * A row whose largest logit is infinite: the limit of the softmax, where the logits equal to
     * the maximum share the whole probability (all of them when every logit is −∞). In place allowed.
     */
    static void softmaxLimit(int cols, float[] x, int xr, float max, float[] y, int yr) {
        int ties = 0;
        for (int c = 0; c < cols; c++) {
            ties += x[xr + c] == max ? 1 : 0;
        }
        float share = 1f / ties;
        for (int c = 0; c < cols; c++) {
            y[yr + c] = x[xr + c] == max ? share : 0f;
        }
    }

    @Override
    public double softmaxCrossEntropy(int rows, int cols, float[] logits, int lOff, int ldl,
                                      int[] labels, int labelsOff, int batchSize,
                                      float[] dLogits, int dOff, int ldd) {
        Checks.labels(rows, cols, labels, labelsOff);
        double loss = 0;
        double invBatch = 1.0 / batchSize;
        for (int r = 0; r < rows; r++) {
            int lr = lOff + r * ldl, dr = dOff + r * ldd;
            int label = labels[labelsOff + r];
            float max = rowMax(cols, logits, lr);
            double shiftedLabel = (double) logits[lr + label] - max;   // read before an in-place overwrite
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                double e = Math.exp((double) logits[lr + c] - max);
                sum += e;
                dLogits[dr + c] = (float) e;
            }
            // −log softmax[label] = log Σ exp(l − max) − (l[label] − max): finite for any finite logits.
            loss += Math.log(sum) - shiftedLabel;
            double scale = invBatch / sum;
            for (int c = 0; c < cols; c++) {
                dLogits[dr + c] = (float) (dLogits[dr + c] * scale - (c == label ? invBatch : 0.0));
            }
        }
        return loss * invBatch;
    }

    @Override
    public void argmaxRows(int rows, int cols, float[] x, int xOff, int ldx, int[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            out[outOff + r] = rowArgmax(cols, x, xOff + r * ldx);
        }
    }

    /** First index of the row's largest element; NaNs never win (strict comparison). */
    static int rowArgmax(int cols, float[] x, int row) {
        int best = 0;
        float bestValue = x[row];
        for (int c = 1; c < cols; c++) {
            if (x[row + c] > bestValue) {
                bestValue = x[row + c];
                best = c;
            }
        }
        return best;
    }

    private static float rowMax(int cols, float[] x, int row) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            max = Math.max(max, x[row + c]);
        }
        return max;
    }
}
