package org.simdnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API row kernels: each loop runs {@code SPECIES.loopBound(n)} full vectors and finishes
 * with a scalar tail that performs the same operations (see {@link VectorMath} for exp/tanh), so
 * an element's value does not depend on whether it fell in a vector or in the tail. Nothing here
 * allocates.
 */
final class VectorRowKernels implements RowKernels {

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    @Override
    public void addBias(int rows, int cols, float[] x, int xOff, int ldx, float[] bias, int biasOff) {
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * ldx;
            int c = 0;
            for (; c < bound; c += L) {
                FloatVector.fromArray(S, x, row + c).add(FloatVector.fromArray(S, bias, biasOff + c))
                        .intoArray(x, row + c);
            }
            for (; c < cols; c++) {
                x[row + c] += bias[biasOff + c];
            }
        }
    }

    @Override
    public void columnSums(int rows, int cols, float[] x, int xOff, int ldx,
                           float[] out, int outOff, boolean accumulate) {
        // Column-strip at a time, rows in ascending order: the same additions as the scalar twin.
        int bound = S.loopBound(cols);
        int c = 0;
        for (; c < bound; c += L) {
            FloatVector acc = accumulate ? FloatVector.fromArray(S, out, outOff + c) : FloatVector.zero(S);
            for (int r = 0; r < rows; r++) {
                acc = acc.add(FloatVector.fromArray(S, x, xOff + r * ldx + c));
            }
            acc.intoArray(out, outOff + c);
        }
        for (; c < cols; c++) {
            float acc = accumulate ? out[outOff + c] : 0f;
            for (int r = 0; r < rows; r++) {
                acc += x[xOff + r * ldx + c];
            }
            out[outOff + c] = acc;
        }
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            // blend rather than max(v, 0): same result as the scalar "v > 0 ? v : 0" for −0 and NaN
            v.blend(0f, v.compare(VectorOperators.GT, 0f).not()).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0f ? v : 0f;
        }
    }

    @Override
    public void reluBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            VectorMask<Float> active = FloatVector.fromArray(S, y, yOff + i).compare(VectorOperators.GT, 0f);
            FloatVector.fromArray(S, dy, dyOff + i).blend(0f, active.not()).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            dx[dxOff + i] = y[yOff + i] > 0f ? dy[dyOff + i] : 0f;
        }
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            VectorMath.tanh(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = VectorMath.tanh(x[xOff + i]);
        }
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector t = FloatVector.fromArray(S, y, yOff + i);
            FloatVector oneMinusT2 = t.mul(t).neg().add(1f);     // 1 − t², rounded as the scalar twin
            FloatVector.fromArray(S, dy, dyOff + i).mul(oneMinusT2).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float t = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - t * t);
        }
    }

    @Override
    public void exp(int n, float[] x, int xOff, float[] y, int yOff) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            VectorMath.exp(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = VectorMath.exp(x[xOff + i]);
        }
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * ldx, yr = yOff + r * ldy;
            float max = rowMax(cols, x, xr);
            float sum = expShiftedRow(cols, x, xr, max, y, yr);
            scaleRow(cols, y, yr, 1f / sum, -1, 0f);
        }
    }

    @Override
    public double softmaxCrossEntropy(int rows, int cols, float[] logits, int lOff, int ldl,
                                      int[] labels, int labelsOff, int batchSize,
                                      float[] dLogits, int dOff, int ldd) {
        float invBatch = 1f / batchSize;
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int lr = lOff + r * ldl, dr = dOff + r * ldd;
            int label = labels[labelsOff + r];
            float max = rowMax(cols, logits, lr);
            // read before an in-place overwrite; double, so that −MAX − MAX stays finite
            double shiftedLabel = (double) logits[lr + label] - max;
            float sum = expShiftedRow(cols, logits, lr, max, dLogits, dr);
            loss += Math.log(sum) - shiftedLabel;
            scaleRow(cols, dLogits, dr, invBatch / sum, label, invBatch);
        }
        return loss / batchSize;
    }

    @Override
    public void argmaxRows(int rows, int cols, float[] x, int xOff, int ldx, int[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * ldx;
            out[outOff + r] = cols < 2 * L ? ScalarRowKernels.rowArgmax(cols, x, row) : rowArgmax(cols, x, row);
        }
    }

    /** Max, then the first index holding it; a NaN max (scalar semantics ignore NaNs) goes scalar. */
    private static int rowArgmax(int cols, float[] x, int row) {
        float max = rowMax(cols, x, row);
        if (max != max) {
            return ScalarRowKernels.rowArgmax(cols, x, row);
        }
        int bound = S.loopBound(cols);
        int c = 0;
        for (; c < bound; c += L) {
            VectorMask<Float> hit = FloatVector.fromArray(S, x, row + c).compare(VectorOperators.EQ, max);
            if (hit.anyTrue()) {
                return c + hit.firstTrue();
            }
        }
        for (; c < cols; c++) {
            if (x[row + c] == max) {
                return c;
            }
        }
        return ScalarRowKernels.rowArgmax(cols, x, row);     // unreachable: max is one of the elements
    }

    private static float rowMax(int cols, float[] x, int row) {
        int bound = S.loopBound(cols);
        float max = Float.NEGATIVE_INFINITY;
        int c = 0;
        if (bound > 0) {
            FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (; c < bound; c += L) {
                acc = acc.max(FloatVector.fromArray(S, x, row + c));
            }
            max = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; c < cols; c++) {
            max = Math.max(max, x[row + c]);
        }
        return max;
    }

    /** {@code y[c] = exp(x[c] − max)}; returns Σ y. x and y may be the same row. */
    private static float expShiftedRow(int cols, float[] x, int xr, float max, float[] y, int yr) {
        int bound = S.loopBound(cols);
        float sum = 0f;
        int c = 0;
        if (bound > 0) {
            FloatVector acc = FloatVector.zero(S);
            for (; c < bound; c += L) {
                FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, xr + c).sub(max));
                e.intoArray(y, yr + c);
                acc = acc.add(e);
            }
            sum = Lanes.sum(acc);
        }
        for (; c < cols; c++) {
            float e = VectorMath.exp(x[xr + c] - max);
            y[yr + c] = e;
            sum += e;
        }
        return sum;
    }

    /** {@code y[c] *= scale}, then {@code y[hot] −= hotValue} (hot = −1: none). */
    private static void scaleRow(int cols, float[] y, int yr, float scale, int hot, float hotValue) {
        int bound = S.loopBound(cols);
        int c = 0;
        for (; c < bound; c += L) {
            FloatVector.fromArray(S, y, yr + c).mul(scale).intoArray(y, yr + c);
        }
        for (; c < cols; c++) {
            y[yr + c] *= scale;
        }
        if (hot >= 0) {
            y[yr + hot] -= hotValue;
        }
    }
}
