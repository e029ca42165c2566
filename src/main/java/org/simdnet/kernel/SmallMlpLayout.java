package org.simdnet.kernel;

/**
 * Where everything of the fused {@link SmallMlpKernel} lives in its scratch array for one
 * (in, hidden, out) and lane count L, and the plain-Java steps both twins share (weight copies,
 * the sample gather, the gradient write-back). The vector kernel and its scalar twin use the
 * very same layout, so a {@link SmallMlpKernel#prepare prepared} array made by one serves the
 * other: the engine can switch between them mid-run.
 */
public final class SmallMlpLayout {

    /** Floats per hidden unit in {@link #prepareUnits}' copy. */
    static final int UNIT = 8;

    /** Rows of L floats per slice of L hidden units in {@link #prepareSlices}' copy. */
    static final int SLICE_ROWS = 7;

    /** Lane groups of the single-sample fold: which class each quarter of the lanes holds. */
    static final int[] FOLD_CLASS_OF_GROUP = {0, 2, 1, 3};

    final int lanes;
    final int hp;
    /** Rows of W1ᵀ and W2 in scratch, zero-padded to at least 2 and 4 for the narrow paths. */
    final int w1tRows;
    final int w2pRows;
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
    final int valid;
    final int labelLogit;
    final int maxv;
    final int sumv;
    final int logv;
    final int correct;
    /** {@link #prepareUnits}' copy: {@link #UNIT} floats per hidden unit. */
    final int units;
    /** {@link #prepareSlices}' copy: {@link #SLICE_ROWS} rows of L floats per L hidden units. */
    final int slices;
    final int size;
    final int in;
    final int hidden;
    final int out;

    SmallMlpLayout(int in, int hidden, int out, int lanes) {
        int L = lanes;
        this.lanes = lanes;
        this.in = in;
        this.hidden = hidden;
        this.out = out;
        hp = (hidden + L - 1) / L * L;
        xt = 0;
        lab = xt + in * L;
        ht = lab + L;
        lt = ht + hidden * L;
        w1t = lt + out * L;
        w1tRows = Math.max(in, 2);
        w2pRows = Math.max(out, 4);
        w2p = w1t + w1tRows * hp;
        b1p = w2p + w2pRows * hp;
        hRow = b1p + hp;
        dzRow = hRow + L * L;
        gw1t = dzRow + L * L;
        gw2p = gw1t + w1tRows * hp;
        gb1p = gw2p + w2pRows * hp;
        gb2 = gb1p + hp;
        bcast = gb2 + out * L;
        valid = bcast + 6 * L * L;
        labelLogit = valid + L;
        maxv = labelLogit + L;
        sumv = maxv + L;
        logv = sumv + L;
        correct = logv + L;
        units = correct + 1;
        slices = units + UNIT * hp;
        size = slices + SLICE_ROWS * hp;
    }

    boolean sameShape(int in, int hidden, int out) {
        return this.in == in && this.hidden == hidden && this.out == out;
    }

    /**
     * Whether the register-blocked variants apply: at most two inputs and four classes, ReLU.
     * They are written for ReLU alone, so that its mask is a constant pattern of bit operations
     * (branch-free code with a runtime activation cost two more operations per element, and a
     * vector merged from two branches is boxed by some C2 versions); identity and tanh nets take
     * the general block path.
     */
    static boolean narrow(int in, int out, int activation) {
        return in <= 2 && out <= 4 && activation == SmallMlpKernel.RELU;
    }

    /** Whether the single-sample path of a net needs per-caller scratch (all but the narrow ReLU nets). */
    static boolean needsSampleScratch(int in, int out, int activation, int lanes) {
        return !(narrow(in, out, activation) && lanes >= 4);
    }

    /**
     * Weights below 1e-15 in magnitude count as zero here: multiplied by small gradients they
     * land in the subnormal range, where x86 FMAs take microcode assists (a trained net's
     * step was seen to slow down 10x); next to weights of order 0.1 they change nothing.
     */
    static float flush(float w) {
        return Flush.below(w, ScalarOptimizerKernels.FLUSH_PARAMETER);
    }

    /** Zero-padded copies: W1ᵀ [in × hp], W2 [out × hp], b1 [hp]. */
    void prepareWeights(float[] p, int pOff, float[] s) {
        int w1 = pOff, b1 = w1 + hidden * in, w2 = b1 + hidden;
        for (int i = 0; i < w1tRows; i++) {
            for (int j = 0; j < hp; j++) {
                s[w1t + i * hp + j] = i < in && j < hidden ? flush(p[w1 + j * in + i]) : 0f;
            }
        }
        for (int c = 0; c < w2pRows; c++) {
            for (int j = 0; j < hp; j++) {
                s[w2p + c * hp + j] = c < out && j < hidden ? flush(p[w2 + c * hidden + j]) : 0f;
            }
        }
        for (int j = 0; j < hp; j++) {
            s[b1p + j] = j < hidden ? flush(p[b1 + j]) : 0f;
        }
    }

