package org.simdnet.kernel;

/** Scalar reference for {@link MatVecKernels}: sums in ascending index order. */
public final class ScalarMatVecKernels implements MatVecKernels {

    @Override
    public void gemvRows(int out, int in, float[] w, int wOff, float[] x, int xOff, float[] b, int bOff,
                         float[] y, int yOff) {
        for (int o = 0; o < out; o++) {
            float sum = 0f;
            int row = wOff + o * in;
            for (int i = 0; i < in; i++) {
                sum += w[row + i] * x[xOff + i];
            }
            y[yOff + o] = sum + b[bOff + o];
        }
    }

    @Override
    public void gemvColumns(int out, int in, float[] wt, int wtOff, float[] x, int xOff, float[] b, int bOff,
                            float[] y, int yOff) {
        for (int o = 0; o < out; o++) {
            float sum = b[bOff + o];
            for (int i = 0; i < in; i++) {
                sum += x[xOff + i] * wt[wtOff + i * out + o];
            }
            y[yOff + o] = sum;
        }
    }
}
