package org.simdnet.kernel;

/**
 * The scalar twin of {@link VectorSmallMlpKernel}: every lane of every vector operation there is
 * one float operation here, in the same order (FMA where it uses FMA, the same bit tricks, the
 * same fixed orders for the sums across lanes), so the two give the same bits for every input.
 * It exists for cold start: before C2 compiles the Vector API code, each vector operation is a
 * boxed call, 100–1000× slower, while this plain Java is quick from the interpreter on. The
 * engine serves the first calls from here and switches to the vector kernel once that is
 * compiled ({@link WarmingSmallMlpKernel}); the switch changes no result.
 *
 * <p>Samples sit in the vector kernel's lanes in the forward pass, hidden units in the backward
 * pass; lanes never mix there, so each lane is just the scalar computation of one sample (or one
 * hidden unit) in the same operation order. Only the sums across lanes (the loss, b2's gradient,
 * the single-sample folds) need care: they follow the vector kernel's trees exactly.
 *
 * <p>The narrow nets' training pass (the spiral classifier's) goes through
 * {@link NarrowTrainingColumns} when the weights and features lie within its bounds: the same
 * bits again, in loops C2 vectorizes by itself.
 */
final class ScalarSmallMlpKernel implements SmallMlpKernel {

    private final int lanes;
    private volatile SmallMlpLayout lastLayout;

    /** The twin of the vector kernel with {@code lanes} float lanes (its species length). */
    ScalarSmallMlpKernel(int lanes) {
        if (lanes != 4 && lanes != 8 && lanes != 16) {
            throw new IllegalArgumentException("lanes must be 4, 8 or 16, got " + lanes);
        }
        this.lanes = lanes;
        this.lastLayout = new SmallMlpLayout(1, 1, 1, lanes);
    }

    @Override
    public SmallMlpLayout layout(int in, int hidden, int out) {
        SmallMlpLayout lay = lastLayout;
        if (!lay.sameShape(in, hidden, out)) {
            lay = new SmallMlpLayout(in, hidden, out, lanes);
            lastLayout = lay;
        }
        return lay;
    }

    @Override
    public int scratchSize(int in, int hidden, int out) {
        return layout(in, hidden, out).size;
    }

    @Override
    public double lossAndGradient(int in, int hidden, int out, int activation, float[] p, int pOff,
                                  float[] x, int[] order, int from, int rows, int[] labels, int batchSize,
                                  float[] grad, int gOff, float[] s, int[] correctOut) {
        SmallMlpLayout lay = layout(in, hidden, out);
        int L = lanes;
        java.util.Arrays.fill(s, lay.gw1t, lay.correct, 0f);
        float invBatch = 1f / batchSize;
        boolean narrow = SmallMlpLayout.narrow(in, out, activation);
        if (narrow && NarrowTrainingColumns.applies(lay, p, pOff, x, order, from, rows)) {
            double loss = NarrowTrainingColumns.forThread(lay.hp)
                    .run(lay, p, pOff, x, order, from, rows, labels, invBatch, s, correctOut);
            finish(lay, narrow, grad, gOff, s);
            return loss / batchSize;
        }
        lay.prepareWeights(p, pOff, s);
        double loss = 0;
        int correct = 0;
        for (int b = 0; b < rows; b += L) {
            int n = Math.min(L, rows - b);
            lay.gather(x, 0, order, from + b, n, labels, s);
            forwardBlock(activation, p, pOff, s, lay);
            loss += softmaxBlock(invBatch, s, lay);
            correct += (int) s[lay.correct];
            if (narrow) {
                backwardBlockNarrow(s, lay);
            } else {
                backwardBlock(activation, s, lay);
            }
        }
        finish(lay, narrow, grad, gOff, s);
        correctOut[0] = correct;
        return loss / batchSize;
    }

    /** The gradient out of the accumulators: the narrow nets' last class, the weights, b2's lane sums. */
    private static void finish(SmallMlpLayout lay, boolean narrow, float[] grad, int gOff, float[] s) {
        if (narrow) {
            lay.completeLastClass(s);
        }
        lay.writeWeightGradient(grad, gOff, s);
        int b2 = lay.b2(gOff);
        for (int c = 0; c < lay.out; c++) {
            grad[b2 + c] = laneSum(s, lay.gb2 + c * lay.lanes, lay.lanes);
        }
    }

    /** max(z, 0) as the vector kernel takes it: the bits of z with every bit cleared when its sign bit is set. */
    private static float reluBits(float z) {
        int b = Float.floatToRawIntBits(z);
        return Float.intBitsToFloat(b & ~(b >> 31));
    }

