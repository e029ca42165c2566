package org.simdnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link SmallMlpKernel}. Samples go through in blocks of L = species-length rows.
 *
 * <pre>
 * forward, samples in lanes:   HT[j]  = f(b1[j] + Σ_i W1[j][i] · XT[i])      (XT[i]: input i of L samples)
 *                              LT[c]  = b2[c] + Σ_j W2[c][j] · HT[j]
 * softmax/CE, samples in lanes: LT[c] ← (softmax − onehot) / batch
 * backward, hidden in lanes:   for each L-wide slice of hidden units, per sample r:
 *                              h, dz = f'(·) ⊙ Σ_c dl[c][r] · W2[c][slice]
 *                              gW2[c][slice] += dl[c][r] · h,  gW1ᵀ[i][slice] += x[i][r] · dz,  gb1 += dz
 * </pre>
 *
 * No lane reductions in the inner loops: the gradient accumulators are laid out with hidden units
 * in the lanes, so they already are the gradient. Hidden slices are padded with zero weights, so
 * padded lanes compute zeros and need no masks. The pre-activation is recomputed in the backward
 * pass with the same operations in the same order as the forward pass, hence the same bits.
 * Everything but the parameters and the gradient lives in the caller's scratch (about 26 KiB for
 * 2 → 100 → 3 at 16 lanes, so it stays in L1).
 */
