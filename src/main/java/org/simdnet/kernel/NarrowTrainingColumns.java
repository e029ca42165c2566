package org.simdnet.kernel;

/**
 * The scalar twin's training pass for the narrow nets (at most two inputs and four classes,
 * ReLU: the spiral classifier), written so that C2's auto-vectorizer (SuperWord) turns it into
 * SIMD code: the same bits as {@link VectorSmallMlpKernel}, about three times faster than the
 * lane-by-lane twin once C2 has compiled it, and without the Vector API, so usable as soon as C2
 * compiles plain loops (the default 1000-epoch spiral run ends before C2 has compiled the
 * vector kernel on two cores).
 *
 * <p>SuperWord vectorizes a loop whose iterations are independent, whose loads and stores use
 * the loop index itself in arrays of their own (it does not vectorize two rows of one scratch
 * array at unknown offsets), and whose operations it has vector forms for: FMA, add, multiply,
 * divide, min and max, but not the int view of a float that the vector kernel's ReLU mask uses.
 * So samples (forward) and hidden units (backward) sit in per-thread column arrays, and the mask
 * is written with float operations that give the same bits under the bounds that
 * {@link #applies} checks:
 * <ul>
 *   <li>{@code h = max(z, 0)} is the vector kernel's "clear z when its sign bit is set" for every
 *       z but a NaN; with finite inputs and first-layer weights z is never NaN.
 *   <li>The mask {@code z >= +0} (sign bit clear, so +0 passes and −0 does not) is
 *       {@code k = min(max(z + 1/z, 0), 1)}: {@code z + 1/z} has the sign of z's sign bit, ±∞
 *       at ±0, and magnitude at least 2 elsewhere, so k is exactly 1 or +0. Then
 *       {@code dz = dh·k} is dh where the vector kernel keeps it, and ±0 where it writes +0;
 *       the sign of that zero never shows, since dz only enters sums that start at +0 (a float
 *       sum that starts at +0 is never −0) and products with finite factors.
 *   <li>dh must be finite for {@code dh·0} to be 0: the bounds keep the logits finite, so the
 *       softmax gradients lie in [−1, 1], and the output weights' differences finite.
 * </ul>
 * Each sample still runs the vector kernel's operations in its order: the forward sums over
 * hidden units in order, the backward over samples in order, blocks of L samples through the
 * same softmax and loss code as the lane-by-lane twin.
 */
final class NarrowTrainingColumns {

    /** Samples per forward sweep: a multiple of every lane count, large enough to fill SuperWord's unrolled loop. */
    static final int SAMPLES = 256;
    /** Largest weight or bias magnitude for which the float mask is exact (see the class comment). */
    static final float MAX_WEIGHT = 0x1p20f;
    /** Largest feature magnitude for which it is exact. */
    static final float MAX_FEATURE = 0x1p40f;

    private static final ThreadLocal<NarrowTrainingColumns> PER_THREAD =
            ThreadLocal.withInitial(NarrowTrainingColumns::new);

    // Samples in columns (forward): inputs, labels, logit sums, the logits' gradients.
    private final float[] x0 = new float[SAMPLES];
    private final float[] x1 = new float[SAMPLES];
    private final float[] labels = new float[SAMPLES];
    private final float[] l0 = new float[SAMPLES];
    private final float[] l1 = new float[SAMPLES];
    private final float[] l2 = new float[SAMPLES];
    private final float[] l3 = new float[SAMPLES];
    private final float[] d0 = new float[SAMPLES];
    private final float[] d1 = new float[SAMPLES];
    private final float[] d2 = new float[SAMPLES];
    // Hidden units in columns (backward): weights, output-weight differences, gradient sums.
    private float[] u0 = new float[0];
    private float[] u1 = u0;
    private float[] bias = u0;
    private float[] w0 = u0;
    private float[] w1 = u0;
    private float[] w2 = u0;
    private float[] g0 = u0;
    private float[] g1 = u0;
    private float[] g2 = u0;
    private float[] gx0 = u0;
    private float[] gx1 = u0;
    private float[] gb = u0;
    /** One sample's h and dz of every unit, between the backward's loops. */
    private float[] h = u0;
    private float[] dz = u0;

