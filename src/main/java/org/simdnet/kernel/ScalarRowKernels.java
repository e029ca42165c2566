package org.simdnet.kernel;

/** Placeholder. */
public final class ScalarRowKernels implements RowKernels {

    @Override
    public void addBias(int rows, int cols, float[] x, int xOff, int ldx, float[] bias, int biasOff) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void columnSums(int rows, int cols, float[] x, int xOff, int ldx,
                    float[] out, int outOff, boolean accumulate) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void reluBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void exp(int n, float[] x, int xOff, float[] y, int yOff) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public double softmaxCrossEntropy(int rows, int cols, float[] logits, int lOff, int ldl,
                               int[] labels, int labelsOff, int batchSize,
                               float[] dLogits, int dOff, int ldd) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void argmaxRows(int rows, int cols, float[] x, int xOff, int ldx, int[] out, int outOff) {
        throw new UnsupportedOperationException("TODO");
    }
}
