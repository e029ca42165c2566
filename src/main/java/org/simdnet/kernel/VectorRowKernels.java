package org.simdnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API row kernels: each loop runs {@code SPECIES.loopBound(n)} full vectors and finishes
 * with a scalar tail that performs the same operations (see {@link VectorMath} for exp/tanh), so
 * an element's value does not depend on whether it fell in a vector or in the tail. Nothing here
 * allocates.
 */
final class VectorRowKernels implements RowKernels {

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final VectorSpecies<Integer> IS = S.withLanes(int.class);
    private static final int L = S.length();

    /**
     * Widths up to this take the all-vector softmax + cross-entropy path: the spiral's 3 classes,
     * and up to two vectors of classes (the digits' 10 took ~4 µs a batch of 32 row by row, with
     * scalar exps, against ~1 µs in blocks, at 16 lanes; at 8 lanes, with argmax, 2.4–2.6 against
     * 0.85–0.88 µs).
     */
    static final int SMALL_MAX_COLS = 2 * L;
    /** That path skips the max shift, so it needs |logit| <= this (e^±40 and their ratios stay normal floats). */
    static final float SMALL_RANGE = 40f;
    /** [cols][i] = i·cols: gather index map for row starts within a block. */
    private static final int[][] ROW_STARTS = new int[SMALL_MAX_COLS + 1][];
    /** [cols][k]: lane j of interleaved vector k belongs to row (k·L + j) / cols. */
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Float>[][] SPREAD = new VectorShuffle[SMALL_MAX_COLS + 1][];
    /** [cols][k·L + j] = (k·L + j) mod cols, as int bits in a float: the column of that interleaved lane. */
    private static final float[][] COLUMN_OF_LANE = new float[SMALL_MAX_COLS + 1][];

