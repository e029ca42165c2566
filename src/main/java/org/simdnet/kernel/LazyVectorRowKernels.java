package org.simdnet.kernel;

/**
 * The vector row kernels, made on first use. Their class initialisation (the Vector API's float
 * species and this family's shuffles: 25–50 ms of a fresh JVM on a Zen 3) is not paid by a run
 * that never calls them, such as the spiral classifier's on the fused kernel's scalar twin. The
 * holder is a {@code static final}, so C2 calls straight through to {@link VectorRowKernels}.
 */
final class LazyVectorRowKernels implements RowKernels {

    private static final class Holder {
        static final VectorRowKernels KERNELS = new VectorRowKernels();
    }

    @Override
    public void addBias(int rows, int cols, float[] x, int xOff, int ldx, float[] bias, int biasOff) {
        Holder.KERNELS.addBias(rows, cols, x, xOff, ldx, bias, biasOff);
    }

    @Override
    public void columnSums(int rows, int cols, float[] x, int xOff, int ldx, float[] out, int outOff,
                           boolean accumulate) {
        Holder.KERNELS.columnSums(rows, cols, x, xOff, ldx, out, outOff, accumulate);
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        Holder.KERNELS.relu(n, x, xOff, y, yOff);
    }

    @Override
    public void reluBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Holder.KERNELS.reluBackward(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        Holder.KERNELS.tanh(n, x, xOff, y, yOff);
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Holder.KERNELS.tanhBackward(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public void exp(int n, float[] x, int xOff, float[] y, int yOff) {
        Holder.KERNELS.exp(n, x, xOff, y, yOff);
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        Holder.KERNELS.softmaxRows(rows, cols, x, xOff, ldx, y, yOff, ldy);
    }

    @Override
    public double softmaxCrossEntropy(int rows, int cols, float[] logits, int lOff, int ldl, int[] labels,
                                      int labelsOff, int batchSize, float[] dLogits, int dOff, int ldd) {
        return Holder.KERNELS.softmaxCrossEntropy(rows, cols, logits, lOff, ldl, labels, labelsOff, batchSize,
                dLogits, dOff, ldd);
    }

    @Override
    public void argmaxRows(int rows, int cols, float[] x, int xOff, int ldx, int[] out, int outOff) {
        Holder.KERNELS.argmaxRows(rows, cols, x, xOff, ldx, out, outOff);
    }
}