    /** HT and the logits LT of one block, one sample (lane) at a time. */
    private static void forwardBlock(int activation, float[] p, int pOff, float[] s, SmallMlpLayout lay) {
        int L = lay.lanes, in = lay.in, hidden = lay.hidden, out = lay.out, hp = lay.hp;
        int b2 = lay.b2(pOff);
        if (SmallMlpLayout.narrow(in, out, activation)) {
            // The narrow kernel reads two inputs and four classes from the zero-padded copies
            // (a 1-input net's second "input" is whatever follows XT's first row, times a zero weight).
            // Four samples at a time (L is a multiple of 4): twelve independent FMA chains keep
            // the FMA units busy where one sample's three would wait on each other; each
            // sample's own operations stay in the vector kernel's order.
            int u0 = lay.w1t, u1 = lay.w1t + hp, bias = lay.b1p;
            int v0 = lay.w2p, v1 = v0 + hp, v2 = v1 + hp, v3 = v2 + hp;
            boolean fourth = out > 3;
            for (int r = 0; r < L; r += 2) {
                float xa = s[lay.xt + r], xb = s[lay.xt + r + 1];
                float ya = s[lay.xt + L + r], yb = s[lay.xt + L + r + 1];
                float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
                float b0 = 0f, b1 = 0f, b2s = 0f, b3 = 0f;
                for (int j = 0; j < hidden; j++) {
                    float w0 = s[u0 + j], w1 = s[u1 + j], bj = s[bias + j];
                    float ha = reluBits(Math.fma(ya, w1, Math.fma(xa, w0, bj)));
                    float hb = reluBits(Math.fma(yb, w1, Math.fma(xb, w0, bj)));
                    float p0 = s[v0 + j];
                    a0 = Math.fma(ha, p0, a0);
                    b0 = Math.fma(hb, p0, b0);
                    float p1 = s[v1 + j];
                    a1 = Math.fma(ha, p1, a1);
                    b1 = Math.fma(hb, p1, b1);
                    float p2 = s[v2 + j];
                    a2 = Math.fma(ha, p2, a2);
                    b2s = Math.fma(hb, p2, b2s);
                    if (fourth) {
                        float p3 = s[v3 + j];
                        a3 = Math.fma(ha, p3, a3);
                        b3 = Math.fma(hb, p3, b3);
                    }
                }
                storeLogits(s, lay, p, b2, r, a0, a1, a2, a3);
                storeLogits(s, lay, p, b2, r + 1, b0, b1, b2s, b3);
            }
            return;
        }
        for (int j = 0; j < hidden; j++) {
            for (int r = 0; r < L; r++) {
                float z = s[lay.b1p + j];
                for (int i = 0; i < in; i++) {
                    z = Math.fma(s[lay.xt + i * L + r], s[lay.w1t + i * hp + j], z);
                }
                s[lay.ht + j * L + r] = activate(activation, z);
            }
        }
        int unrolled = hidden & ~3;
        for (int c = 0; c < out; c++) {
            int row = lay.w2p + c * hp;
            for (int r = 0; r < L; r++) {
                float a0 = p[b2 + c], a1 = 0f, a2 = 0f, a3 = 0f;
                int j = 0;
                for (; j < unrolled; j += 4) {
                    int h = lay.ht + j * L + r;
                    a0 = Math.fma(s[h], s[row + j], a0);
                    a1 = Math.fma(s[h + L], s[row + j + 1], a1);
                    a2 = Math.fma(s[h + 2 * L], s[row + j + 2], a2);
                    a3 = Math.fma(s[h + 3 * L], s[row + j + 3], a3);
                }
                for (; j < hidden; j++) {
                    a0 = Math.fma(s[lay.ht + j * L + r], s[row + j], a0);
                }
                s[lay.lt + c * L + r] = (a0 + a1) + (a2 + a3);
            }
        }
    }

    /** Sample r's logits of the narrow forward: the accumulators plus b2, for the classes the net has. */
    private static void storeLogits(float[] s, SmallMlpLayout lay, float[] p, int b2, int r,
                                    float l0, float l1, float l2, float l3) {
        int L = lay.lanes, out = lay.out;
        s[lay.lt + r] = l0 + p[b2];
        if (out > 1) {
            s[lay.lt + L + r] = l1 + p[b2 + 1];
        }
        if (out > 2) {
            s[lay.lt + 2 * L + r] = l2 + p[b2 + 2];
        }
        if (out > 3) {
            s[lay.lt + 3 * L + r] = l3 + p[b2 + 3];
        }
    }