    private NarrowTrainingColumns() {
    }

    /** This thread's columns, grown for {@code hp} hidden units (padded). */
    static NarrowTrainingColumns forThread(int hp) {
        NarrowTrainingColumns c = PER_THREAD.get();
        if (c.u0.length < hp) {
            c.grow(hp);
        }
        return c;
    }

    private void grow(int hp) {
        u0 = new float[hp];
        u1 = new float[hp];
        bias = new float[hp];
        w0 = new float[hp];
        w1 = new float[hp];
        w2 = new float[hp];
        g0 = new float[hp];
        g1 = new float[hp];
        g2 = new float[hp];
        gx0 = new float[hp];
        gx1 = new float[hp];
        gb = new float[hp];
        h = new float[hp];
        dz = new float[hp];
    }

    /**
     * Whether this pass gives the vector kernel's bits for a narrow net: its prepared weights
     * (after {@link SmallMlpLayout#prepareWeights}) and b2 within ±{@link #MAX_WEIGHT}, and the
     * samples' features within ±{@link #MAX_FEATURE} (NaN fails both).
     */
    static boolean applies(SmallMlpLayout lay, float[] s, float[] p, int b2, float[] x, int[] order, int from,
                           int rows) {
        int in = lay.in;
        boolean ok = true;
        for (int i = lay.w1t; i < lay.b1p + lay.hp; i++) {     // W1ᵀ, W2 and b1, padded, side by side
            ok &= Math.abs(s[i]) <= MAX_WEIGHT;
        }
        for (int c = 0; c < lay.out; c++) {
            ok &= Math.abs(p[b2 + c]) <= MAX_WEIGHT;
        }
        for (int r = 0; r < rows; r++) {
            int row = order == null ? from + r : order[from + r];
            for (int i = 0; i < in; i++) {
                ok &= Math.abs(x[row * in + i]) <= MAX_FEATURE;
            }
        }
        return ok;
    }

    /**
     * The narrow training pass over samples {@code order[from .. from+rows)} (or
     * {@code from ..}) after {@link SmallMlpLayout#prepareWeights} and the zeroed accumulators:
     * leaves the weight and b1 sums in {@code s} where the lane-by-lane twin leaves them, and b2's
     * in its lane sums; puts the count of samples classified right in {@code correctOut[0]} and
     * returns the summed loss. Only when {@link #applies}.
     */
    double run(SmallMlpLayout lay, float[] p, int b2, float[] x, int[] order, int from, int rows, int[] labelsIn,
               float invBatch, float[] s, int[] correctOut) {
        int L = lay.lanes;
        loadUnits(lay, s);
        double loss = 0;
        int correct = 0;
        for (int sb = 0; sb < rows; sb += SAMPLES) {
            int n = Math.min(SAMPLES, rows - sb);
            int padded = (n + L - 1) / L * L;
            gather(lay, x, order, from + sb, n, labelsIn, s);
            forward(lay, s, padded);
            for (int b = 0; b < padded; b += L) {
                toBlock(lay, p, b2, b, s);
                loss += ScalarSmallMlpKernel.softmaxBlock(invBatch, s, lay);
                correct += (int) s[lay.correct];
                fromBlock(lay, b, s);
            }
            for (int r = 0; r < padded; r++) {
                if (lay.out > 3) {
                    backwardFourClasses(lay.hp, x0[r], x1[r], d0[r], d1[r], d2[r]);
                } else {
                    backward(lay.hp, x0[r], x1[r], d0[r], d1[r]);
                }
            }
        }
        storeUnits(lay, s);
        correctOut[0] = correct;
        return loss;
    }