    /**
     * After {@link #prepareWeights}, for the narrow nets (at most two inputs and four classes):
     * each hidden unit j's weights side by side, {@code W1ᵀ[0][j], W1ᵀ[1][j], b1[j], W2[0][j] ..
     * W2[3][j], 0}, copied from the prepared rows (the same values). A loop over the hidden
     * units then reads all of a unit's weights from one index, where reading the rows took an
     * address register or an add per row and left the loop short of registers.
     */
    void prepareUnits(float[] s) {
        for (int j = 0; j < hp; j++) {
            int u = units + UNIT * j;
            s[u] = s[w1t + j];
            s[u + 1] = s[w1t + hp + j];
            s[u + 2] = s[b1p + j];
            for (int c = 0; c < 4; c++) {
                s[u + 3 + c] = s[w2p + c * hp + j];
            }
            s[u + 7] = 0f;
        }
    }

    /**
     * After {@link #prepareWeights}, for the narrow single-sample path: each slice of L hidden
     * units' weights side by side, {@code W1ᵀ[0], W1ᵀ[1], b1, W2[0] .. W2[3]} (L floats each,
     * copied from the prepared rows: the same values). Its loop then reads all seven vectors at
     * constant offsets from one index, where reading the seven rows cost JDK 17's C2 an address
     * add per row and iteration.
     */
    void prepareSlices(float[] s) {
        int L = lanes;
        for (int v = 0; v < hp; v += L) {
            int slice = slices + SLICE_ROWS * v;
            for (int k = 0; k < L; k++) {
                s[slice + k] = s[w1t + v + k];
                s[slice + L + k] = s[w1t + hp + v + k];
                s[slice + 2 * L + k] = s[b1p + v + k];
                for (int c = 0; c < 4; c++) {
                    s[slice + (3 + c) * L + k] = s[w2p + c * hp + v + k];
                }
            }
        }
    }

    /**
     * {@link #prepareWeights} and {@link #prepareSlices}, plus b2 in the (otherwise unused)
     * broadcast area for the single-sample path: one class per group of lanes in the order the
     * logit fold leaves them; absent classes get −∞ so that their probability is exactly 0.
     */
    void prepare(float[] p, int pOff, float[] prepared) {
        prepareWeights(p, pOff, prepared);
        prepareSlices(prepared);
        int b2 = pOff + hidden * in + hidden + out * hidden;
        int q = Math.max(1, lanes / 4);
        for (int lane = 0; lane < lanes; lane++) {
            int c = FOLD_CLASS_OF_GROUP[lane / q];
            prepared[bcast + lane] = c < out ? p[b2 + c] : Float.NEGATIVE_INFINITY;
        }
    }

    /**
     * Transposes n samples into XT [in × L] and their labels (as floats, −1 for empty lanes), one
     * element at a time. A label outside [0, out) would be read as an empty lane (−1) or as no
     * class at all, so it is an IllegalArgumentException here, where each label is read anyway.
     */
    void gather(float[] x, int xOff, int[] order, int from, int n, int[] labels, float[] s) {
        int L = lanes;
        for (int r = 0; r < L; r++) {
            if (r < n) {
                int row = order == null ? from + r : order[from + r];
                for (int i = 0; i < in; i++) {
                    s[xt + i * L + r] = x[xOff + row * in + i];
                }
                s[lab + r] = labels == null ? 0f : label(labels, row, out);
            } else {
                for (int i = 0; i < in; i++) {
                    s[xt + i * L + r] = 0f;
                }
                s[lab + r] = -1f;
            }
        }
    }

    /** {@code labels[row]}, checked to lie in {@code [0, classes)}. */
    static int label(int[] labels, int row, int classes) {
        int label = labels[row];
        if ((label | (classes - 1 - label)) < 0) {
            throw badLabel(label, row, classes);
        }
        return label;
    }

    /** Built out of line, so that the label check stays small enough to inline. */
    private static IllegalArgumentException badLabel(int label, int row, int classes) {
        return new IllegalArgumentException("labels[" + row + "] is " + label + " but the model has " + classes
                + " classes (labels must lie in [0, " + classes + "))");
    }

    /** After the narrow backward: {@code gW2[last] = −Σ_{c<last} gW2[c]}, summed in class order. */
    void completeLastClass(float[] s) {
        int last = gw2p + (out - 1) * hp;
        for (int j = 0; j < hp; j++) {
            float sum = 0f;
            for (int c = 0; c < out - 1; c++) {
                sum += s[gw2p + c * hp + j];
            }
            s[last + j] = 0f - sum;
        }
    }

    /**
     * Copies the weight and b1 accumulators out in the engine's layout (W1 back from W1ᵀ); the
     * b2 entries, lane sums, are the caller's.
     */
    void writeWeightGradient(float[] g, int gOff, float[] s) {
        int w1 = gOff, b1 = w1 + hidden * in, w2 = b1 + hidden;
        for (int j = 0; j < hidden; j++) {
            for (int i = 0; i < in; i++) {
                g[w1 + j * in + i] = s[gw1t + i * hp + j];
            }
            g[b1 + j] = s[gb1p + j];
        }
        for (int c = 0; c < out; c++) {
            System.arraycopy(s, gw2p + c * hp, g, w2 + c * hidden, hidden);
        }
    }

    /** Index of b2's first entry in the parameters at {@code pOff}. */
    int b2(int pOff) {
        return pOff + hidden * in + hidden + out * hidden;
    }
}