    /** The general path's activation: ReLU as compare and select (−0 and NaN pass), tanh's twin, or identity. */
    private static float activate(int activation, float z) {
        return activation == RELU ? (z < 0f ? 0f : z) : activation == TANH ? VectorMath.tanh(z) : z;
    }

    /** 1.0 where {@code d} is ±0, else 0.0, by the vector kernel's bit arithmetic. */
    private static float equalsAsOne(float d) {
        int b = Float.floatToRawIntBits(d) & 0x7FFFFFFF;
        return Float.intBitsToFloat(~((-b | b) >> 31) & 0x3F800000);
    }

    /**
     * Softmax, cross-entropy and the logits' gradient of one block; the block's summed loss. Three
     * passes over the lanes, one sample per call in each ({@link #labelStats},
     * {@link #softmaxExp}, {@link #softmaxLossGradient}): the calls' loops run over the classes
     * only, so C2 compiles each method once (a loop over the lanes around them had it compiled
     * three times, twice on stack replacement, while the run waited), and each pass is a short
     * chain per sample, so the processor overlaps consecutive samples' chains (one sample's whole
     * softmax, exponentials, then logarithm, then division, was one long dependent chain: the
     * passes made the twins' steady step 5–7 % faster, TrainStepBench -p kernels=twin -p threads=1).
     */
    static float softmaxBlock(float invBatch, float[] s, SmallMlpLayout lay) {
        int correct = 0;
        for (int r = 0; r < lay.lanes; r++) {
            correct += labelStats(s, lay, r);
        }
        for (int r = 0; r < lay.lanes; r++) {
            softmaxExp(s, lay, r);
        }
        for (int r = 0; r < lay.lanes; r++) {
            softmaxLossGradient(invBatch, s, lay, r);
        }
        s[lay.correct] = correct;
        return laneSum(s, lay.logv, lay.lanes);
    }

    /** Lane r's label logit and validity; returns 1 when the sample is real and classified right. */
    private static int labelStats(float[] s, SmallMlpLayout lay, int r) {
        int L = lay.lanes, out = lay.out;
        float label = s[lay.lab + r];
        int realLane = ~(Float.floatToRawIntBits(label) >> 31);
        float labelLogit = 0f;
        for (int c = 0; c < out; c++) {
            labelLogit = Math.fma(s[lay.lt + c * L + r], equalsAsOne(label - (float) c), labelLogit);
        }
        int beaten = 0;
        for (int c = 0; c < out; c++) {
            float gap = labelLogit - s[lay.lt + c * L + r];
            int above = Float.floatToRawIntBits(gap) >>> 31;
            int tieBefore = (Float.floatToRawIntBits(equalsAsOne(gap)) >>> 29)
                    & (Float.floatToRawIntBits((float) c - label) >>> 31);
            beaten = beaten + above + tieBefore;
        }
        s[lay.valid + r] = Float.intBitsToFloat(realLane & 0x3F800000);
        s[lay.labelLogit + r] = labelLogit;
        return ~((-beaten | beaten) >> 31) & realLane & 1;
    }

    /** Lane r's exponentials of the logits less their largest, their sum and the largest. */
    private static void softmaxExp(float[] s, SmallMlpLayout lay, int r) {
        int L = lay.lanes, out = lay.out;
        float max = s[lay.lt + r];
        for (int c = 1; c < out; c++) {
            max = Math.max(max, s[lay.lt + c * L + r]);
        }
        float sum = 0f;
        for (int c = 0; c < out; c++) {
            float d = s[lay.lt + c * L + r] - max;
            int keep = ~(Float.floatToRawIntBits(d + FLUSH_BELOW) >> 31);
            float e = Float.intBitsToFloat(Float.floatToRawIntBits(VectorMath.exp(Math.max(d, -FLUSH_BELOW))) & keep);
            s[lay.lt + c * L + r] = e;
            sum = sum + e;
        }
        s[lay.maxv + r] = max;
        s[lay.sumv + r] = sum;
    }

    /** Lane r's loss (summed across lanes by the caller) and the logits' gradient. */
    private static void softmaxLossGradient(float invBatch, float[] s, SmallMlpLayout lay, int r) {
        int L = lay.lanes, out = lay.out;
        float label = s[lay.lab + r];
        float sum = s[lay.sumv + r];
        s[lay.logv + r] = ((log(sum) + s[lay.maxv + r]) - s[lay.labelLogit + r]) * s[lay.valid + r];
        float scale = (s[lay.valid + r] * invBatch) / sum;
        for (int c = 0; c < out; c++) {
            float dl = Math.fma(equalsAsOne(label - (float) c), -invBatch, s[lay.lt + c * L + r] * scale);
            s[lay.lt + c * L + r] = dl;
            s[lay.gb2 + c * L + r] = s[lay.gb2 + c * L + r] + dl;
        }
    }