final class VectorSmallMlpKernel implements SmallMlpKernel {

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();
    /** Ints of the same shape, for bit arithmetic on the float lanes. */
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, S.vectorShape());
    /** exp(x − max) below e^−FLUSH_BELOW counts as zero (see softmaxExp). */
    private static final float FLUSH_BELOW = 20f;
    /** 0, 2, 4, ...: the lane offsets of every other float, for de-interleaving 2-D points. */
    private static final int[] EVEN_LANES = java.util.stream.IntStream.range(0, L).map(i -> 2 * i).toArray();

    /**
     * For a whole block's probabilities written row-major through registers ({@link #softmaxBlock}):
     * output vector k of {@code out} holds, in lane i, element {@code k·L + i} of the block's rows,
     * that is row {@code (k·L + i) / out}, class {@code (k·L + i) % out}. {@code ROW_OF_LANE[out][k]}
     * takes each lane's row from a class vector, {@code CLASS_OF_LANE[out][k][c]} marks the lanes of class c.
     */
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Float>[][] ROW_OF_LANE = new VectorShuffle[5][];
    @SuppressWarnings("unchecked")
    private static final VectorMask<Float>[][][] CLASS_OF_LANE = new VectorMask[5][][];

    static {
        for (int out = 1; out <= 4; out++) {
            int o = out;
            ROW_OF_LANE[out] = new VectorShuffle[out];
            CLASS_OF_LANE[out] = new VectorMask[out][out];
            for (int k = 0; k < out; k++) {
                int first = k * L;
                ROW_OF_LANE[out][k] = VectorShuffle.fromOp(S, i -> (first + i) / o);
                for (int c = 0; c < out; c++) {
                    boolean[] lanes = new boolean[L];
                    for (int i = 0; i < L; i++) {
                        lanes[i] = (first + i) % o == c;
                    }
                    CLASS_OF_LANE[out][k][c] = VectorMask.fromArray(S, lanes, 0);
                }
            }
        }
    }

    // Three classes (the spiral's) read the tables' entries from constants, which C2 folds: from
    // the arrays it loaded and type-checked every shuffle and mask again in each block.
    private static final VectorShuffle<Float> ROWS_3_0 = ROW_OF_LANE[3][0];
    private static final VectorShuffle<Float> ROWS_3_1 = ROW_OF_LANE[3][1];
    private static final VectorShuffle<Float> ROWS_3_2 = ROW_OF_LANE[3][2];
    private static final VectorMask<Float> CLASS_3_0_1 = CLASS_OF_LANE[3][0][1];
    private static final VectorMask<Float> CLASS_3_0_2 = CLASS_OF_LANE[3][0][2];
    private static final VectorMask<Float> CLASS_3_1_1 = CLASS_OF_LANE[3][1][1];
    private static final VectorMask<Float> CLASS_3_1_2 = CLASS_OF_LANE[3][1][2];
    private static final VectorMask<Float> CLASS_3_2_1 = CLASS_OF_LANE[3][2][1];
    private static final VectorMask<Float> CLASS_3_2_2 = CLASS_OF_LANE[3][2][2];

    /** The last layout used: nets keep their shape, so steady state allocates none. */
    private volatile SmallMlpLayout lastLayout = new SmallMlpLayout(1, 1, 1, L);

    @Override
    public SmallMlpLayout layout(int in, int hidden, int out) {
        SmallMlpLayout lay = lastLayout;
        if (!lay.sameShape(in, hidden, out)) {
            lay = new SmallMlpLayout(in, hidden, out, L);
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
        // The checks are written out here, not in a helper: besides naming a bad argument, they
        // keep this method above C2's FreqInlineSize (325 bytecode bytes; CompileBoundaryTest).
        // So C2 compiles it as a root of its own and never inlines it into the trainer's loops:
        // there the node budget ran out and Vector API intrinsics stayed calls that box (seen on
        // JDK 17, one JVM in four: 7.5 KB a step, for as long as the JVM ran).
        int params = hidden * in + hidden + out * hidden + out;
        Checks.vector("parameters", p, pOff, params);
        Checks.vector("gradient", grad, gOff, params);
        Checks.vector("scratch", s, 0, lay.size);
        Checks.vector("correctOut", correctOut, 0, 1);
        Checks.nonNegative("rows", rows);
        if (order == null) {
            Checks.vector("x", x, 0, Math.multiplyExact(from + rows, in));
        } else {
            Checks.vector("order", order, from, rows);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("the batch size must be > 0, got " + batchSize);
        }
        lay.prepareWeights(p, pOff, s);
        java.util.Arrays.fill(s, lay.gw1t, lay.correct, 0f);
        float invBatch = 1f / batchSize;
        double loss = 0;
        int correct = 0;
        for (int b = 0; b < rows; b += L) {
            int n = Math.min(L, rows - b);
            gather(in, out, x, 0, order, from + b, n, labels, s, lay);
            forwardBlock(in, hidden, out, activation, p, pOff, s, lay);

            loss += softmaxBlock(out, invBatch, s, lay);
            correct += (int) s[lay.correct];
            if (SmallMlpLayout.narrow(in, out, activation)) {
                backwardBlockNarrow(in, out, s, lay);
            } else {
                backwardBlock(in, out, activation, s, lay);
            }
        }
        if (SmallMlpLayout.narrow(in, out, activation)) {
            lay.completeLastClass(s);
        }
        writeGradient(out, grad, gOff, s, lay);
        correctOut[0] = correct;
        return loss / batchSize;
    }

    /**
     * Transposes n samples into XT [in × L] and their labels (as floats, −1 for empty lanes),
     * checking each label (see {@link SmallMlpLayout#gather}, which does the general case).
     */
    private static void gather(int in, int out, float[] x, int xOff, int[] order, int from, int n, int[] labels,
                               float[] s, SmallMlpLayout lay) {
        if (in == 2 && order == null && n == L) {
            // Rows in their own order: two strided gathers de-interleave the (x, y) pairs.
            int base = xOff + from * 2;
            FloatVector.fromArray(S, x, base, EVEN_LANES, 0).intoArray(s, lay.xt);
            FloatVector.fromArray(S, x, base + 1, EVEN_LANES, 0).intoArray(s, lay.xt + L);
            for (int r = 0; r < L; r++) {
                s[lay.lab + r] = labels == null ? 0f : SmallMlpLayout.label(labels, from + r, out);
            }
            return;
        }
        lay.gather(x, xOff, order, from, n, labels, s);
    }

    /** HT and the logits LT of one block, samples in lanes. */
    private static void forwardBlock(int in, int hidden, int out, int activation, float[] p, int pOff,
                                     float[] s, SmallMlpLayout lay) {
        if (SmallMlpLayout.narrow(in, out, activation)) {
            forwardBlockNarrow(in, hidden, out, p, pOff, s, lay);
            return;
        }
        int b2 = pOff + hidden * in + hidden + out * hidden;
        FloatVector zero = FloatVector.zero(S);
        for (int j = 0; j < hidden; j++) {
            // Weights from the flushed scratch copies, as the backward pass reads them.
            FloatVector z = FloatVector.broadcast(S, s[lay.b1p + j]);
            for (int i = 0; i < in; i++) {
                z = FloatVector.fromArray(S, s, lay.xt + i * L).fma(FloatVector.broadcast(S, s[lay.w1t + i * lay.hp + j]), z);
            }
            // ReLU as compare + blend: a float vector max carries NaN/−0 fix-ups we do not need here.
            FloatVector h = activation == RELU ? z.blend(zero, z.compare(VectorOperators.LT, 0f))
                    : activation == TANH ? VectorMath.tanh(z) : z;
            h.intoArray(s, lay.ht + j * L);
        }
        // Four accumulators per class break the FMA latency chain along the hidden units.
        int unrolled = hidden & ~3;
        for (int c = 0; c < out; c++) {
            int row = lay.w2p + c * lay.hp;
            FloatVector a0 = FloatVector.broadcast(S, p[b2 + c]);
            FloatVector a1 = zero;
            FloatVector a2 = zero;
            FloatVector a3 = zero;
            int j = 0;
            for (; j < unrolled; j += 4) {
                int h = lay.ht + j * L;
                a0 = FloatVector.fromArray(S, s, h).fma(FloatVector.broadcast(S, s[row + j]), a0);
                a1 = FloatVector.fromArray(S, s, h + L).fma(FloatVector.broadcast(S, s[row + j + 1]), a1);
                a2 = FloatVector.fromArray(S, s, h + 2 * L).fma(FloatVector.broadcast(S, s[row + j + 2]), a2);
                a3 = FloatVector.fromArray(S, s, h + 3 * L).fma(FloatVector.broadcast(S, s[row + j + 3]), a3);
            }
            for (; j < hidden; j++) {
                a0 = FloatVector.fromArray(S, s, lay.ht + j * L).fma(FloatVector.broadcast(S, s[row + j]), a0);
            }
            a0.add(a1).add(a2.add(a3)).intoArray(s, lay.lt + c * L);
        }
    }

    /**
     * {@link #forwardBlock} for at most two inputs and four classes: the inputs and the logit
     * accumulators of the block stay in registers across the hidden units, so each hidden unit
     * costs a few weight broadcasts and FMAs; the hidden activations are not stored, since the
     * narrow backward recomputes them. The operations on each z are those of the general
     * forward and of the backward's recomputation, in the same order.
     */
    private static void forwardBlockNarrow(int in, int hidden, int out, float[] p, int pOff,
                                           float[] s, SmallMlpLayout lay) {
        // Reads the zero-padded scratch copies (2 inputs, 4 classes) so that the loop has no
        // branches: a vector merged from two branches would be boxed by some C2 versions.
        int hp = lay.hp;
        int u0 = lay.w1t, u1 = lay.w1t + hp, bias = lay.b1p;
        int v0 = lay.w2p, v1 = v0 + hp, v2 = v1 + hp, v3 = v2 + hp;
        boolean fourth = out > 3;
        FloatVector zero = FloatVector.zero(S);
        FloatVector x0 = FloatVector.fromArray(S, s, lay.xt);
        FloatVector x1 = FloatVector.fromArray(S, s, lay.xt + L);
        FloatVector l0 = zero;
        FloatVector l1 = zero;
        FloatVector l2 = zero;
        FloatVector l3 = zero;
        for (int j = 0; j < hidden; j++) {
            FloatVector z = x0.fma(FloatVector.broadcast(S, s[u0 + j]), FloatVector.broadcast(S, s[bias + j]));
            z = x1.fma(FloatVector.broadcast(S, s[u1 + j]), z);
            // max(z, 0) on the bits: every lane whose sign bit is set (a negative int) becomes +0.
            FloatVector h = z.reinterpretAsInts().max(0).reinterpretAsFloats();
            l0 = h.fma(FloatVector.broadcast(S, s[v0 + j]), l0);
            l1 = h.fma(FloatVector.broadcast(S, s[v1 + j]), l1);
            l2 = h.fma(FloatVector.broadcast(S, s[v2 + j]), l2);
            if (fourth) {
                l3 = h.fma(FloatVector.broadcast(S, s[v3 + j]), l3);
            }
        }
        int w2 = pOff + hidden * in + hidden, b2 = w2 + out * hidden;
        int lt = lay.lt;
        l0.add(FloatVector.broadcast(S, p[b2])).intoArray(s, lt);
        if (out > 1) {
            l1.add(FloatVector.broadcast(S, p[b2 + 1])).intoArray(s, lt + L);
        }
        if (out > 2) {
            l2.add(FloatVector.broadcast(S, p[b2 + 2])).intoArray(s, lt + 2 * L);
        }
        if (out > 3) {
            l3.add(FloatVector.broadcast(S, p[b2 + 3])).intoArray(s, lt + 3 * L);
        }
    }

    /**
     * Softmax, cross-entropy and the logits' gradient of one block, samples in lanes; empty lanes
     * (label −1) get zero loss and zero gradient. Split into small steps with no masks or blends:
     * one large method would exceed C2's inlining budget, and a Vector API call it does not
     * inline boxes its vectors. The per-sample label bookkeeping is scalar (L samples).
     * Leaves how many samples the forward pass classified right in {@code s[lay.correct]}.
     *
     * @return the block's summed loss
     */
    private static float softmaxBlock(int out, float invBatch, float[] s, SmallMlpLayout lay) {
        labelStats(out, s, lay);
        softmaxExp(out, s, lay);
        float loss = softmaxLoss(s, lay);
        softmaxGradient(out, invBatch, s, lay);
        return loss;
    }

    /**
     * Per lane: valid (1 for a real sample, 0 for an empty lane), the label's logit, and whether
     * the first maximum of the logits is the label, counted into {@code s[lay.correct]}. Label
     * tests are integer bit arithmetic on the float labels (0, 1, 2, ... or −1): no masks.
     */
    private static void labelStats(int out, float[] s, SmallMlpLayout lay) {
        FloatVector label = FloatVector.fromArray(S, s, lay.lab);
        IntVector realLane = label.reinterpretAsInts().lanewise(VectorOperators.ASHR, 31).not();
        FloatVector labelLogit = FloatVector.zero(S);
        for (int c = 0; c < out; c++) {
            FloatVector isLabel = equalsAsOne(label.sub((float) c));
            labelLogit = FloatVector.fromArray(S, s, lay.lt + c * L).fma(isLabel, labelLogit);
        }
        // The label is the first maximum unless some class beats it, or ties it from before.
        IntVector beaten = IntVector.zero(INTS);
        for (int c = 0; c < out; c++) {
            FloatVector gap = labelLogit.sub(FloatVector.fromArray(S, s, lay.lt + c * L));
            IntVector above = gap.reinterpretAsInts().lanewise(VectorOperators.LSHR, 31);
            IntVector tieBefore = equalsAsOne(gap).reinterpretAsInts().lanewise(VectorOperators.LSHR, 29)
                    .and(FloatVector.broadcast(S, (float) c).sub(label).reinterpretAsInts().lanewise(VectorOperators.LSHR, 31));
            beaten = beaten.add(above).add(tieBefore);
        }
        IntVector right = beaten.neg().or(beaten).lanewise(VectorOperators.ASHR, 31).not().and(realLane).and(1);
        s[lay.correct] = right.reduceLanes(VectorOperators.ADD);
        realLane.and(0x3F800000).reinterpretAsFloats().intoArray(s, lay.valid);
        labelLogit.intoArray(s, lay.labelLogit);
    }

    /** 1.0 in lanes where {@code d} is ±0, 0.0 elsewhere (bits: ((b | −b) >> 31) is −1 unless b is 0). */
    private static FloatVector equalsAsOne(FloatVector d) {
        IntVector b = d.reinterpretAsInts().and(0x7FFFFFFF);
        return b.neg().or(b).lanewise(VectorOperators.ASHR, 31).not().and(0x3F800000).reinterpretAsFloats();
    }

    /** Row max into {@code maxv}, {@code exp(l − max)} over the logits, their sum into {@code sumv}. */
    private static void softmaxExp(int out, float[] s, SmallMlpLayout lay) {
        FloatVector max = FloatVector.fromArray(S, s, lay.lt);
        for (int c = 1; c < out; c++) {
            max = max.max(FloatVector.fromArray(S, s, lay.lt + c * L));
        }
        FloatVector sum = FloatVector.zero(S);
        for (int c = 0; c < out; c++) {
            // Probabilities below e^−20 are flushed to exact zero. Left alone, a trained net's
            // confident rows give exps and gradients in the subnormal range, where every FMA of
            // the backward pass takes a microcode assist: steps were seen to slow down 10x.
            FloatVector x = FloatVector.fromArray(S, s, lay.lt + c * L).sub(max);
            IntVector keep = x.add(FLUSH_BELOW).reinterpretAsInts().lanewise(VectorOperators.ASHR, 31).not();
            FloatVector e = VectorMath.exp(x.max(-FLUSH_BELOW)).reinterpretAsInts().and(keep).reinterpretAsFloats();
            e.intoArray(s, lay.lt + c * L);
            sum = sum.add(e);
        }
        max.intoArray(s, lay.maxv);
        sum.intoArray(s, lay.sumv);
    }

    /**
     * Σ over valid lanes of {@code log Σexp + max − logit[label]}. Its helpers take and return
     * arrays, never vectors: this runs once per block, a call site C2 may judge too cold to
     * inline, and a vector passed across a call that is not inlined gets boxed.
     */
    private static float softmaxLoss(float[] s, SmallMlpLayout lay) {
        logInto(s, lay.sumv, lay.logv);
        FloatVector.fromArray(S, s, lay.logv).add(FloatVector.fromArray(S, s, lay.maxv))
                .sub(FloatVector.fromArray(S, s, lay.labelLogit)).mul(FloatVector.fromArray(S, s, lay.valid))
                .intoArray(s, lay.logv);
        return Lanes.sum(s, lay.logv);
    }

    /** {@code dl = (softmax − onehot) / batch} in place of the exps, zero in empty lanes; adds it to the b2 gradient. */
    private static void softmaxGradient(int out, float invBatch, float[] s, SmallMlpLayout lay) {
        FloatVector valid = FloatVector.fromArray(S, s, lay.valid);
        FloatVector scale = valid.mul(invBatch).div(FloatVector.fromArray(S, s, lay.sumv));
        FloatVector label = FloatVector.fromArray(S, s, lay.lab);
        FloatVector minusInvBatch = FloatVector.broadcast(S, -invBatch);
        for (int c = 0; c < out; c++) {
            FloatVector onehot = equalsAsOne(label.sub((float) c));
            FloatVector dl = onehot.fma(minusInvBatch, FloatVector.fromArray(S, s, lay.lt + c * L).mul(scale));
            dl.intoArray(s, lay.lt + c * L);
            FloatVector.fromArray(S, s, lay.gb2 + c * L).add(dl).intoArray(s, lay.gb2 + c * L);
        }
    }

    /**
     * Weight gradients of one block, hidden units in lanes: for each slice of L hidden units,
     * first h and dz of every sample of the block, then the accumulations, one accumulator at a
     * time so that no vector outlives its loop.
     */
    private static void backwardBlock(int in, int out, int activation, float[] s, SmallMlpLayout lay) {
        int hp = lay.hp;
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int jv = 0; jv < hp; jv += L) {
            // Every lane-row, empty ones included: their inputs and dl are zero, so they add
            // exact zeros, and the accumulation loops below need no tail.
            for (int r = 0; r < L; r++) {
                FloatVector z = FloatVector.fromArray(S, s, lay.b1p + jv);
                for (int i = 0; i < in; i++) {
                    z = FloatVector.broadcast(S, s[lay.xt + i * L + r])
                            .fma(FloatVector.fromArray(S, s, lay.w1t + i * hp + jv), z);
                }
                FloatVector dh = zero;
                for (int c = 0; c < out; c++) {
                    dh = FloatVector.broadcast(S, s[lay.lt + c * L + r])
                            .fma(FloatVector.fromArray(S, s, lay.w2p + c * hp + jv), dh);
                }
                FloatVector h;
                FloatVector dz;
                if (activation == RELU) {
                    VectorMask<Float> negative = z.compare(VectorOperators.LT, 0f);
                    h = z.blend(zero, negative);
                    dz = dh.blend(zero, h.compare(VectorOperators.GT, 0f).not());
                } else if (activation == TANH) {
                    h = VectorMath.tanh(z);
                    dz = dh.mul(one.sub(h.mul(h)));
                } else {
                    h = z;
                    dz = dh;
                }
                h.intoArray(s, lay.hRow + r * L);
                dz.intoArray(s, lay.dzRow + r * L);
            }
            for (int c = 0; c < out; c++) {
                accumulate(s, lay.gw2p + c * hp + jv, lay.lt + c * L, lay.hRow);
            }
            for (int i = 0; i < in; i++) {
                accumulate(s, lay.gw1t + i * hp + jv, lay.xt + i * L, lay.dzRow);
            }
            FloatVector a0 = FloatVector.fromArray(S, s, lay.gb1p + jv);
            FloatVector a1 = zero;
            for (int r = 0; r < L; r += 2) {
                a0 = a0.add(FloatVector.fromArray(S, s, lay.dzRow + r * L));
                a1 = a1.add(FloatVector.fromArray(S, s, lay.dzRow + (r + 1) * L));
            }
            a0.add(a1).intoArray(s, lay.gb1p + jv);
        }
    }

    /**
     * {@link #backwardBlock} for at most two inputs and four classes (the spiral's 2 and 3): every slice of
     * hidden units keeps its weights and its six accumulators in registers across the samples,
     * so the inner loop is loads and FMAs only. Missing inputs or classes read zero weights and
     * zero broadcasts, so they add exact zeros.
     */
    private static void backwardBlockNarrow(int in, int out, float[] s, SmallMlpLayout lay) {
        int hp = lay.hp;
        int xt = lay.xt, lt = lay.lt;
        // The last class is left out: a softmax gradient row sums to zero (Σ p = 1), so
        // dh = Σ_c d_c·v_c = Σ_{c<last} d_c·(v_c − v_last), and gW2[last] = −Σ_{c<last} gW2[c]
        // (filled in by completeLastClass). Two fewer FMAs per sample and slice for 3 classes.
        // A fourth class costs two more; the guard is loop-invariant, so C2 unswitches it.
        boolean fourth = out > 3;
        boolean second = in > 1;
        int w1t = lay.w1t, w2p = lay.w2p, b1p = lay.b1p;
        int gw1t = lay.gw1t, gw2p = lay.gw2p, gb1p = lay.gb1p;
        int lastRow = w2p + (out - 1) * hp;
        for (int jv = 0; jv < hp; jv += L) {
            FloatVector bias = FloatVector.fromArray(S, s, b1p + jv);
            FloatVector u0 = FloatVector.fromArray(S, s, w1t + jv);
            FloatVector u1 = FloatVector.fromArray(S, s, w1t + hp + jv);
            FloatVector vLast = FloatVector.fromArray(S, s, lastRow + jv);
            FloatVector w0 = FloatVector.fromArray(S, s, w2p + jv).sub(vLast);
            FloatVector w1 = FloatVector.fromArray(S, s, w2p + hp + jv).sub(vLast);
            FloatVector w2 = FloatVector.fromArray(S, s, w2p + 2 * hp + jv).sub(vLast);
            FloatVector g0 = FloatVector.fromArray(S, s, gw2p + jv);
            FloatVector g1 = FloatVector.fromArray(S, s, gw2p + hp + jv);
            FloatVector g2 = FloatVector.fromArray(S, s, gw2p + 2 * hp + jv);
            FloatVector gx0 = FloatVector.fromArray(S, s, gw1t + jv);
            FloatVector gx1 = FloatVector.fromArray(S, s, gw1t + hp + jv);
            FloatVector gb = FloatVector.fromArray(S, s, gb1p + jv);
            for (int r = 0; r < L; r++) {
                // Per-sample scalars broadcast straight from the lane-major block (a load each);
                // absent inputs and the classes from the last on read as 0 and add exact zeros.
                FloatVector x0 = FloatVector.broadcast(S, s[xt + r]);
                FloatVector x1 = FloatVector.broadcast(S, second ? s[xt + L + r] : 0f);
                FloatVector d0 = FloatVector.broadcast(S, out > 1 ? s[lt + r] : 0f);
                FloatVector d1 = FloatVector.broadcast(S, out > 2 ? s[lt + L + r] : 0f);
                FloatVector d2 = FloatVector.broadcast(S, fourth ? s[lt + 2 * L + r] : 0f);
                // Same operations, same order as the forward pass: the same bits of z.
                FloatVector z = x0.fma(u0, bias);
                z = x1.fma(u1, z);
                FloatVector dh = d0.mul(w0);
                dh = d1.fma(w1, dh);
                if (fourth) {
                    dh = d2.fma(w2, dh);
                }
                // One mask, all ones where the sign bit of z is clear: h = max(z, 0) and
                // dz = dh·[z >= 0]. At z exactly +0 this takes the subgradient 1 where the
                // layer-by-layer path takes 0; h is 0 there either way.
                IntVector zb = z.reinterpretAsInts();
                IntVector keep = zb.lanewise(VectorOperators.ASHR, 31).not();
                FloatVector h = zb.and(keep).reinterpretAsFloats();
                FloatVector dz = dh.reinterpretAsInts().and(keep).reinterpretAsFloats();
                g0 = d0.fma(h, g0);
                g1 = d1.fma(h, g1);
                if (fourth) {
                    g2 = d2.fma(h, g2);
                }
                gx0 = x0.fma(dz, gx0);
                gx1 = x1.fma(dz, gx1);
                gb = gb.add(dz);
            }
            g0.intoArray(s, gw2p + jv);
            g1.intoArray(s, gw2p + hp + jv);
            g2.intoArray(s, gw2p + 2 * hp + jv);
            gx0.intoArray(s, gw1t + jv);
            gx1.intoArray(s, gw1t + hp + jv);
            gb.intoArray(s, gb1p + jv);
        }
    }

    /**
     * {@code s[acc..] += Σ_r s[coef + r] · s[rows + r·L ..]} over the L lane-rows, with four
     * partial sums (L is a multiple of 4) so the FMAs do not wait on each other.
     */
    private static void accumulate(float[] s, int acc, int coef, int rows) {
        FloatVector a0 = FloatVector.fromArray(S, s, acc);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        for (int r = 0; r < L; r += 4) {
            int row = rows + r * L;
            a0 = FloatVector.broadcast(S, s[coef + r]).fma(FloatVector.fromArray(S, s, row), a0);
            a1 = FloatVector.broadcast(S, s[coef + r + 1]).fma(FloatVector.fromArray(S, s, row + L), a1);
            a2 = FloatVector.broadcast(S, s[coef + r + 2]).fma(FloatVector.fromArray(S, s, row + 2 * L), a2);
            a3 = FloatVector.broadcast(S, s[coef + r + 3]).fma(FloatVector.fromArray(S, s, row + 3 * L), a3);
        }
        a0.add(a1).add(a2.add(a3)).intoArray(s, acc);
    }

    /** Copies the accumulators out in the engine's layout; b2's entries are the lane sums of its accumulators. */
    private static void writeGradient(int out, float[] g, int gOff, float[] s, SmallMlpLayout lay) {
        lay.writeWeightGradient(g, gOff, s);
        int b2 = lay.b2(gOff);
        for (int c = 0; c < out; c++) {
            g[b2 + c] = Lanes.sum(FloatVector.fromArray(S, s, lay.gb2 + c * L));
        }
    }

    /**
     * The scalar twin's maximum of the magnitudes' bit patterns, a vector of them at a time (the
     * maximum is exact in any order). On JDK 17 the twin's loop is not auto-vectorized (it reads
     * a float's bits) and took 2.8 µs of a 3000-row batch's 36 on an AVX-512 machine.
     */
    @Override
    public float largestMagnitude(float[] x, int off, int n) {
        IntVector largest = IntVector.zero(INTS);
        int i = off, end = off + n;
        for (int bound = off + S.loopBound(n); i < bound; i += L) {
            largest = largest.max(FloatVector.fromArray(S, x, i).reinterpretAsInts().and(0x7FFFFFFF));
        }
        int m = largest.reduceLanes(VectorOperators.MAX);
        for (; i < end; i++) {
            m = Math.max(m, Float.floatToRawIntBits(x[i]) & 0x7FFFFFFF);
        }
        return Float.intBitsToFloat(m);
    }

    @Override
    public void predict(int in, int hidden, int out, int activation, float[] p, int pOff,
                        float[] x, int xOff, int rows, float[] probabilities, int probOff,
                        int[] classes, int classOff, float[] s) {
        SmallMlpLayout lay = layout(in, hidden, out);
        lay.prepareWeights(p, pOff, s);
        int b = 0;
        if (in == 2 && hidden >= out && SmallMlpLayout.narrow(in, out, activation)) {
            // Two blocks at a time: twice the independent FMA chains, each weight broadcast once.
            // (The second block's logits borrow the hidden-activation area, hidden·L floats.)
            lay.prepareUnits(s);
            for (; b + 2 * L <= rows; b += 2 * L) {
                forwardTwoBlocksNarrow(hidden, out, p, pOff, x, xOff + b * 2, s, lay);
                softmaxBlock(out, L, s, lay.lt, lay, probabilities, probOff + b * out, classes, classOff + b);
                softmaxBlock(out, L, s, lay.ht, lay, probabilities, probOff + (b + L) * out, classes,
                        classOff + b + L);
            }
        }
        for (; b < rows; b += L) {
            int n = Math.min(L, rows - b);
            gather(in, out, x, xOff, null, b, n, null, s, lay);
            forwardBlock(in, hidden, out, activation, p, pOff, s, lay);
            softmaxBlock(out, n, s, lay.lt, lay, probabilities, probOff + b * out, classes, classOff + b);
        }
    }

    /**
     * The softmax of one block's logits at {@code s[logits..]} (class c's in lanes
     * {@code logits + c·L ..}), written out for its first {@code n} rows from
     * {@code probabilities[rowOff..]} and {@code classes[classOff..]}.
     */
    private static void softmaxBlock(int out, int n, float[] s, int logits, SmallMlpLayout lay, float[] probabilities,
                                     int rowOff, int[] classes, int classOff) {
        FloatVector max = FloatVector.fromArray(S, s, logits);
        FloatVector best = FloatVector.zero(S);
        for (int c = 1; c < out; c++) {
            FloatVector logit = FloatVector.fromArray(S, s, logits + c * L);
            // The larger by the compare already made, not max() (six instructions on x86 for
            // Java's NaN and −0 rules; a NaN logit still makes every probability NaN below, and
            // −0 against +0 gives the same e^0 = 1).
            VectorMask<Float> above = logit.compare(VectorOperators.GT, max);
            best = best.blend((float) c, above);
            max = max.blend(logit, above);
        }
        best.intoArray(s, lay.lab);
        FloatVector sum = FloatVector.zero(S);
        for (int c = 0; c < out; c++) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(S, s, logits + c * L).sub(max));
            e.intoArray(s, logits + c * L);
            sum = sum.add(e);
        }
        FloatVector inv = FloatVector.broadcast(S, 1f).div(sum);
        if (n == L && out >= 2 && out <= 4) {
            // A whole block: the rows interleaved in registers (one rearrange per class and
            // output vector), written as out vectors; the classes converted one by one.
            FloatVector q0 = FloatVector.fromArray(S, s, logits).mul(inv);
            FloatVector q1 = FloatVector.fromArray(S, s, logits + L).mul(inv);
            FloatVector q2 = out > 2 ? FloatVector.fromArray(S, s, logits + 2 * L).mul(inv) : q0;
            FloatVector q3 = out > 3 ? FloatVector.fromArray(S, s, logits + 3 * L).mul(inv) : q0;
            if (out == 3) {
                q0.rearrange(ROWS_3_0).blend(q1.rearrange(ROWS_3_0), CLASS_3_0_1)
                        .blend(q2.rearrange(ROWS_3_0), CLASS_3_0_2).intoArray(probabilities, rowOff);
                q0.rearrange(ROWS_3_1).blend(q1.rearrange(ROWS_3_1), CLASS_3_1_1)
                        .blend(q2.rearrange(ROWS_3_1), CLASS_3_1_2).intoArray(probabilities, rowOff + L);
                q0.rearrange(ROWS_3_2).blend(q1.rearrange(ROWS_3_2), CLASS_3_2_1)
                        .blend(q2.rearrange(ROWS_3_2), CLASS_3_2_2).intoArray(probabilities, rowOff + 2 * L);
            } else {
                VectorShuffle<Float>[] rowOfLane = ROW_OF_LANE[out];
                VectorMask<Float>[][] classOfLane = CLASS_OF_LANE[out];
                for (int k = 0; k < out; k++) {
                    VectorShuffle<Float> rowsOf = rowOfLane[k];
                    FloatVector v = q0.rearrange(rowsOf).blend(q1.rearrange(rowsOf), classOfLane[k][1]);
                    if (out > 2) {
                        v = v.blend(q2.rearrange(rowsOf), classOfLane[k][2]);
                    }
                    if (out > 3) {
                        v = v.blend(q3.rearrange(rowsOf), classOfLane[k][3]);
                    }
                    v.intoArray(probabilities, rowOff + k * L);
                }
            }
            // (A scalar loop: JDK 17 does not compile a float-to-int vector conversion on AVX2
            // and boxed it, 114 kB a call.)
            for (int r = 0; r < L; r++) {
                classes[classOff + r] = (int) s[lay.lab + r];
            }
            return;
        }
        for (int c = 0; c < out; c++) {
            FloatVector.fromArray(S, s, logits + c * L).mul(inv).intoArray(s, logits + c * L);
        }
        for (int r = 0; r < n; r++) {
            int row = rowOff + r * out;
            for (int c = 0; c < out; c++) {
                probabilities[row + c] = s[logits + c * L + r];
            }
            classes[classOff + r] = (int) s[lay.lab + r];
        }
    }

    /**
     * {@link #forwardBlockNarrow} for two blocks of two-input rows at once, read straight from
     * {@code x[xOff..]} (2·L rows): every weight is broadcast once for both, and the two blocks'
     * logit accumulators are independent FMA chains, so the loop waits less on FMA latency. Each
     * lane's operations are those of {@link #forwardBlockNarrow}, in the same order (the same
     * bits). The first block's logits go to {@code s[lt..]}, the second's to {@code s[ht..]}
     * (unused on the narrow path).
     */
    private static void forwardTwoBlocksNarrow(int hidden, int out, float[] p, int pOff, float[] x, int xOff,
                                               float[] s, SmallMlpLayout lay) {
        int units = lay.units;
        boolean fourth = out > 3;
        FloatVector zero = FloatVector.zero(S);
        FloatVector x0 = FloatVector.fromArray(S, x, xOff, EVEN_LANES, 0);
        FloatVector x1 = FloatVector.fromArray(S, x, xOff + 1, EVEN_LANES, 0);
        FloatVector y0 = FloatVector.fromArray(S, x, xOff + 2 * L, EVEN_LANES, 0);
        FloatVector y1 = FloatVector.fromArray(S, x, xOff + 2 * L + 1, EVEN_LANES, 0);
        FloatVector l0 = zero, l1 = zero, l2 = zero, l3 = zero;
        FloatVector m0 = zero, m1 = zero, m2 = zero, m3 = zero;
        int end = units + SmallMlpLayout.UNIT * hidden;
        for (int u = units; u < end; u += SmallMlpLayout.UNIT) {
            FloatVector w0 = FloatVector.broadcast(S, s[u]);
            FloatVector w1 = FloatVector.broadcast(S, s[u + 1]);
            FloatVector bj = FloatVector.broadcast(S, s[u + 2]);
            FloatVector z = x1.fma(w1, x0.fma(w0, bj));
            FloatVector t = y1.fma(w1, y0.fma(w0, bj));
            FloatVector h = z.reinterpretAsInts().max(0).reinterpretAsFloats();
            FloatVector g = t.reinterpretAsInts().max(0).reinterpretAsFloats();
            FloatVector c0 = FloatVector.broadcast(S, s[u + 3]);
            FloatVector c1 = FloatVector.broadcast(S, s[u + 4]);
            FloatVector c2 = FloatVector.broadcast(S, s[u + 5]);
            l0 = h.fma(c0, l0);
            m0 = g.fma(c0, m0);
            l1 = h.fma(c1, l1);
            m1 = g.fma(c1, m1);
            l2 = h.fma(c2, l2);
            m2 = g.fma(c2, m2);
            if (fourth) {
                FloatVector c3 = FloatVector.broadcast(S, s[u + 6]);
                l3 = h.fma(c3, l3);
                m3 = g.fma(c3, m3);
            }
        }
        int b2 = pOff + hidden * 2 + hidden + out * hidden;
        int lt = lay.lt, ht = lay.ht;
        FloatVector d0 = FloatVector.broadcast(S, p[b2]);
        l0.add(d0).intoArray(s, lt);
        m0.add(d0).intoArray(s, ht);
        if (out > 1) {
            FloatVector d1 = FloatVector.broadcast(S, p[b2 + 1]);
            l1.add(d1).intoArray(s, lt + L);
            m1.add(d1).intoArray(s, ht + L);
        }
        if (out > 2) {
            FloatVector d2 = FloatVector.broadcast(S, p[b2 + 2]);
            l2.add(d2).intoArray(s, lt + 2 * L);
            m2.add(d2).intoArray(s, ht + 2 * L);
        }
        if (out > 3) {
            FloatVector d3 = FloatVector.broadcast(S, p[b2 + 3]);
            l3.add(d3).intoArray(s, lt + 3 * L);
            m3.add(d3).intoArray(s, ht + 3 * L);
        }
    }

    /**
     * {@code s[to..] = log(s[from..])} for positive normal floats: {@code x = 2^e·m} with m in
     * [√½, √2), then {@code log m = 2·atanh((m−1)/(m+1))} by its odd series, truncation error
     * below 4e-8.
     */
    private static void logInto(float[] s, int from, int to) {
        FloatVector x = FloatVector.fromArray(S, s, from);
        IntVector bits = x.reinterpretAsInts();
        // The biased exponent as a float without an int-to-float conversion: placed in the
        // mantissa of 2^23 it reads as 2^23 + e + 127.
        FloatVector e = bits.lanewise(VectorOperators.LSHR, 23).or(0x4B000000).reinterpretAsFloats()
                .sub(8388608f + 127f);
        FloatVector m = bits.and(0x007FFFFF).or(0x3F800000).reinterpretAsFloats();
        // Fold m above √2 to m/2 (and e + 1) without a blend: halve where the compare says so.
        IntVector big = m.sub(1.41421356f).reinterpretAsInts().lanewise(VectorOperators.ASHR, 31).not();
        FloatVector bigOne = big.and(0x3F800000).reinterpretAsFloats();
        m = m.mul(FloatVector.broadcast(S, 1f).sub(bigOne.mul(0.5f)));
        e = e.add(bigOne);
        FloatVector t = m.sub(1f).div(m.add(1f));
        FloatVector t2 = t.mul(t);
        FloatVector series = FloatVector.broadcast(S, 1f / 9).fma(t2, FloatVector.broadcast(S, 1f / 7))
                .fma(t2, FloatVector.broadcast(S, 1f / 5)).fma(t2, FloatVector.broadcast(S, 1f / 3))
                .fma(t2, FloatVector.broadcast(S, 1f));
        t.mul(series).mul(2f).add(e.mul(0.6931471805599453f)).intoArray(s, to);
    }

    @Override
    public void prepare(int in, int hidden, int out, float[] p, int pOff, float[] prepared) {
        layout(in, hidden, out).prepare(p, pOff, prepared);
    }

    @Override
    public int sampleScratchSize(int hidden) {
        return (hidden + L - 1) / L * L;
    }

    @Override
    public boolean needsSampleScratch(int in, int out, int activation) {
        return SmallMlpLayout.needsSampleScratch(in, out, activation, L);
    }

    @Override
    public int predictOne(int in, int hidden, int out, int activation, float[] prepared, float[] p, int pOff,
                          float[] x, int xOff, float[] probabilities, int probOff, float[] h) {
        SmallMlpLayout lay = layout(in, hidden, out);
        if (!needsSampleScratch(in, out, activation)) {
            return predictOneNarrow(in, out, prepared, lay, x, xOff, probabilities, probOff);
        }
        int hp = lay.hp;
        hiddenOfOne(in, activation, prepared, lay, x, xOff, h);
        int b2 = pOff + hidden * in + hidden + out * hidden;
        float max = Float.NEGATIVE_INFINITY;
        int best = 0;
        for (int c = 0; c < out; c++) {
            float logit = dot(hp, h, prepared, lay.w2p + c * hp) + p[b2 + c];
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

    @Override
    public int predictOneNarrow(SmallMlpLayout lay, float[] prepared, float[] x, int xOff, float[] probabilities,
                                int probOff) {
        return predictOneNarrow(lay.in, lay.out, prepared, lay, x, xOff, probabilities, probOff);
    }

    /** Lanes per group when a vector is cut in four groups, one per class. */
    private static final int Q = Math.max(1, L / 4);
    private static final VectorShuffle<Float> SWAP_HALVES = VectorShuffle.fromOp(S, i -> i ^ (L / 2));
    private static final VectorShuffle<Float> SWAP_QUARTERS = VectorShuffle.fromOp(S, i -> i ^ Q);
    private static final VectorShuffle<Float> SWAP_EIGHTHS = VectorShuffle.fromOp(S, i -> i ^ Math.max(1, L / 8));
    private static final VectorMask<Float> UPPER_HALF = VectorMask.fromLong(S, upperHalfBits());
    private static final VectorMask<Float> ODD_QUARTERS = VectorMask.fromLong(S, oddQuarterBits());

    /** e^−80 by {@link #predictOneNarrow}'s exponential (VectorMath.expInRange's bits). */
    private static final float EXP_FLOOR = VectorMath.expInRange(FloatVector.broadcast(S, -80f)).lane(0);

    private static long upperHalfBits() {
        long bits = 0;
        for (int i = L / 2; i < L; i++) {
            bits |= 1L << i;
        }
        return bits;
    }

    private static long oddQuarterBits() {
        long bits = 0;
        for (int i = 0; i < L; i++) {
            if ((i & Q) != 0) {
                bits |= 1L << i;
            }
        }
        return bits;
    }

    /**
     * One sample through a ReLU net of at most two inputs and four classes, everything in registers: each slice of
     * hidden units is computed and at once multiplied into four logit accumulators (zero rows of
     * W2 stand in for absent classes), so no hidden vector is stored and no scratch is needed.
     * The four accumulators are then folded into one vector (halves, then quarters, then within
     * each quarter), which leaves class c's logit in every lane of one group of L/4 lanes; the
     * softmax runs on that one vector. Three lane extractions at the end instead of four
     * sequential lane reductions. Needs L >= 4.
     */
    private static int predictOneNarrow(int in, int out, float[] w, SmallMlpLayout lay,
                                        float[] x, int xOff, float[] probabilities, int probOff) {
        int hp = lay.hp;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        // At most two inputs (2-D points): both broadcasts hoisted, no inner loop.
        FloatVector x0 = FloatVector.broadcast(S, x[xOff]);
        FloatVector x1 = FloatVector.broadcast(S, in > 1 ? x[xOff + 1] : 0f);
        // Without a fourth class its row of W2 is zero and the hidden units are finite and >= 0,
        // so its accumulator would stay +0: the same bits without its loads and FMAs.
        boolean fourth = out > 3;
        // Each slice's seven rows side by side (SmallMlpLayout.prepareSlices): W1ᵀ[0], W1ᵀ[1]
        // (zero for a 1-input net), b1, W2[0..3].
        for (int o = lay.slices, end = o + SmallMlpLayout.SLICE_ROWS * hp; o < end; o += SmallMlpLayout.SLICE_ROWS * L) {
            FloatVector z = x1.fma(FloatVector.fromArray(S, w, o + L), x0.fma(FloatVector.fromArray(S, w, o),
                    FloatVector.fromArray(S, w, o + 2 * L)));
            z = z.reinterpretAsInts().max(0).reinterpretAsFloats();
            a0 = z.fma(FloatVector.fromArray(S, w, o + 3 * L), a0);
            a1 = z.fma(FloatVector.fromArray(S, w, o + 4 * L), a1);
            a2 = z.fma(FloatVector.fromArray(S, w, o + 5 * L), a2);
            if (fourth) {
                a3 = z.fma(FloatVector.fromArray(S, w, o + 6 * L), a3);
            }
        }
        // halves: lanes [0, L/2) sum a0's two halves, lanes [L/2, L) a1's; likewise a2, a3
        FloatVector s01 = a0.blend(a1, UPPER_HALF).add(a1.blend(a0, UPPER_HALF).rearrange(SWAP_HALVES));
        // Without a fourth class, class 2's sum in both halves: the fourth group's logit is −∞ either way.
        FloatVector s23 = fourth ? a2.blend(a3, UPPER_HALF).add(a3.blend(a2, UPPER_HALF).rearrange(SWAP_HALVES))
                : a2.add(a2.rearrange(SWAP_HALVES));
        // quarters: groups of L/4 lanes now hold a0, a2, a1, a3
        FloatVector t = s01.blend(s23, ODD_QUARTERS).add(s23.blend(s01, ODD_QUARTERS).rearrange(SWAP_QUARTERS));
        if (L >= 16) {
            t = t.add(t.rearrange(SWAP_EIGHTHS));
            // Neighbouring lanes swapped by rotating each 64-bit pair by 32 bits: the same as
            // rearrange(i ^ 1) without the shuffle's index check, which JDK 17 emits on each call.
            t = t.add(t.reinterpretAsLongs().lanewise(VectorOperators.ROL, 32).reinterpretAsFloats());
        } else if (L == 8) {
            t = t.add(t.rearrange(SWAP_EIGHTHS));
        }
        FloatVector logits = t.add(FloatVector.fromArray(S, w, lay.bcast));
        // The largest logit as the largest of integer keys that order like the floats (a negative
        // float's magnitude bits flipped; the flip undoes itself): integer max and shifts, one
        // cycle each, where a compare and blend cost JDK 17 a round trip of the mask through a
        // vector, and Java's max (NaN first, −0 below +0) six instructions. The logits are finite
        // or −∞ here.
        IntVector key = logits.reinterpretAsInts();
        key = key.lanewise(VectorOperators.XOR, key.lanewise(VectorOperators.ASHR, 31).lanewise(VectorOperators.LSHR, 1));
        key = key.max(key.reinterpretAsFloats().rearrange(SWAP_HALVES).reinterpretAsInts());
        key = key.max(key.reinterpretAsFloats().rearrange(SWAP_QUARTERS).reinterpretAsInts());
        key = key.lanewise(VectorOperators.XOR, key.lanewise(VectorOperators.ASHR, 31).lanewise(VectorOperators.LSHR, 1));
        FloatVector max = key.reinterpretAsFloats();
        // logit − max <= 0; clamped at −80 (e^−80 ≈ 2e−35, nothing next to the max's 1) it is in
        // the domain of VectorMath.expInRange, whose operations follow, written out (C2 on JDK 17
        // does not inline the call into this method and then boxes the vectors that cross it),
        // but for its last two, (1 + t)·2ⁿ, done as one FMA, t·2ⁿ + 2ⁿ: the same bits, since 2ⁿ
        // is a power of two and the result normal, one rounding less latency on the chain that
        // one sample is. (Compare + blend for the clamp: NaN compares false and stays NaN.)
        FloatVector d = logits.sub(max);
        VectorMask<Float> belowFloor = d.compare(VectorOperators.LT, -80f);
        FloatVector tr = d.lanewise(VectorOperators.FMA, VectorMath.LOG2E, VectorMath.ROUND_MAGIC);
        FloatVector n = tr.sub(VectorMath.ROUND_MAGIC);
        FloatVector r = n.lanewise(VectorOperators.FMA, -VectorMath.LN2_HI, d);
        r = n.lanewise(VectorOperators.FMA, -VectorMath.LN2_LO, r);
        FloatVector poly = r.lanewise(VectorOperators.FMA, VectorMath.C7, VectorMath.C6);
        poly = poly.lanewise(VectorOperators.FMA, r, VectorMath.C5);
        poly = poly.lanewise(VectorOperators.FMA, r, VectorMath.C4);
        poly = poly.lanewise(VectorOperators.FMA, r, VectorMath.C3);
        poly = poly.lanewise(VectorOperators.FMA, r, VectorMath.C2);
        FloatVector scale = tr.reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector e = poly.mul(r).fma(r, r).fma(scale, scale);
        // The clamp at −80 applied after the exponential, off the critical path: a lane below it
        // takes e^−80 as these very operations give it for −80 (one constant).
        e = e.blend(EXP_FLOOR, belowFloor);
        FloatVector sum = e.add(e.rearrange(SWAP_HALVES));
        sum = sum.add(sum.rearrange(SWAP_QUARTERS));
        FloatVector prob = e.div(sum);
        float p0 = prob.lane(0);
        probabilities[probOff] = p0;
        int best = 0;
        float bestP = p0;
        if (out > 1) {
            float p1 = prob.lane(2 * Q);
            probabilities[probOff + 1] = p1;
            if (p1 > bestP) {
                best = 1;
                bestP = p1;
            }
        }
        if (out > 2) {
            float p2 = prob.lane(Q);
            probabilities[probOff + 2] = p2;
            if (p2 > bestP) {
                best = 2;
                bestP = p2;
            }
        }
        if (out > 3) {
            float p3 = prob.lane(3 * Q);
            probabilities[probOff + 3] = p3;
            if (p3 > bestP) {
                best = 3;
            }
        }
        return best;
    }

    /** {@code h = f(b1 + Σ_i x_i · W1ᵀ[i])} over the padded hidden width, hidden units in lanes. */
    private static void hiddenOfOne(int in, int activation, float[] w, SmallMlpLayout lay, float[] x, int xOff, float[] h) {
        int hp = lay.hp;
        for (int v = 0; v < hp; v += L) {
            FloatVector z = FloatVector.fromArray(S, w, lay.b1p + v);
            for (int i = 0; i < in; i++) {
                z = FloatVector.broadcast(S, x[xOff + i]).fma(FloatVector.fromArray(S, w, lay.w1t + i * hp + v), z);
            }
            if (activation == TANH) {
                z = VectorMath.tanh(z);
            } else if (activation == RELU) {
                IntVector zb = z.reinterpretAsInts();
                z = zb.and(zb.lanewise(VectorOperators.ASHR, 31).not()).reinterpretAsFloats();
            }
            z.intoArray(h, v);
        }
    }

    /**
     * Σ a[i]·b[bOff + i] over n (a multiple of L) elements, two partial sums, then the lanes in
     * {@link Lanes}' halving-tree order (written out: a call here would box when not inlined).
     * Not {@code reduceLanes(ADD)}: its order is the implementation's, and the interpreter and C2
     * were seen to differ in the last bit, so a prediction changed after warm-up.
     */
    private static float dot(int n, float[] a, float[] b, int bOff) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        int i = 0;
        for (; i + L < n; i += 2 * L) {
            s0 = FloatVector.fromArray(S, a, i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
            s1 = FloatVector.fromArray(S, a, i + L).fma(FloatVector.fromArray(S, b, bOff + i + L), s1);
        }
        if (i < n) {
            s0 = FloatVector.fromArray(S, a, i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
        }
        FloatVector t = s0.add(s1);
        t = t.add(t.rearrange(Lanes.HALF));
        if (L >= 4) {
            t = t.add(t.rearrange(Lanes.QUARTER));
        }
        if (L >= 8) {
            t = t.add(t.rearrange(Lanes.EIGHTH));
        }
        if (L >= 16) {
            t = t.add(t.rearrange(Lanes.SIXTEENTH));
        }
        return t.lane(0);
    }
}
