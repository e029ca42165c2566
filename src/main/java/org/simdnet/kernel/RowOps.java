package org.simdnet.kernel;

/**
 * The public, checked entry point to the row- and element-wise kernels: every method has the
 * name and parameters of its {@link RowKernels} twin, checks shapes, bounds, labels and aliasing
 * (messages name the shapes), then delegates to {@link Kernels#ROWS}.
 *
 * <p>Aliasing rule: an output may be exactly its input (same array, offset and, for matrices,
 * leading dimension) where the contract allows in-place use; any other overlap of an output with
 * an input is rejected, since it would give a silently wrong answer.
 */
public final class RowOps {

    private RowOps() {
    }

    /** {@code x[r][c] += bias[c]}; see {@link RowKernels#addBias}. */
    public static void addBias(int rows, int cols, float[] x, int xOff, int ldx, float[] bias, int biasOff) {
        Checks.matrix("x", x, xOff, rows, cols, ldx);
        Checks.vector("bias", bias, biasOff, cols);
        Checks.noOverlap("x (" + rows + "×" + cols + ")", x, xOff, Checks.extent(rows, cols, ldx),
                "bias (length " + cols + ")", bias, biasOff, cols);
        Kernels.ROWS.addBias(rows, cols, x, xOff, ldx, bias, biasOff);
    }

    /** Column sums (the bias gradient); see {@link RowKernels#columnSums}. */
    public static void columnSums(int rows, int cols, float[] x, int xOff, int ldx,
                                  float[] out, int outOff, boolean accumulate) {
        Checks.matrix("x", x, xOff, rows, cols, ldx);
        Checks.vector("out", out, outOff, cols);
        Checks.noOverlap("out (length " + cols + ")", out, outOff, cols,
                "x (" + rows + "×" + cols + ")", x, xOff, Checks.extent(rows, cols, ldx));
        Kernels.ROWS.columnSums(rows, cols, x, xOff, ldx, out, outOff, accumulate);
    }

    /** {@code y = max(x, 0)}; in place allowed. */
    public static void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        elementwise(n, "x", x, xOff, "y", y, yOff);
        Kernels.ROWS.relu(n, x, xOff, y, yOff);
    }

    /** {@code dx = y > 0 ? dy : 0} from the forward output y; in place (dx = dy) allowed. */
    public static void reluBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        elementwise(n, "y", y, yOff, "dx", dx, dxOff);
        elementwise(n, "dy", dy, dyOff, "dx", dx, dxOff);
        Kernels.ROWS.reluBackward(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    /** {@code y = tanh(x)}; in place allowed. */
    public static void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        elementwise(n, "x", x, xOff, "y", y, yOff);
        Kernels.ROWS.tanh(n, x, xOff, y, yOff);
    }

    /** {@code dx = dy·(1 − y²)} from the forward output y; in place (dx = dy) allowed. */
    public static void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        elementwise(n, "y", y, yOff, "dx", dx, dxOff);
        elementwise(n, "dy", dy, dyOff, "dx", dx, dxOff);
        Kernels.ROWS.tanhBackward(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    /** {@code y = exp(x)}; in place allowed. */
    public static void exp(int n, float[] x, int xOff, float[] y, int yOff) {
        elementwise(n, "x", x, xOff, "y", y, yOff);
        Kernels.ROWS.exp(n, x, xOff, y, yOff);
    }

    /** Row-wise stable softmax; in place allowed (same array, offset and leading dimension). */
    public static void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        Checks.matrix("x", x, xOff, rows, cols, ldx);
        Checks.matrix("y", y, yOff, rows, cols, ldy);
        inPlaceOrDisjoint(rows, cols, "y", y, yOff, ldy, "x", x, xOff, ldx);
        Kernels.ROWS.softmaxRows(rows, cols, x, xOff, ldx, y, yOff, ldy);
    }

    /**
     * Fused softmax + cross-entropy; see {@link RowKernels#softmaxCrossEntropy}.
     *
     * @throws IllegalArgumentException also when a label is outside {@code [0, cols)} or
     *                                  {@code batchSize < max(rows, 1)}
     */
    public static double softmaxCrossEntropy(int rows, int cols, float[] logits, int lOff, int ldl,
                                             int[] labels, int labelsOff, int batchSize,
                                             float[] dLogits, int dOff, int ldd) {
        Checks.matrix("logits", logits, lOff, rows, cols, ldl);
        Checks.matrix("dLogits", dLogits, dOff, rows, cols, ldd);
        Checks.vector("labels", labels, labelsOff, rows);
        if (batchSize < Math.max(rows, 1)) {
            throw new IllegalArgumentException("batchSize is " + batchSize + " but the logits have "
                    + rows + " rows (need batchSize >= max(rows, 1))");
        }
        if (rows > 0 && cols == 0) {
            throw new IllegalArgumentException("logits are " + rows + "×0: no class for the labels");
        }
        // The labels: checked by the kernels themselves, on every route to them.
        inPlaceOrDisjoint(rows, cols, "dLogits", dLogits, dOff, ldd, "logits", logits, lOff, ldl);
        return Kernels.ROWS.softmaxCrossEntropy(rows, cols, logits, lOff, ldl, labels, labelsOff,
                batchSize, dLogits, dOff, ldd);
    }

    /** Row-wise argmax (first index on ties); see {@link RowKernels#argmaxRows}. */
    public static void argmaxRows(int rows, int cols, float[] x, int xOff, int ldx, int[] out, int outOff) {
        Checks.matrix("x", x, xOff, rows, cols, ldx);
        Checks.vector("out", out, outOff, rows);
        if (rows > 0 && cols == 0) {
            throw new IllegalArgumentException("x is " + rows + "×0: an empty row has no argmax");
        }
        Kernels.ROWS.argmaxRows(rows, cols, x, xOff, ldx, out, outOff);
    }

    /** Bounds of an input/output pair of n elements; the output may be the input exactly. */
    private static void elementwise(int n, String inName, float[] in, int inOff,
                                    String outName, float[] out, int outOff) {
        Checks.vector(inName, in, inOff, n);
        Checks.vector(outName, out, outOff, n);
        if (out == in && outOff == inOff) {
            return;
        }
        Checks.noOverlap(outName + " (length " + n + ")", out, outOff, n,
                inName + " (length " + n + ")", in, inOff, n);
    }

    private static void inPlaceOrDisjoint(int rows, int cols, String outName, float[] out, int outOff, int ldo,
                                          String inName, float[] in, int inOff, int ldi) {
        if (out == in && outOff == inOff && ldo == ldi) {
            return;
        }
        Checks.noOverlap(outName + " (" + rows + "×" + cols + ", leading dimension " + ldo + ")",
                out, outOff, Checks.extent(rows, cols, ldo),
                inName + " (" + rows + "×" + cols + ", leading dimension " + ldi + ")",
                in, inOff, Checks.extent(rows, cols, ldi));
    }
}