    /** The vector kernel's flush of tiny probabilities: exp(l − max) below e^−20 is exactly 0. */
    private static final float FLUSH_BELOW = 20f;

    /** The twin of the vector kernel's {@code logInto} for one positive normal float. */
    private static float log(float x) {
        int bits = Float.floatToRawIntBits(x);
        float e = Float.intBitsToFloat((bits >>> 23) | 0x4B000000) - (8388608f + 127f);
        float m = Float.intBitsToFloat(bits & 0x007FFFFF | 0x3F800000);
        int big = ~(Float.floatToRawIntBits(m - 1.41421356f) >> 31);
        float bigOne = Float.intBitsToFloat(big & 0x3F800000);
        m = m * (1f - bigOne * 0.5f);
        e = e + bigOne;
        float t = (m - 1f) / (m + 1f);
        float t2 = t * t;
        float series = Math.fma(1f / 9, t2, 1f / 7);
        series = Math.fma(series, t2, 1f / 5);
        series = Math.fma(series, t2, 1f / 3);
        series = Math.fma(series, t2, 1f);
        return t * series * 2f + e * 0.6931471805599453f;
    }

    /**
     * The general backward, hidden units in lanes: for each hidden unit, h and dz of each
     * sample, then the accumulations in the vector kernel's order (four partial sums over the
     * samples for the weights, two for b1).
     */
    private static void backwardBlock(int activation, float[] s, SmallMlpLayout lay) {
        int L = lay.lanes, in = lay.in, out = lay.out, hp = lay.hp;
        for (int jv = 0; jv < hp; jv += L) {
            for (int k = 0; k < L; k++) {
                int j = jv + k;
                for (int r = 0; r < L; r++) {
                    float z = s[lay.b1p + j];
                    for (int i = 0; i < in; i++) {
                        z = Math.fma(s[lay.xt + i * L + r], s[lay.w1t + i * hp + j], z);
                    }
                    float dh = 0f;
                    for (int c = 0; c < out; c++) {
                        dh = Math.fma(s[lay.lt + c * L + r], s[lay.w2p + c * hp + j], dh);
                    }
                    float h;
                    float dz;
                    if (activation == RELU) {
                        h = z < 0f ? 0f : z;
                        dz = h > 0f ? dh : 0f;
                    } else if (activation == TANH) {
                        h = VectorMath.tanh(z);
                        dz = dh * (1f - h * h);
                    } else {
                        h = z;
                        dz = dh;
                    }
                    s[lay.hRow + r * L + k] = h;
                    s[lay.dzRow + r * L + k] = dz;
                }
                for (int c = 0; c < out; c++) {
                    accumulate(s, lay.gw2p + c * hp + j, lay.lt + c * L, lay.hRow + k, L);
                }
                for (int i = 0; i < in; i++) {
                    accumulate(s, lay.gw1t + i * hp + j, lay.xt + i * L, lay.dzRow + k, L);
                }
                float a0 = s[lay.gb1p + j], a1 = 0f;
                for (int r = 0; r < L; r += 2) {
                    a0 = a0 + s[lay.dzRow + r * L + k];
                    a1 = a1 + s[lay.dzRow + (r + 1) * L + k];
                }
                s[lay.gb1p + j] = a0 + a1;
            }
        }
    }

    /** One lane of the vector kernel's {@code accumulate}: {@code s[acc] += Σ_r s[coef + r]·s[rows + r·L]}, four partial sums. */
    private static void accumulate(float[] s, int acc, int coef, int rows, int L) {
        float a0 = s[acc], a1 = 0f, a2 = 0f, a3 = 0f;
        for (int r = 0; r < L; r += 4) {
            int row = rows + r * L;
            a0 = Math.fma(s[coef + r], s[row], a0);
            a1 = Math.fma(s[coef + r + 1], s[row + L], a1);
            a2 = Math.fma(s[coef + r + 2], s[row + 2 * L], a2);
            a3 = Math.fma(s[coef + r + 3], s[row + 3 * L], a3);
        }
        s[acc] = (a0 + a1) + (a2 + a3);
    }