    /**
     * Units' weights into columns, the output weights as differences from the last class's (as
     * the narrow backward takes them), and the gradient sums so far.
     */
    private void loadUnits(SmallMlpLayout lay, float[] s) {
        int hp = lay.hp;
        int last = lay.w2p + (lay.out - 1) * hp;
        System.arraycopy(s, lay.w1t, u0, 0, hp);
        System.arraycopy(s, lay.w1t + hp, u1, 0, hp);
        System.arraycopy(s, lay.b1p, bias, 0, hp);
        differences(s, lay.w2p, last, w0, hp);
        differences(s, lay.w2p + hp, last, w1, hp);
        differences(s, lay.w2p + 2 * hp, last, w2, hp);
        System.arraycopy(s, lay.gw2p, g0, 0, hp);
        System.arraycopy(s, lay.gw2p + hp, g1, 0, hp);
        System.arraycopy(s, lay.gw2p + 2 * hp, g2, 0, hp);
        System.arraycopy(s, lay.gw1t, gx0, 0, hp);
        System.arraycopy(s, lay.gw1t + hp, gx1, 0, hp);
        System.arraycopy(s, lay.gb1p, gb, 0, hp);
    }

    private static void differences(float[] s, int row, int last, float[] dst, int hp) {
        for (int j = 0; j < hp; j++) {
            dst[j] = s[row + j] - s[last + j];
        }
    }

    /** The sums back where the lane-by-lane twin keeps them. */
    private void storeUnits(SmallMlpLayout lay, float[] s) {
        int hp = lay.hp;
        System.arraycopy(g0, 0, s, lay.gw2p, hp);
        System.arraycopy(g1, 0, s, lay.gw2p + hp, hp);
        System.arraycopy(g2, 0, s, lay.gw2p + 2 * hp, hp);
        System.arraycopy(gx0, 0, s, lay.gw1t, hp);
        System.arraycopy(gx1, 0, s, lay.gw1t + hp, hp);
        System.arraycopy(gb, 0, s, lay.gb1p, hp);
    }

    /**
     * n samples' features and labels into columns, a block at a time through the layout's own
     * gather (its label checks, its padding of a last partial block). A net with one input gets
     * a second input of zeros, as the vector kernel's backward takes it.
     */
    private void gather(SmallMlpLayout lay, float[] x, int[] order, int from, int n, int[] labelsIn, float[] s) {
        int L = lay.lanes;
        boolean second = lay.in > 1;
        for (int b = 0; b < n; b += L) {
            lay.gather(x, 0, order, from + b, Math.min(L, n - b), labelsIn, s);
            System.arraycopy(s, lay.xt, x0, b, L);
            if (second) {
                System.arraycopy(s, lay.xt + L, x1, b, L);
            } else {
                java.util.Arrays.fill(x1, b, b + L, 0f);
            }
            System.arraycopy(s, lay.lab, labels, b, L);
        }
    }

    /**
     * The logit sums of n samples, one hidden unit after the other (each sample's sums in the
     * vector kernel's order). With one input the vector kernel adds a ±0 product to z that this
     * pass does not; ReLU maps z = ±0 to +0 either way.
     */
    private void forward(SmallMlpLayout lay, float[] s, int n) {
        int hp = lay.hp;
        java.util.Arrays.fill(l0, 0, n, 0f);
        java.util.Arrays.fill(l1, 0, n, 0f);
        java.util.Arrays.fill(l2, 0, n, 0f);
        java.util.Arrays.fill(l3, 0, n, 0f);
        boolean fourth = lay.out > 3;
        for (int j = 0; j < lay.hidden; j++) {
            float a = s[lay.w1t + j], c = s[lay.w1t + hp + j], b = s[lay.b1p + j];
            int v = lay.w2p + j;
            if (fourth) {
                forwardUnitFourClasses(n, a, c, b, s[v], s[v + hp], s[v + 2 * hp], s[v + 3 * hp]);
            } else {
                forwardUnit(n, a, c, b, s[v], s[v + hp], s[v + 2 * hp]);
            }
        }
    }

    /** One hidden unit's share of the logits of n samples (three classes; a third of zeros for two). */
    private void forwardUnit(int n, float a, float c, float b, float v0, float v1, float v2) {
        for (int r = 0; r < n; r++) {
            float h = Math.max(Math.fma(x1[r], c, Math.fma(x0[r], a, b)), 0f);
            l0[r] = Math.fma(h, v0, l0[r]);
            l1[r] = Math.fma(h, v1, l1[r]);
            l2[r] = Math.fma(h, v2, l2[r]);
        }
    }

