package org.simdnet.kernel;

/**
 * Row- and element-wise kernels over flat row-major {@code float[]} matrices: the non-GEMM work
 * of a dense layer and its softmax/cross-entropy head. Implementations trust their caller;
 * {@link RowOps} checks shapes first. A matrix argument is (array, offset, leading dimension);
 * a vector argument is (array, offset) with the length given by the shape.
 * In-place use (output array and offset equal to the input's) is allowed wherever it says so.
 */
public interface RowKernels {

    /** {@code x[r][c] += bias[c]} for every row: broadcast a row vector. */
    void addBias(int rows, int cols, float[] x, int xOff, int ldx, float[] bias, int biasOff);

    /**
     * Column sums, the bias gradient: {@code out[c] (+)= Σ_r x[r][c]}, rows summed in ascending
     * order. When {@code accumulate} is false {@code out} is overwritten.
     */
    void columnSums(int rows, int cols, float[] x, int xOff, int ldx,
                    float[] out, int outOff, boolean accumulate);

    /** {@code y[i] = max(x[i], 0)}, n contiguous elements; in place allowed. */
    void relu(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * ReLU backward from the forward <em>output</em> y: {@code dx[i] = y[i] > 0 ? dy[i] : 0}.
     * In place (dx = dy) allowed.
     */
    void reluBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff);

    /** {@code y[i] = tanh(x[i])}; in place allowed. */
    void tanh(int n, float[] x, int xOff, float[] y, int yOff);

    /** tanh backward from the forward output y: {@code dx[i] = dy[i]·(1 − y[i]²)}; in place (dx = dy) allowed. */
    void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff);

    /** {@code y[i] = exp(x[i])}; in place allowed. */
    void exp(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * Row-wise numerically stable softmax (max subtracted first); in place allowed. A row whose
     * largest value is infinite gets the limit: the entries equal to it share the probability
     * evenly (+∞ entries; every entry when all are −∞). A NaN gives a row of NaN.
     */
    void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy);

    /**
     * Fused softmax + cross-entropy for {@code rows} samples of a batch of {@code batchSize}
     * (so that a batch cut into shards sums to the batch mean). Writes the logits' gradient
     * {@code dLogits[r][c] = (softmax(logits[r])[c] − [c == labels[r]]) / batchSize} and returns
     * {@code Σ_r −log softmax(logits[r])[labels[r]] / batchSize}, accumulated in double.
     * dLogits may be the logits themselves (in place). Unlike the shapes, the labels are checked
     * here, on every route: a label outside {@code [0, cols)} is an
     * {@link IllegalArgumentException} (it would silently score another class).
     */
    double softmaxCrossEntropy(int rows, int cols, float[] logits, int lOff, int ldl,
                               int[] labels, int labelsOff, int batchSize,
                               float[] dLogits, int dOff, int ldd);

    /** Index of the largest element of each row (the first one on ties). */
    void argmaxRows(int rows, int cols, float[] x, int xOff, int ldx, int[] out, int outOff);
}