    /** The narrow backward (at most two inputs and four classes, ReLU), one hidden unit at a time. */
    private static void backwardBlockNarrow(float[] s, SmallMlpLayout lay) {
        int L = lay.lanes, in = lay.in, out = lay.out, hp = lay.hp;
        int xt = lay.xt, lt = lay.lt;
        boolean fourth = out > 3;
        boolean second = in > 1;
        int w1t = lay.w1t, w2p = lay.w2p, b1p = lay.b1p;
        int gw1t = lay.gw1t, gw2p = lay.gw2p, gb1p = lay.gb1p;
        int lastRow = w2p + (out - 1) * hp;
        // Two hidden units at a time (hp is even): twelve accumulator chains instead of six, so
        // the FMAs do not wait on each other; each unit still sums over the samples in order.
        for (int j = 0; j < hp; j += 2) {
            int k = j + 1;
            float biasJ = s[b1p + j], biasK = s[b1p + k];
            float u0j = s[w1t + j], u0k = s[w1t + k];
            float u1j = s[w1t + hp + j], u1k = s[w1t + hp + k];
            float lastJ = s[lastRow + j], lastK = s[lastRow + k];
            float w0j = s[w2p + j] - lastJ, w0k = s[w2p + k] - lastK;
            float w1j = s[w2p + hp + j] - lastJ, w1k = s[w2p + hp + k] - lastK;
            float w2j = s[w2p + 2 * hp + j] - lastJ, w2k = s[w2p + 2 * hp + k] - lastK;
            float g0j = s[gw2p + j], g0k = s[gw2p + k];
            float g1j = s[gw2p + hp + j], g1k = s[gw2p + hp + k];
            float g2j = s[gw2p + 2 * hp + j], g2k = s[gw2p + 2 * hp + k];
            float gx0j = s[gw1t + j], gx0k = s[gw1t + k];
            float gx1j = s[gw1t + hp + j], gx1k = s[gw1t + hp + k];
            float gbj = s[gb1p + j], gbk = s[gb1p + k];
            for (int r = 0; r < L; r++) {
                float x0 = s[xt + r];
                float x1 = second ? s[xt + L + r] : 0f;
                float d0 = out > 1 ? s[lt + r] : 0f;
                float d1 = out > 2 ? s[lt + L + r] : 0f;
                float d2 = fourth ? s[lt + 2 * L + r] : 0f;
                float zj = Math.fma(x1, u1j, Math.fma(x0, u0j, biasJ));
                float zk = Math.fma(x1, u1k, Math.fma(x0, u0k, biasK));
                float dhj = Math.fma(d1, w1j, d0 * w0j);
                float dhk = Math.fma(d1, w1k, d0 * w0k);
                if (fourth) {
                    dhj = Math.fma(d2, w2j, dhj);
                    dhk = Math.fma(d2, w2k, dhk);
                }
                int keepJ = ~(Float.floatToRawIntBits(zj) >> 31);
                int keepK = ~(Float.floatToRawIntBits(zk) >> 31);
                float hj = Float.intBitsToFloat(Float.floatToRawIntBits(zj) & keepJ);
                float hk = Float.intBitsToFloat(Float.floatToRawIntBits(zk) & keepK);
                float dzj = Float.intBitsToFloat(Float.floatToRawIntBits(dhj) & keepJ);
                float dzk = Float.intBitsToFloat(Float.floatToRawIntBits(dhk) & keepK);
                g0j = Math.fma(d0, hj, g0j);
                g0k = Math.fma(d0, hk, g0k);
                g1j = Math.fma(d1, hj, g1j);
                g1k = Math.fma(d1, hk, g1k);
                if (fourth) {
                    g2j = Math.fma(d2, hj, g2j);
                    g2k = Math.fma(d2, hk, g2k);
                }
                gx0j = Math.fma(x0, dzj, gx0j);
                gx0k = Math.fma(x0, dzk, gx0k);
                gx1j = Math.fma(x1, dzj, gx1j);
                gx1k = Math.fma(x1, dzk, gx1k);
                gbj = gbj + dzj;
                gbk = gbk + dzk;
            }
            s[gw2p + j] = g0j;
            s[gw2p + k] = g0k;
            s[gw2p + hp + j] = g1j;
            s[gw2p + hp + k] = g1k;
            s[gw2p + 2 * hp + j] = g2j;
            s[gw2p + 2 * hp + k] = g2k;
            s[gw1t + j] = gx0j;
            s[gw1t + k] = gx0k;
            s[gw1t + hp + j] = gx1j;
            s[gw1t + hp + k] = gx1k;
            s[gb1p + j] = gbj;
            s[gb1p + k] = gbk;
        }
    }

    /**
     * Σ of the {@code lanes} floats at {@code a[off..]} in {@link Lanes}' halving-tree order:
     * level k adds lane i and lane (i + L/2^k) mod L; the result is lane 0 of the last level.
     * Every lane enters lane 0's tree exactly once, so it is computed on demand.
     */
    static float laneSum(float[] a, int off, int lanes) {
        return tree(a, off, lanes, 1, 0);
    }

