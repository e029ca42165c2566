package org.simdnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
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

    /** Offsets into the scratch array for one (in, hidden, out). */
    private static final class Layout {
        final int hp;
        final int xt;
        final int lab;
        final int ht;
        final int lt;
        final int w1t;
        final int w2p;
        final int b1p;
        final int hRow;
        final int dzRow;
        final int gw1t;
        final int gw2p;
        final int gb1p;
        final int gb2;
        final int bcast;
        final int correct;
        final int size;
        final int in;
        final int hidden;
        final int out;

        Layout(int in, int hidden, int out) {
            this.in = in;
            this.hidden = hidden;
            this.out = out;
            hp = (hidden + L - 1) / L * L;
            xt = 0;
            lab = xt + in * L;
            ht = lab + L;
            lt = ht + hidden * L;
            w1t = lt + out * L;
            w2p = w1t + in * hp;
            b1p = w2p + out * hp;
            hRow = b1p + hp;
            dzRow = hRow + L * L;
            gw1t = dzRow + L * L;
            gw2p = gw1t + in * hp;
            gb1p = gw2p + out * hp;
            gb2 = gb1p + hp;
            bcast = gb2 + out * L;
            correct = bcast + 6 * L * L;
            size = correct + 1;
        }
    }

    /** The last layout used: nets keep their shape, so steady state allocates none. */
    private volatile Layout lastLayout = new Layout(1, 1, 1);

    private Layout layout(int in, int hidden, int out) {
        Layout lay = lastLayout;
        if (lay.in != in || lay.hidden != hidden || lay.out != out) {
            lay = new Layout(in, hidden, out);
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
        Layout lay = layout(in, hidden, out);
        prepareWeights(in, hidden, out, p, pOff, s, lay);
        java.util.Arrays.fill(s, lay.gw1t, lay.correct, 0f);
        float invBatch = 1f / batchSize;
        double loss = 0;
        int correct = 0;
        for (int b = 0; b < rows; b += L) {
            int n = Math.min(L, rows - b);
            gather(in, x, 0, order, from + b, n, labels, s, lay);
            forwardBlock(in, hidden, out, activation, p, pOff, s, lay);

            loss += softmaxBlock(out, invBatch, s, lay);
            correct += (int) s[lay.correct];
            if (in <= 2 && out <= 4) {
                backwardBlockNarrow(in, out, activation, s, lay);
            } else {
                backwardBlock(in, out, activation, s, lay);
            }
        }
        writeGradient(in, hidden, out, grad, gOff, s, lay);
        correctOut[0] = correct;
        return loss / batchSize;
    }

    /** Zero-padded copies: W1ᵀ [in × hp], W2 [out × hp], b1 [hp]. */
    private static void prepareWeights(int in, int hidden, int out, float[] p, int pOff, float[] s, Layout lay) {
        int w1 = pOff, b1 = w1 + hidden * in, w2 = b1 + hidden;
        int hp = lay.hp;
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < hp; j++) {
                s[lay.w1t + i * hp + j] = j < hidden ? p[w1 + j * in + i] : 0f;
            }
        }
        for (int c = 0; c < out; c++) {
            for (int j = 0; j < hp; j++) {
                s[lay.w2p + c * hp + j] = j < hidden ? p[w2 + c * hidden + j] : 0f;
            }
        }
        for (int j = 0; j < hp; j++) {
            s[lay.b1p + j] = j < hidden ? p[b1 + j] : 0f;
        }
    }

    /** Transposes n samples into XT [in × L] and their labels (as floats, −1 for empty lanes). */
    private static void gather(int in, float[] x, int xOff, int[] order, int from, int n, int[] labels,
                               float[] s, Layout lay) {
        for (int r = 0; r < L; r++) {
            if (r < n) {
                int row = order == null ? from + r : order[from + r];
                for (int i = 0; i < in; i++) {
                    s[lay.xt + i * L + r] = x[xOff + row * in + i];
                }
                s[lay.lab + r] = labels == null ? 0f : labels[row];
            } else {
                for (int i = 0; i < in; i++) {
                    s[lay.xt + i * L + r] = 0f;
                }
                s[lay.lab + r] = -1f;
            }
        }
    }

    /** HT and the logits LT of one block, samples in lanes. */
    private static void forwardBlock(int in, int hidden, int out, int activation, float[] p, int pOff,
                                     float[] s, Layout lay) {
        if (in <= 2 && out <= 4) {
            forwardBlockNarrow(in, hidden, out, activation, p, pOff, s, lay);
            return;
        }
        int w1 = pOff, b1 = w1 + hidden * in, w2 = b1 + hidden, b2 = w2 + out * hidden;
        FloatVector zero = FloatVector.zero(S);
        for (int j = 0; j < hidden; j++) {
            FloatVector z = FloatVector.broadcast(S, p[b1 + j]);
            int row = w1 + j * in;
            for (int i = 0; i < in; i++) {
                z = FloatVector.fromArray(S, s, lay.xt + i * L).fma(FloatVector.broadcast(S, p[row + i]), z);
            }
            // ReLU as compare + blend: a float vector max carries NaN/−0 fix-ups we do not need here.
            FloatVector h = activation == RELU ? z.blend(zero, z.compare(VectorOperators.LT, 0f))
                    : activation == TANH ? VectorMath.tanh(z) : z;
            h.intoArray(s, lay.ht + j * L);
        }
        // Four accumulators per class break the FMA latency chain along the hidden units.
        int unrolled = hidden & ~3;
        for (int c = 0; c < out; c++) {
            int row = w2 + c * hidden;
            FloatVector a0 = FloatVector.broadcast(S, p[b2 + c]);
            FloatVector a1 = zero;
            FloatVector a2 = zero;
            FloatVector a3 = zero;
            int j = 0;
            for (; j < unrolled; j += 4) {
                int h = lay.ht + j * L;
                a0 = FloatVector.fromArray(S, s, h).fma(FloatVector.broadcast(S, p[row + j]), a0);
                a1 = FloatVector.fromArray(S, s, h + L).fma(FloatVector.broadcast(S, p[row + j + 1]), a1);
                a2 = FloatVector.fromArray(S, s, h + 2 * L).fma(FloatVector.broadcast(S, p[row + j + 2]), a2);
                a3 = FloatVector.fromArray(S, s, h + 3 * L).fma(FloatVector.broadcast(S, p[row + j + 3]), a3);
            }
            for (; j < hidden; j++) {
                a0 = FloatVector.fromArray(S, s, lay.ht + j * L).fma(FloatVector.broadcast(S, p[row + j]), a0);
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
    private static void forwardBlockNarrow(int in, int hidden, int out, int activation, float[] p, int pOff,
                                           float[] s, Layout lay) {
        int w1 = pOff, b1 = w1 + hidden * in, w2 = b1 + hidden, b2 = w2 + out * hidden;
        FloatVector zero = FloatVector.zero(S);
        FloatVector x0 = FloatVector.fromArray(S, s, lay.xt);
        FloatVector x1 = in > 1 ? FloatVector.fromArray(S, s, lay.xt + L) : zero;
        // Two partial sums per class (even and odd hidden units) halve the FMA latency chain.
        FloatVector l0 = zero;
        FloatVector l1 = zero;
        FloatVector l2 = zero;
        FloatVector l3 = zero;
        FloatVector m0 = zero;
        FloatVector m1 = zero;
        FloatVector m2 = zero;
        FloatVector m3 = zero;
        int j = 0;
        for (; j + 1 < hidden; j += 2) {
            FloatVector z = x0.fma(FloatVector.broadcast(S, p[w1 + j * in]), FloatVector.broadcast(S, p[b1 + j]));
            FloatVector y = x0.fma(FloatVector.broadcast(S, p[w1 + (j + 1) * in]), FloatVector.broadcast(S, p[b1 + j + 1]));
            if (in > 1) {
                z = x1.fma(FloatVector.broadcast(S, p[w1 + j * in + 1]), z);
                y = x1.fma(FloatVector.broadcast(S, p[w1 + (j + 1) * in + 1]), y);
            }
            FloatVector h = activation == RELU ? z.blend(zero, z.compare(VectorOperators.LT, 0f))
                    : activation == TANH ? VectorMath.tanh(z) : z;
            FloatVector g = activation == RELU ? y.blend(zero, y.compare(VectorOperators.LT, 0f))
                    : activation == TANH ? VectorMath.tanh(y) : y;
            l0 = h.fma(FloatVector.broadcast(S, p[w2 + j]), l0);
            m0 = g.fma(FloatVector.broadcast(S, p[w2 + j + 1]), m0);
            if (out > 1) {
                l1 = h.fma(FloatVector.broadcast(S, p[w2 + hidden + j]), l1);
                m1 = g.fma(FloatVector.broadcast(S, p[w2 + hidden + j + 1]), m1);
            }
            if (out > 2) {
                l2 = h.fma(FloatVector.broadcast(S, p[w2 + 2 * hidden + j]), l2);
                m2 = g.fma(FloatVector.broadcast(S, p[w2 + 2 * hidden + j + 1]), m2);
            }
            if (out > 3) {
                l3 = h.fma(FloatVector.broadcast(S, p[w2 + 3 * hidden + j]), l3);
                m3 = g.fma(FloatVector.broadcast(S, p[w2 + 3 * hidden + j + 1]), m3);
            }
        }
        if (j < hidden) {
            FloatVector z = x0.fma(FloatVector.broadcast(S, p[w1 + j * in]), FloatVector.broadcast(S, p[b1 + j]));
            if (in > 1) {
                z = x1.fma(FloatVector.broadcast(S, p[w1 + j * in + 1]), z);
            }
            FloatVector h = activation == RELU ? z.blend(zero, z.compare(VectorOperators.LT, 0f))
                    : activation == TANH ? VectorMath.tanh(z) : z;
            l0 = h.fma(FloatVector.broadcast(S, p[w2 + j]), l0);
            if (out > 1) {
                l1 = h.fma(FloatVector.broadcast(S, p[w2 + hidden + j]), l1);
            }
            if (out > 2) {
                l2 = h.fma(FloatVector.broadcast(S, p[w2 + 2 * hidden + j]), l2);
            }
            if (out > 3) {
                l3 = h.fma(FloatVector.broadcast(S, p[w2 + 3 * hidden + j]), l3);
            }
        }
        l0 = l0.add(m0);
        l1 = l1.add(m1);
        l2 = l2.add(m2);
        l3 = l3.add(m3);
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
     * carry label −1 and get zero loss and gradient. Kept apart from the block loop so that the
     * exp and log it calls are inlined (a vector crossing a call that is not inlined is boxed).
     * Leaves how many samples were classified right in {@code s[lay.correct]}.
     */
    private static double softmaxBlock(int out, float invBatch, float[] s, Layout lay) {
        FloatVector label = FloatVector.fromArray(S, s, lay.lab);
        VectorMask<Float> valid = label.compare(VectorOperators.GE, 0f);
        FloatVector max = FloatVector.fromArray(S, s, lay.lt);
        for (int c = 1; c < out; c++) {
            max = max.max(FloatVector.fromArray(S, s, lay.lt + c * L));
        }
        FloatVector sum = FloatVector.zero(S);
        FloatVector labelLogit = FloatVector.zero(S);
        VectorMask<Float> tieBefore = S.maskAll(false);
        for (int c = 0; c < out; c++) {
            FloatVector logit = FloatVector.fromArray(S, s, lay.lt + c * L);
            FloatVector e = VectorMath.exp(logit.sub(max));
            e.intoArray(s, lay.lt + c * L);
            sum = sum.add(e);
            labelLogit = labelLogit.blend(logit, label.compare(VectorOperators.EQ, (float) c));
            // argmax takes the first maximum: a class before the label holding the max wins.
            tieBefore = tieBefore.or(label.compare(VectorOperators.GT, (float) c)
                    .and(logit.compare(VectorOperators.EQ, max)));
        }
        float loss = Lanes.sum(log(sum).add(max).sub(labelLogit).blend(0f, valid.not()));
        s[lay.correct] = labelLogit.compare(VectorOperators.EQ, max).and(tieBefore.not()).and(valid).trueCount();
        FloatVector scale = FloatVector.broadcast(S, invBatch).div(sum);
        FloatVector zero = FloatVector.zero(S);
        for (int c = 0; c < out; c++) {
            FloatVector onehot = zero.blend(invBatch, label.compare(VectorOperators.EQ, (float) c));
            FloatVector dl = FloatVector.fromArray(S, s, lay.lt + c * L).mul(scale).sub(onehot)
                    .blend(zero, valid.not());
            dl.intoArray(s, lay.lt + c * L);
            FloatVector.fromArray(S, s, lay.gb2 + c * L).add(dl).intoArray(s, lay.gb2 + c * L);
        }
        return loss;
    }

    /**
     * Weight gradients of one block, hidden units in lanes: for each slice of L hidden units,
     * first h and dz of every sample of the block, then the accumulations, one accumulator at a
     * time so that no vector outlives its loop.
     */
    private static void backwardBlock(int in, int out, int activation, float[] s, Layout lay) {
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
     * {@link #backwardBlock} for at most two inputs and four classes (the spiral's 2 and 3): the
     * per-sample scalars are broadcast once per block into {@code bcast}, and every slice of
     * hidden units keeps its weights and its six accumulators in registers across the samples,
     * so the inner loop is loads and FMAs only. Missing inputs or classes read zero weights and
     * zero broadcasts, so they add exact zeros.
     */
    private static void backwardBlockNarrow(int in, int out, int activation, float[] s, Layout lay) {
        int hp = lay.hp;
        int xt = lay.xt, lt = lay.lt, bc = lay.bcast;
        // bcast row r: x0, x1, d0, d1, d2, d3 — each a full vector of one sample's scalar.
        for (int r = 0; r < L; r++) {
            int row = bc + r * 6 * L;
            FloatVector.broadcast(S, s[xt + r]).intoArray(s, row);
            FloatVector.broadcast(S, in > 1 ? s[xt + L + r] : 0f).intoArray(s, row + L);
            for (int c = 0; c < 4; c++) {
                FloatVector.broadcast(S, c < out ? s[lt + c * L + r] : 0f).intoArray(s, row + (2 + c) * L);
            }
        }
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int w1t = lay.w1t, w2p = lay.w2p, b1p = lay.b1p;
        int gw1t = lay.gw1t, gw2p = lay.gw2p, gb1p = lay.gb1p;
        for (int jv = 0; jv < hp; jv += L) {
            FloatVector bias = FloatVector.fromArray(S, s, b1p + jv);
            FloatVector u0 = FloatVector.fromArray(S, s, w1t + jv);
            FloatVector u1 = in > 1 ? FloatVector.fromArray(S, s, w1t + hp + jv) : zero;
            FloatVector v0 = FloatVector.fromArray(S, s, w2p + jv);
            FloatVector v1 = out > 1 ? FloatVector.fromArray(S, s, w2p + hp + jv) : zero;
            FloatVector v2 = out > 2 ? FloatVector.fromArray(S, s, w2p + 2 * hp + jv) : zero;
            FloatVector v3 = out > 3 ? FloatVector.fromArray(S, s, w2p + 3 * hp + jv) : zero;
            FloatVector g0 = zero;
            FloatVector g1 = zero;
            FloatVector g2 = zero;
            FloatVector g3 = zero;
            FloatVector gx0 = zero;
            FloatVector gx1 = zero;
            FloatVector gb = zero;
            for (int r = 0; r < L; r++) {
                int row = bc + r * 6 * L;
                FloatVector x0 = FloatVector.fromArray(S, s, row);
                FloatVector x1 = FloatVector.fromArray(S, s, row + L);
                FloatVector d0 = FloatVector.fromArray(S, s, row + 2 * L);
                FloatVector d1 = FloatVector.fromArray(S, s, row + 3 * L);
                FloatVector d2 = FloatVector.fromArray(S, s, row + 4 * L);
                FloatVector d3 = FloatVector.fromArray(S, s, row + 5 * L);
                // Same operations, same order as the forward pass: the same bits of z.
                FloatVector z = x0.fma(u0, bias);
                if (in > 1) {
                    z = x1.fma(u1, z);
                }
                FloatVector dh = d0.fma(v0, zero);
                dh = d1.fma(v1, dh);
                dh = d2.fma(v2, dh);
                dh = d3.fma(v3, dh);
                FloatVector h;
                FloatVector dz;
                if (activation == RELU) {
                    VectorMask<Float> positive = z.compare(VectorOperators.GT, 0f);
                    h = zero.blend(z, positive);
                    dz = zero.blend(dh, positive);
                } else if (activation == TANH) {
                    h = VectorMath.tanh(z);
                    dz = dh.mul(one.sub(h.mul(h)));
                } else {
                    h = z;
                    dz = dh;
                }
                g0 = d0.fma(h, g0);
                g1 = d1.fma(h, g1);
                g2 = d2.fma(h, g2);
                g3 = d3.fma(h, g3);
                gx0 = x0.fma(dz, gx0);
                gx1 = x1.fma(dz, gx1);
                gb = gb.add(dz);
            }
            FloatVector.fromArray(S, s, gw2p + jv).add(g0).intoArray(s, gw2p + jv);
            if (out > 1) {
                FloatVector.fromArray(S, s, gw2p + hp + jv).add(g1).intoArray(s, gw2p + hp + jv);
            }
            if (out > 2) {
                FloatVector.fromArray(S, s, gw2p + 2 * hp + jv).add(g2).intoArray(s, gw2p + 2 * hp + jv);
            }
            if (out > 3) {
                FloatVector.fromArray(S, s, gw2p + 3 * hp + jv).add(g3).intoArray(s, gw2p + 3 * hp + jv);
            }
            FloatVector.fromArray(S, s, gw1t + jv).add(gx0).intoArray(s, gw1t + jv);
            if (in > 1) {
                FloatVector.fromArray(S, s, gw1t + hp + jv).add(gx1).intoArray(s, gw1t + hp + jv);
            }
            FloatVector.fromArray(S, s, gb1p + jv).add(gb).intoArray(s, gb1p + jv);
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

    /** Copies the accumulators out in the engine's layout (W1 back from W1ᵀ). */
    private static void writeGradient(int in, int hidden, int out, float[] g, int gOff, float[] s, Layout lay) {
        int w1 = gOff, b1 = w1 + hidden * in, w2 = b1 + hidden, b2 = w2 + out * hidden;
        int hp = lay.hp;
        for (int j = 0; j < hidden; j++) {
            for (int i = 0; i < in; i++) {
                g[w1 + j * in + i] = s[lay.gw1t + i * hp + j];
            }
            g[b1 + j] = s[lay.gb1p + j];
        }
        for (int c = 0; c < out; c++) {
            System.arraycopy(s, lay.gw2p + c * hp, g, w2 + c * hidden, hidden);
            g[b2 + c] = Lanes.sum(FloatVector.fromArray(S, s, lay.gb2 + c * L));
        }
    }

    @Override
    public void predict(int in, int hidden, int out, int activation, float[] p, int pOff,
                        float[] x, int xOff, int rows, float[] probabilities, int probOff,
                        int[] classes, int classOff, float[] s) {
        Layout lay = layout(in, hidden, out);
        for (int b = 0; b < rows; b += L) {
            int n = Math.min(L, rows - b);
            gather(in, x, xOff, null, b, n, null, s, lay);
            forwardBlock(in, hidden, out, activation, p, pOff, s, lay);
            FloatVector max = FloatVector.fromArray(S, s, lay.lt);
            FloatVector best = FloatVector.zero(S);
            for (int c = 1; c < out; c++) {
                FloatVector logit = FloatVector.fromArray(S, s, lay.lt + c * L);
                best = best.blend((float) c, logit.compare(VectorOperators.GT, max));
                max = max.max(logit);
            }
            best.intoArray(s, lay.lab);
            FloatVector sum = FloatVector.zero(S);
            for (int c = 0; c < out; c++) {
                FloatVector e = VectorMath.exp(FloatVector.fromArray(S, s, lay.lt + c * L).sub(max));
                e.intoArray(s, lay.lt + c * L);
                sum = sum.add(e);
            }
            FloatVector inv = FloatVector.broadcast(S, 1f).div(sum);
            for (int c = 0; c < out; c++) {
                FloatVector.fromArray(S, s, lay.lt + c * L).mul(inv).intoArray(s, lay.lt + c * L);
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

    /**
     * Natural log of positive normal floats: {@code x = 2^e·m} with m in [√½, √2), then
     * {@code log m = 2·atanh((m−1)/(m+1))} by its odd series, truncation error below 4e-8.
     */
    private static FloatVector log(FloatVector x) {
        IntVector bits = x.reinterpretAsInts();
        // The biased exponent as a float without an int-to-float conversion: placed in the
        // mantissa of 2^23 it reads as 2^23 + e + 127.
        FloatVector e = bits.lanewise(VectorOperators.LSHR, 23).or(0x4B000000).reinterpretAsFloats()
                .sub(8388608f + 127f);
        FloatVector m = bits.and(0x007FFFFF).or(0x3F800000).reinterpretAsFloats();
        VectorMask<Float> big = m.compare(VectorOperators.GT, 1.41421356f);
        m = m.blend(m.mul(0.5f), big);
        e = e.add(FloatVector.zero(S).blend(1f, big));
        FloatVector t = m.sub(1f).div(m.add(1f));
        FloatVector t2 = t.mul(t);
        FloatVector series = FloatVector.broadcast(S, 1f / 9).fma(t2, FloatVector.broadcast(S, 1f / 7)).fma(t2, FloatVector.broadcast(S, 1f / 5))
                .fma(t2, FloatVector.broadcast(S, 1f / 3)).fma(t2, FloatVector.broadcast(S, 1f));
        return t.mul(series).mul(2f).add(e.mul(0.6931471805599453f));
    }
}