    /** {@link #forwardUnit} with a fourth class. */
    private void forwardUnitFourClasses(int n, float a, float c, float b, float v0, float v1, float v2, float v3) {
        for (int r = 0; r < n; r++) {
            float h = Math.max(Math.fma(x1[r], c, Math.fma(x0[r], a, b)), 0f);
            l0[r] = Math.fma(h, v0, l0[r]);
            l1[r] = Math.fma(h, v1, l1[r]);
            l2[r] = Math.fma(h, v2, l2[r]);
            l3[r] = Math.fma(h, v3, l3[r]);
        }
    }

    /** Block {@code b}'s logits (sums plus b2, as the vector kernel adds them) and labels into the layout's block rows. */
    private void toBlock(SmallMlpLayout lay, float[] p, int b2, int b, float[] s) {
        int L = lay.lanes;
        System.arraycopy(labels, b, s, lay.lab, L);
        for (int c = 0; c < lay.out; c++) {
            float[] l = c == 0 ? l0 : c == 1 ? l1 : c == 2 ? l2 : l3;
            float bias2 = p[b2 + c];
            for (int r = 0; r < L; r++) {
                s[lay.lt + c * L + r] = l[b + r] + bias2;
            }
        }
    }

    /** Block {@code b}'s logit gradients back into columns: the classes before the last, zeros for absent ones. */
    private void fromBlock(SmallMlpLayout lay, int b, float[] s) {
        int L = lay.lanes, out = lay.out;
        for (int r = 0; r < L; r++) {
            d0[b + r] = out > 1 ? s[lay.lt + r] : 0f;
            d1[b + r] = out > 2 ? s[lay.lt + L + r] : 0f;
            d2[b + r] = out > 3 ? s[lay.lt + 2 * L + r] : 0f;
        }
    }

    /**
     * One sample's share of the gradient sums of every hidden unit (up to three classes): the
     * vector kernel's narrow backward with the mask written in floats (see the class comment).
     * Three short loops rather than one: JDK 17's C2 unrolls a loop with a long body too little
     * to vectorize it (one loop: 2.9 ns a unit and sample here, three: 1.3 ns).
     */
    private void backward(int hp, float x0s, float x1s, float d0s, float d1s) {
        for (int j = 0; j < hp; j++) {
            float z = Math.fma(x1s, u1[j], Math.fma(x0s, u0[j], bias[j]));
            float dh = Math.fma(d1s, w1[j], d0s * w0[j]);
            h[j] = Math.max(z, 0f);
            dz[j] = dh * Math.min(Math.max(z + 1f / z, 0f), 1f);
        }
        for (int j = 0; j < hp; j++) {
            g0[j] = Math.fma(d0s, h[j], g0[j]);
            g1[j] = Math.fma(d1s, h[j], g1[j]);
        }
        inputSums(hp, x0s, x1s);
    }

    /** {@link #backward} with a fourth class. */
    private void backwardFourClasses(int hp, float x0s, float x1s, float d0s, float d1s, float d2s) {
        for (int j = 0; j < hp; j++) {
            float z = Math.fma(x1s, u1[j], Math.fma(x0s, u0[j], bias[j]));
            float dh = Math.fma(d2s, w2[j], Math.fma(d1s, w1[j], d0s * w0[j]));
            h[j] = Math.max(z, 0f);
            dz[j] = dh * Math.min(Math.max(z + 1f / z, 0f), 1f);
        }
        for (int j = 0; j < hp; j++) {
            g0[j] = Math.fma(d0s, h[j], g0[j]);
            g1[j] = Math.fma(d1s, h[j], g1[j]);
            g2[j] = Math.fma(d2s, h[j], g2[j]);
        }
        inputSums(hp, x0s, x1s);
    }

    /** The first layer's and b1's sums of one sample: {@code gx_i += x_i·dz}, {@code gb += dz}. */
    private void inputSums(int hp, float x0s, float x1s) {
        for (int j = 0; j < hp; j++) {
            gx0[j] = Math.fma(x0s, dz[j], gx0[j]);
            gx1[j] = Math.fma(x1s, dz[j], gx1[j]);
            gb[j] = gb[j] + dz[j];
        }
    }
}