    /**
     * Lane {@code lane} of the tree level that adds lanes {@code d} apart ({@code d = L} is the
     * lanes themselves); the last level (d = 1) holds the sum in lane 0.
     */
    private static float tree(float[] a, int off, int lanes, int d, int lane) {
        if (d == lanes) {
            return a[off + lane];
        }
        return tree(a, off, lanes, 2 * d, lane) + tree(a, off, lanes, 2 * d, (lane + d) % lanes);
    }

    @Override
    public float largestMagnitude(float[] x, int off, int n) {
        // On the bits without the sign: non-negative floats order as their bit patterns, and a
        // NaN's lie above +∞'s.
        int largest = 0;
        for (int i = off; i < off + n; i++) {
            largest = Math.max(largest, Float.floatToRawIntBits(x[i]) & 0x7FFFFFFF);
        }
        return Float.intBitsToFloat(largest);
    }

    @Override
    public void predict(int in, int hidden, int out, int activation, float[] p, int pOff,
                        float[] x, int xOff, int rows, float[] probabilities, int probOff,
                        int[] classes, int classOff, float[] s) {
        SmallMlpLayout lay = layout(in, hidden, out);
        int L = lanes;
        lay.prepareWeights(p, pOff, s);
        for (int b = 0; b < rows; b += L) {
            int n = Math.min(L, rows - b);
            lay.gather(x, xOff, null, b, n, null, s);
            forwardBlock(activation, p, pOff, s, lay);
            for (int r = 0; r < L; r++) {
                float max = s[lay.lt + r];
                int best = 0;
                for (int c = 1; c < out; c++) {
                    float logit = s[lay.lt + c * L + r];
                    best = logit > max ? c : best;
                    max = Math.max(max, logit);
                }
                s[lay.lab + r] = best;
                float sum = 0f;
                for (int c = 0; c < out; c++) {
                    float e = VectorMath.exp(s[lay.lt + c * L + r] - max);
                    s[lay.lt + c * L + r] = e;
                    sum = sum + e;
                }
                float inv = 1f / sum;
                for (int c = 0; c < out; c++) {
                    s[lay.lt + c * L + r] = s[lay.lt + c * L + r] * inv;
                }
            }
            for (int r = 0; r < n; r++) {
                int row = probOff + (b + r) * out;
                for (int c = 0; c < out; c++) {
                    probabilities[row + c] = s[lay.lt + c * L + r];
                }
                classes[classOff + b + r] = (int) s[lay.lab + r];
            }
        }
    }

    @Override
    public void prepare(int in, int hidden, int out, float[] p, int pOff, float[] prepared) {
        layout(in, hidden, out).prepare(p, pOff, prepared);
    }

    @Override
    public int sampleScratchSize(int hidden) {
        return (hidden + lanes - 1) / lanes * lanes;
    }

    @Override
    public boolean needsSampleScratch(int in, int out, int activation) {
        return SmallMlpLayout.needsSampleScratch(in, out, activation, lanes);
    }

    @Override
    public int predictOne(int in, int hidden, int out, int activation, float[] prepared, float[] p, int pOff,
                          float[] x, int xOff, float[] probabilities, int probOff, float[] h) {
        SmallMlpLayout lay = layout(in, hidden, out);
        if (!needsSampleScratch(in, out, activation)) {
            return predictOneNarrow(prepared, lay, x, xOff, probabilities, probOff);
        }
        int hp = lay.hp, L = lanes;
        for (int j = 0; j < hp; j++) {
            float z = prepared[lay.b1p + j];
            for (int i = 0; i < in; i++) {
                z = Math.fma(x[xOff + i], prepared[lay.w1t + i * hp + j], z);
            }
            h[j] = activation == TANH ? VectorMath.tanh(z) : activation == RELU ? reluBits(z) : z;
        }
        int b2 = lay.b2(pOff);
        float max = Float.NEGATIVE_INFINITY;
        int best = 0;
        for (int c = 0; c < out; c++) {
            float logit = dotTree(hp, L, h, prepared, lay.w2p + c * hp, 1, 0) + p[b2 + c];
            probabilities[probOff + c] = logit;
            if (logit > max) {
                max = logit;
                best = c;
            }
        }
        float sum = 0f;
        for (int c = 0; c < out; c++) {
            float e = VectorMath.exp(probabilities[probOff + c] - max);
            probabilities[probOff + c] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int c = 0; c < out; c++) {
            probabilities[probOff + c] *= inv;
        }
        return best;
    }