    static {
        for (int cols = 1; cols <= SMALL_MAX_COLS; cols++) {
            ROW_STARTS[cols] = new int[L];
            for (int i = 0; i < L; i++) {
                ROW_STARTS[cols][i] = i * cols;
            }
            @SuppressWarnings("unchecked")
            VectorShuffle<Float>[] spread = new VectorShuffle[cols];
            COLUMN_OF_LANE[cols] = new float[cols * L];
            for (int k = 0; k < cols; k++) {
                int[] rowOfLane = new int[L];
                for (int j = 0; j < L; j++) {
                    rowOfLane[j] = (k * L + j) / cols;
                    COLUMN_OF_LANE[cols][k * L + j] = Float.intBitsToFloat((k * L + j) % cols);
                }
                spread[k] = VectorShuffle.fromArray(S, rowOfLane, 0);
            }
            SPREAD[cols] = spread;
        }
    }

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
        VectorMath.expShifted(n, x, xOff, 0f, y, yOff);     // x − 0 is x, bit for bit
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * ldx, yr = yOff + r * ldy;
            float max = rowMax(cols, x, xr);
            if (Float.isInfinite(max)) {
                ScalarRowKernels.softmaxLimit(cols, x, xr, max, y, yr);
                continue;
            }
            float sum = expShiftedRow(cols, x, xr, max, y, yr);
            scaleRow(cols, y, yr, 1f / sum, -1, 0f);
        }
    }

    @Override
    public double softmaxCrossEntropy(int rows, int cols, float[] logits, int lOff, int ldl,
                                      int[] labels, int labelsOff, int batchSize,
                                      float[] dLogits, int dOff, int ldd) {
        // A label outside [0, cols) would pick no class (the blocks below) or another row's logit.
        Checks.labels(rows, cols, labels, labelsOff);
        float invBatch = 1f / batchSize;
        int done = 0;
        double minusLogP = 0;                      // Σ −log softmax[label]
        if (cols <= SMALL_MAX_COLS && ldl == cols && ldd == cols && rows >= L) {
            int blockRows = rows - rows % L;
            // exp in its own loop: inside the block loop C2 ran out of inlining budget and boxed
            // the vectors (measured: 576 bytes per block on JDK 17)
            // In place, a failed range check must not have overwritten the logits: check first.
            int n = blockRows * cols;
            if ((logits != dLogits || allWithin(n, logits, lOff, SMALL_RANGE))
                    && expIfWithin(n, logits, lOff, dLogits, dOff, SMALL_RANGE)) {
                minusLogP = cols == 3
                        ? threeClassBlocks(blockRows, labels, labelsOff, invBatch, dLogits, dOff)
                        : smallWidthBlocks(blockRows, cols, labels, labelsOff, invBatch, dLogits, dOff);
                done = blockRows;
            }
        }
        minusLogP += perRow(done, rows, cols, logits, lOff, ldl, labels, labelsOff, invBatch, dLogits, dOff, ldd);
        return minusLogP / batchSize;
    }

    /**
     * Rows {@code from..to} one at a time: max-shifted exp, so any finite logits work. Σ log Σexp
     * is taken as log Π Σexp (each Σexp lies in [1, cols]), one log per ~100 rows instead of one
     * per row.
     */
    private static double perRow(int from, int to, int cols, float[] logits, int lOff, int ldl,
                                 int[] labels, int labelsOff, float invBatch,
                                 float[] dLogits, int dOff, int ldd) {
        double logs = 0, product = 1, labelTerms = 0;
        for (int r = from; r < to; r++) {
            int lr = lOff + r * ldl, dr = dOff + r * ldd;
            int label = labels[labelsOff + r];
            float max = rowMax(cols, logits, lr);
            // read before an in-place overwrite; double, so that −MAX − MAX stays finite
            labelTerms += (double) logits[lr + label] - max;
            float sum = expShiftedRow(cols, logits, lr, max, dLogits, dr);
            product *= sum;
            if (product > 1e280) {
                logs += Math.log(product);
                product = 1;
            }
            scaleRow(cols, dLogits, dr, invBatch / sum, label, invBatch);
        }
        return logs + Math.log(product) - labelTerms;
    }

    /**
     * Narrow rows (the classifier's 3 logits), {@code L} rows at a time, all in vectors, on
     * {@code d} that already holds exp(logits). A block's {@code L·cols} values are {@code cols}
     * contiguous vectors ("interleaved" layout). A gather with stride {@code cols} then lines the rows up lane by lane
     * ("planar": lane i = row i) for the row sums and the label's probability; a shuffle spreads
     * the per-row scale back over the interleaved lanes for the gradient:
     * <pre>
     *   interleaved  [r0c0 r0c1 r0c2 r1c0 r1c1 r1c2 r2c0 …]   cols vectors of L
     *   planar       sum = [Σ r0, Σ r1, Σ r2, …]              one vector of L rows
     * </pre>
     * No max is subtracted: the caller checked every logit lies in ±SMALL_RANGE, where exp
     * neither overflows nor leaves the normal range. Σ −log p[label] is kept as a product of
     * p[label] per lane, renormalised to [1, 2) after each block with its exponent counted apart.
     */
    private static double smallWidthBlocks(int blockRows, int cols, int[] labels, int labelsOff,
                                           float invBatch, float[] d, int dOff) {
        int[] rowStarts = ROW_STARTS[cols];
        VectorShuffle<Float>[] spread = SPREAD[cols];
        float[] columnOfLane = COLUMN_OF_LANE[cols];
        FloatVector mantissas = FloatVector.broadcast(S, 1f);
        IntVector exponents = IntVector.zero(IS);
        for (int row0 = 0; row0 < blockRows; row0 += L) {
            int base = row0 * cols;
            // Labels stay integer bits viewed as floats (tiny subnormals, compared, never computed
            // with): equality of the bits is equality of the labels, and no int→float convert.
            FloatVector label = IntVector.fromArray(IS, labels, labelsOff + row0).reinterpretAsFloats();
            FloatVector sum = FloatVector.zero(S), eLabel = sum;
            for (int c = 0; c < cols; c++) {
                FloatVector e = FloatVector.fromArray(S, d, dOff + base + c, rowStarts, 0);
                sum = sum.add(e);
                eLabel = eLabel.blend(e, label.compare(VectorOperators.EQ, Float.intBitsToFloat(c)));
            }
            FloatVector inv = FloatVector.broadcast(S, 1f).div(sum);
            IntVector bits = mantissas.mul(eLabel.mul(inv)).reinterpretAsInts();
            exponents = exponents.add(bits.lanewise(VectorOperators.LSHR, 23).sub(127));
            mantissas = bits.and(0x007FFFFF).or(0x3F800000).reinterpretAsFloats();
            FloatVector scale = inv.mul(invBatch);
            for (int k = 0; k < cols; k++) {
                int at = dOff + base + k * L;
                VectorShuffle<Float> lanesToRows = spread[k];
                VectorMask<Float> hot = label.rearrange(lanesToRows)
                        .compare(VectorOperators.EQ, FloatVector.fromArray(S, columnOfLane, k * L));
                FloatVector.fromArray(S, d, at).mul(scale.rearrange(lanesToRows))
                        .sub(FloatVector.zero(S).blend(invBatch, hot)).intoArray(d, at);
            }
        }
        double log2 = exponents.reduceLanes(VectorOperators.ADD);     // ints: exact in any order
        // The mantissas' product in Lanes' fixed halving order, written out (a call could box):
        // reduceLanes(MUL) leaves its order to the JIT, and so the reported loss's last bits.
        FloatVector m = mantissas.mul(mantissas.rearrange(Lanes.HALF));
        if (L >= 4) {
            m = m.mul(m.rearrange(Lanes.QUARTER));
        }
        if (L >= 8) {
            m = m.mul(m.rearrange(Lanes.EIGHTH));
        }
        if (L >= 16) {
            m = m.mul(m.rearrange(Lanes.SIXTEENTH));
        }
        return -(Math.log(m.lane(0)) + log2 * Math.log(2));
    }

    /**
     * {@link #smallWidthBlocks} unrolled for 3 classes (the spiral classifier), so the shuffles and
     * lane-column patterns are loop invariants held in registers: about a third faster.
     */
    private static double threeClassBlocks(int blockRows, int[] labels, int labelsOff, float invBatch,
                                           float[] d, int dOff) {
        double minusLogP = threeClassLoss(blockRows, labels, labelsOff, d, dOff);
        threeClassGradient(blockRows, labels, labelsOff, invBatch, d, dOff);
        return minusLogP;
    }

    /** Σ −log softmax[label] over the blocks; d holds the rows' exps (not modified). */
    private static double threeClassLoss(int blockRows, int[] labels, int labelsOff, float[] d, int dOff) {
        int[] rowStarts = ROW_STARTS[3];
        float label1 = Float.intBitsToFloat(1), label2 = Float.intBitsToFloat(2);
        FloatVector mantissas = FloatVector.broadcast(S, 1f);
        IntVector exponents = IntVector.zero(IS);
        for (int row0 = 0; row0 < blockRows; row0 += L) {
            int at = dOff + row0 * 3;
            FloatVector label = IntVector.fromArray(IS, labels, labelsOff + row0).reinterpretAsFloats();
            FloatVector e0 = FloatVector.fromArray(S, d, at, rowStarts, 0);
            FloatVector e1 = FloatVector.fromArray(S, d, at + 1, rowStarts, 0);
            FloatVector e2 = FloatVector.fromArray(S, d, at + 2, rowStarts, 0);
            FloatVector eLabel = e0.blend(e1, label.compare(VectorOperators.EQ, label1))
                    .blend(e2, label.compare(VectorOperators.EQ, label2));
            FloatVector inv = FloatVector.broadcast(S, 1f).div(e0.add(e1).add(e2));
            IntVector bits = mantissas.mul(eLabel.mul(inv)).reinterpretAsInts();
            exponents = exponents.add(bits.lanewise(VectorOperators.LSHR, 23).sub(127));
            mantissas = bits.and(0x007FFFFF).or(0x3F800000).reinterpretAsFloats();
        }
        double log2 = exponents.reduceLanes(VectorOperators.ADD);     // ints: exact in any order
        // The mantissas' product in Lanes' fixed halving order, written out (a call could box):
        // reduceLanes(MUL) leaves its order to the JIT, and so the reported loss's last bits.
        FloatVector m = mantissas.mul(mantissas.rearrange(Lanes.HALF));
        if (L >= 4) {
            m = m.mul(m.rearrange(Lanes.QUARTER));
        }
        if (L >= 8) {
            m = m.mul(m.rearrange(Lanes.EIGHTH));
        }
        if (L >= 16) {
            m = m.mul(m.rearrange(Lanes.SIXTEENTH));
        }
        return -(Math.log(m.lane(0)) + log2 * Math.log(2));
    }

    /**
     * d ← (softmax − onehot) / batch in place, from the exps. A loop of its own (the loss loop
     * above recomputes nothing of it but the row sums): in one loop with the loss, JDK 17's C2,
     * compiling a whole training step, left one vector operation of the first update
     * unintrinsified and allocated per block.
     */
    private static void threeClassGradient(int blockRows, int[] labels, int labelsOff, float invBatch,
                                           float[] d, int dOff) {
        int[] rowStarts = ROW_STARTS[3];
        VectorShuffle<Float> spread0 = SPREAD[3][0], spread1 = SPREAD[3][1], spread2 = SPREAD[3][2];
        FloatVector column0 = FloatVector.fromArray(S, COLUMN_OF_LANE[3], 0);
        FloatVector column1 = FloatVector.fromArray(S, COLUMN_OF_LANE[3], L);
        FloatVector column2 = FloatVector.fromArray(S, COLUMN_OF_LANE[3], 2 * L);
        FloatVector zero = FloatVector.zero(S);
        for (int row0 = 0; row0 < blockRows; row0 += L) {
            int at = dOff + row0 * 3;
            FloatVector label = IntVector.fromArray(IS, labels, labelsOff + row0).reinterpretAsFloats();
            FloatVector e0 = FloatVector.fromArray(S, d, at, rowStarts, 0);
            FloatVector e1 = FloatVector.fromArray(S, d, at + 1, rowStarts, 0);
            FloatVector e2 = FloatVector.fromArray(S, d, at + 2, rowStarts, 0);
            FloatVector inv = FloatVector.broadcast(S, 1f).div(e0.add(e1).add(e2));
            FloatVector scale = inv.mul(invBatch);
            FloatVector.fromArray(S, d, at).mul(scale.rearrange(spread0))
                    .sub(zero.blend(invBatch, label.rearrange(spread0).compare(VectorOperators.EQ, column0)))
                    .intoArray(d, at);
            FloatVector.fromArray(S, d, at + L).mul(scale.rearrange(spread1))
                    .sub(zero.blend(invBatch, label.rearrange(spread1).compare(VectorOperators.EQ, column1)))
                    .intoArray(d, at + L);
            FloatVector.fromArray(S, d, at + 2 * L).mul(scale.rearrange(spread2))
                    .sub(zero.blend(invBatch, label.rearrange(spread2).compare(VectorOperators.EQ, column2)))
                    .intoArray(d, at + 2 * L);
        }
    }

    /** True when all n elements from off lie in [−bound, bound] (false for NaN). */
    private static boolean allWithin(int n, float[] x, int off, float bound) {
        int vecBound = S.loopBound(n);
        VectorMask<Float> outside = S.maskAll(false);
        int i = 0;
        for (; i < vecBound; i += L) {
            outside = outside.or(FloatVector.fromArray(S, x, off + i).abs().compare(VectorOperators.LE, bound).not());
        }
        boolean inside = !outside.anyTrue();
        for (; i < n; i++) {
            inside &= Math.abs(x[off + i]) <= bound;
        }
        return inside;
    }

    /**
     * {@code y = exp(x)} for n elements, returning whether all of them lay in [−bound, bound]
     * (false for NaN). When it returns false y holds garbage: the caller starts again.
     */
    private static boolean expIfWithin(int n, float[] x, int xOff, float[] y, int yOff, float bound) {
        int vecBound = S.loopBound(n);
        VectorMask<Float> outside = S.maskAll(false);
        int i = 0;
        for (; i < vecBound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            // NaN fails both comparisons, so test "not inside" rather than "outside"
            outside = outside.or(v.abs().compare(VectorOperators.LE, bound).not());
            VectorMath.expInRange(v).intoArray(y, yOff + i);
        }
        boolean inside = !outside.anyTrue();
        for (; i < n; i++) {
            float v = x[xOff + i];
            inside &= Math.abs(v) <= bound;
            y[yOff + i] = VectorMath.exp(v);
        }
        return inside;
    }

    @Override
    public void argmaxRows(int rows, int cols, float[] x, int xOff, int ldx, int[] out, int outOff) {
        int done = 0;
        if (cols < 2 * L && ldx == cols && rows >= L) {
            done = rows - rows % L;
            argmaxBlocks(done, cols, x, xOff, out, outOff);
        }
        for (int r = done; r < rows; r++) {
            int row = xOff + r * ldx;
            out[outOff + r] = cols < 2 * L ? ScalarRowKernels.rowArgmax(cols, x, row) : rowArgmax(cols, x, row);
        }
    }

    /**
     * Rows narrower than two vectors (a classifier's 10 logits), {@code L} rows at a time with a
     * row in each lane, gathered column by column: the scalar twin's scan (start at column 0, take
     * a column only when strictly greater, so ties keep the first and NaN never wins) without its
     * data-dependent branches, which cost ~20 ns a row of 10 in a training step.
     */
    private static void argmaxBlocks(int blockRows, int cols, float[] x, int xOff, int[] out, int outOff) {
        int[] rowStarts = ROW_STARTS[cols];
        for (int r0 = 0; r0 < blockRows; r0 += L) {
            int base = xOff + r0 * cols;
            FloatVector best = FloatVector.fromArray(S, x, base, rowStarts, 0);
            // Column numbers as int bits in float lanes (never computed with), as the labels above.
            FloatVector column = FloatVector.zero(S);
            for (int c = 1; c < cols; c++) {
                FloatVector v = FloatVector.fromArray(S, x, base + c, rowStarts, 0);
                VectorMask<Float> greater = v.compare(VectorOperators.GT, best);
                best = best.blend(v, greater);
                column = column.blend(Float.intBitsToFloat(c), greater);
            }
            column.reinterpretAsInts().intoArray(out, outOff + r0);
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
        return VectorMath.expShifted(cols, x, xr, max, y, yr);
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