    /**
     * The vector kernel's {@code dot} of {@code a} and {@code b[bOff..]} over n (a multiple of L)
     * elements: lane {@code lane} of the tree level that adds lanes {@code d} apart (see
     * {@link #tree}), where a lane itself is the sum of two partial sums (even and odd L-blocks,
     * a last odd block in the first).
     */
    private static float dotTree(int n, int L, float[] a, float[] b, int bOff, int d, int lane) {
        if (d == L) {
            float s0 = 0f, s1 = 0f;
            int i = 0;
            for (; i + L < n; i += 2 * L) {
                s0 = Math.fma(a[i + lane], b[bOff + i + lane], s0);
                s1 = Math.fma(a[i + L + lane], b[bOff + i + L + lane], s1);
            }
            if (i < n) {
                s0 = Math.fma(a[i + lane], b[bOff + i + lane], s0);
            }
            return s0 + s1;
        }
        return dotTree(n, L, a, b, bOff, 2 * d, lane) + dotTree(n, L, a, b, bOff, 2 * d, (lane + d) % L);
    }

    /**
     * The vector kernel's {@code predictOneNarrow}. There, four accumulators (one per class, hidden
     * units in lanes) are folded so that the lanes of quarter group g hold class
     * {@link SmallMlpLayout#FOLD_CLASS_OF_GROUP FOLD_CLASS_OF_GROUP[g]}; worked through, every
     * lane of class c's group holds the same value, {@code (T(0) + T(2)) + (T(1) + T(3))} for
     * 16 lanes, {@code T(0) + T(1)} for 8 and {@code T(0)} for 4, where
     * {@code T(m) = (a[m] + a[m+2Q]) + (a[m+Q] + a[m+3Q])} over that class's accumulator lanes
     * (Q = L/4; float addition is commutative, so the operand order within each pair does not
     * matter). The softmax then runs on one lane per group, as there.
     */
    @Override
    public int predictOneNarrow(SmallMlpLayout lay, float[] prepared, float[] x, int xOff, float[] probabilities,
                                int probOff) {
        return predictOneNarrow(prepared, lay, x, xOff, probabilities, probOff);
    }

    private int predictOneNarrow(float[] w, SmallMlpLayout lay, float[] x, int xOff, float[] probabilities, int probOff) {
        int L = lanes, q = L / 4, hp = lay.hp, out = lay.out;
        float x0 = x[xOff];
        float x1 = lay.in > 1 ? x[xOff + 1] : 0f;
        int w1a = lay.w1t, w1b = lay.w1t + hp, b1 = lay.b1p;
        int v0 = lay.w2p, v1 = v0 + hp, v2 = v1 + hp, v3 = v2 + hp;
        // One pass per m over lanes m, m+Q, m+2Q, m+3Q, all four classes at once; T(m) of each
        // class is then combined in the fold's order: for 16 lanes (T(0) + T(2)) + (T(1) + T(3)),
        // so m runs 0, 2, 1, 3 and odd passes close a pair; for 8 lanes T(0) + T(1); for 4, T(0).
        float g0 = 0f, g1 = 0f, g2 = 0f, g3 = 0f;
        float f0 = 0f, f1 = 0f, f2 = 0f, f3 = 0f;
        for (int pass = 0; pass < q; pass++) {
            int m = q == 4 ? (pass == 1 ? 2 : pass == 2 ? 1 : pass) : pass;
            float a00 = 0f, a01 = 0f, a02 = 0f, a03 = 0f, a10 = 0f, a11 = 0f, a12 = 0f, a13 = 0f;
            float a20 = 0f, a21 = 0f, a22 = 0f, a23 = 0f, a30 = 0f, a31 = 0f, a32 = 0f, a33 = 0f;
            for (int v = 0; v < hp; v += L) {
                int k0 = v + m, k1 = k0 + q, k2 = k1 + q, k3 = k2 + q;
                // reluBits written out (the same bits: a float whose bits are positive as a signed
                // int, else +0): this method serves a service's first calls interpreted, where
                // each call of a helper costs about as much as the arithmetic around it.
                float z0 = Math.fma(x1, w[w1b + k0], Math.fma(x0, w[w1a + k0], w[b1 + k0]));
                float z1 = Math.fma(x1, w[w1b + k1], Math.fma(x0, w[w1a + k1], w[b1 + k1]));
                float z2 = Math.fma(x1, w[w1b + k2], Math.fma(x0, w[w1a + k2], w[b1 + k2]));
                float z3 = Math.fma(x1, w[w1b + k3], Math.fma(x0, w[w1a + k3], w[b1 + k3]));
                z0 = Float.floatToRawIntBits(z0) > 0 ? z0 : 0f;
                z1 = Float.floatToRawIntBits(z1) > 0 ? z1 : 0f;
                z2 = Float.floatToRawIntBits(z2) > 0 ? z2 : 0f;
                z3 = Float.floatToRawIntBits(z3) > 0 ? z3 : 0f;
                a00 = Math.fma(z0, w[v0 + k0], a00);
                a01 = Math.fma(z1, w[v0 + k1], a01);
                a02 = Math.fma(z2, w[v0 + k2], a02);
                a03 = Math.fma(z3, w[v0 + k3], a03);
                a10 = Math.fma(z0, w[v1 + k0], a10);
                a11 = Math.fma(z1, w[v1 + k1], a11);
                a12 = Math.fma(z2, w[v1 + k2], a12);
                a13 = Math.fma(z3, w[v1 + k3], a13);
                a20 = Math.fma(z0, w[v2 + k0], a20);
                a21 = Math.fma(z1, w[v2 + k1], a21);
                a22 = Math.fma(z2, w[v2 + k2], a22);
                a23 = Math.fma(z3, w[v2 + k3], a23);
                a30 = Math.fma(z0, w[v3 + k0], a30);
                a31 = Math.fma(z1, w[v3 + k1], a31);
                a32 = Math.fma(z2, w[v3 + k2], a32);
                a33 = Math.fma(z3, w[v3 + k3], a33);
            }
            float t0 = (a00 + a02) + (a01 + a03);
            float t1 = (a10 + a12) + (a11 + a13);
            float t2 = (a20 + a22) + (a21 + a23);
            float t3 = (a30 + a32) + (a31 + a33);
            if (q == 1) {
                g0 = t0;
                g1 = t1;
                g2 = t2;
                g3 = t3;
            } else if ((pass & 1) == 0) {
                f0 = t0;
                f1 = t1;
                f2 = t2;
                f3 = t3;
            } else if (pass == 1) {
                g0 = f0 + t0;
                g1 = f1 + t1;
                g2 = f2 + t2;
                g3 = f3 + t3;
            } else {
                g0 = g0 + (f0 + t0);
                g1 = g1 + (f1 + t1);
                g2 = g2 + (f2 + t2);
                g3 = g3 + (f3 + t3);
            }
        }
        // W2's rows are zero-padded to four classes; b2 sits per group in the broadcast area.
        float l0 = g0 + w[lay.bcast];
        float l1 = g1 + w[lay.bcast + L / 2];
        float l2 = g2 + w[lay.bcast + L / 4];
        float l3 = g3 + w[lay.bcast + 3 * L / 4];
        // max over the groups as the vector does it: halves (class c with c ^ 1), then quarters
        float max = Math.max(Math.max(l0, l1), Math.max(l2, l3));
        float e0 = expFolded(l0 - max);
        float e1 = expFolded(l1 - max);
        float e2 = expFolded(l2 - max);
        float e3 = expFolded(l3 - max);
        float sum = (e0 + e1) + (e2 + e3);
        float p0 = e0 / sum;
        probabilities[probOff] = p0;
        int best = 0;
        float bestP = p0;
        if (out > 1) {
            float p1 = e1 / sum;
            probabilities[probOff + 1] = p1;
            if (p1 > bestP) {
                best = 1;
                bestP = p1;
            }
        }
        if (out > 2) {
            float p2 = e2 / sum;
            probabilities[probOff + 2] = p2;
            if (p2 > bestP) {
                best = 2;
                bestP = p2;
            }
        }
        if (out > 3) {
            float p3 = e3 / sum;
            probabilities[probOff + 3] = p3;
            if (p3 > bestP) {
                best = 3;
            }
        }
        return best;
    }

    /** The vector kernel's e^d for d = logit − max ≤ 0 (clamped at −80, one scaling by 2ⁿ). */
    private static float expFolded(float shifted) {
        float d = shifted < -80f ? -80f : shifted;
        float tr = Math.fma(d, VectorMath.LOG2E, VectorMath.ROUND_MAGIC);
        float n = tr - VectorMath.ROUND_MAGIC;
        float r = Math.fma(n, -VectorMath.LN2_HI, d);
        r = Math.fma(n, -VectorMath.LN2_LO, r);
        float poly = Math.fma(r, VectorMath.C7, VectorMath.C6);
        poly = Math.fma(poly, r, VectorMath.C5);
        poly = Math.fma(poly, r, VectorMath.C4);
        poly = Math.fma(poly, r, VectorMath.C3);
        poly = Math.fma(poly, r, VectorMath.C2);
        float scale = Float.intBitsToFloat((Float.floatToRawIntBits(tr) + 127) << 23);
        return (Math.fma(poly * r, r, r) + 1f) * scale;
    }
}
