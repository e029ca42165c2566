package org.simdnet.kernel;

/**
 * The scalar twin's training pass for the narrow nets (at most two inputs and four classes,
 * ReLU: the spiral classifier), written so that C2's auto-vectorizer (SuperWord) turns it into
 * SIMD code: the same bits as {@link VectorSmallMlpKernel}, a step 2.2–2.6× faster than the
 * lane-by-lane twin's on one thread once C2 has compiled it (TrainStepBench -p kernels=twin),
 * and without the Vector API, so usable as soon as C2 compiles plain loops (the default
 * 1000-epoch spiral run ends before C2 has compiled the vector kernel on two cores).
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
 *       z but a NaN; with finite inputs and first-layer weights z is never NaN. On JDK 25 h is
 *       written {@code (z + |z|)·0.5}, the same bits here (see {@link #HALF_SUM_RELU}).
 *   <li>z is never −0. The first layer's weights and biases are flushed ({@link Flush}: a
 *       magnitude below 1e-15 > 2^−50 becomes +0, −0 included), and {@link #applies} wants every
 *       feature 0 or of magnitude at least {@link #MIN_FEATURE} = 2^−53. So a product of a feature
 *       and a weight is exactly ±0 or an exact multiple of ulp(x)·ulp(w) ≥ 2^−76·2^−73 = 2^−149,
 *       the bias is a multiple of 2^−73, and the exact sums {@code x0·u0 + b} and
 *       {@code x1·u1 + t} are multiples of 2^−149: when not exactly zero they are at least the
 *       smallest subnormal and do not round to ±0. An exact zero sum of terms not all zero is +0
 *       (round to nearest), and −0 needs every term −0, the bias included, which the flush
 *       rules out.
 *   <li>So the mask {@code z >= +0} (sign bit clear) is "z is not negative", which
 *       {@code m = max((z − h)·2^126·2^126, −1)} gives without a division: z − h is +0 for
 *       z ≥ 0, and z ≤ −2^−149 for z < 0, which the two scalings take to at most −2^103 (or −∞).
 *       So m is exactly +0 or −1, and {@code dz = fma(dh, m, dh)} is exactly dh where the vector
 *       kernel keeps it (dh·(+0) + dh is dh, a zero dh included: dh·(+0) has dh's sign) and
 *       exactly +0 where it clears it (−dh + dh). The earlier form,
 *       {@code dh·min(max(z + 1/z, 0), 1)}, needed no floor on the features but a division per
 *       unit and sample: the backward's loops were 15–25 % slower. (Other division-free forms
 *       with one operation more were not vectorized at all by JDK 17, whose C2 unrolls a loop
 *       body of this size too little for SuperWord.)
 *   <li>dh must be finite for −dh + dh to be 0: the bounds keep the logits finite, so the
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
    /** Smallest magnitude of a feature that is not 0 for which it is exact (see the class comment). */
    static final float MIN_FEATURE = 0x1p-53f;

    /**
     * Whether ReLU is taken as {@code (z + |z|)·0.5} rather than {@code max(z, 0)}: the same bits
     * for every z here (z + |z| is 2z, exact under the bounds, or +0; halving 2z is exact), and
     * fewer instructions in JDK 25's vector code, where {@code Math.max}'s NaN and −0 rules cost a
     * blend sequence per vector: the twin's step 740 → 620 µs on one thread (TrainStepBench
     * -p kernels=twin). JDK 17's SuperWord does not vectorize the backward's loops in that form
     * (its step doubled), so it keeps {@code max}. Fixed at class load; C1 and C2 fold it.
     */
    static final boolean HALF_SUM_RELU = Runtime.version().feature() >= 25;

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
    private float[] v0 = u0;
    private float[] v1 = u0;
    private float[] v2 = u0;
    private float[] v3 = u0;
    private float[] w0 = u0;
    private float[] w1 = u0;
    private float[] w2 = u0;
    private float[] g0 = u0;
    private float[] g1 = u0;
    private float[] g2 = u0;
    private float[] gx0 = u0;
    private float[] gx1 = u0;
    private float[] gb = u0;
    /** Two samples' h and dz of every unit, between the backward's loops. */
    private float[] ha = u0;
    private float[] hb = u0;
    private float[] dza = u0;
    private float[] dzb = u0;

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
        v0 = new float[hp];
        v1 = new float[hp];
        v2 = new float[hp];
        v3 = new float[hp];
        w0 = new float[hp];
        w1 = new float[hp];
        w2 = new float[hp];
        g0 = new float[hp];
        g1 = new float[hp];
        g2 = new float[hp];
        gx0 = new float[hp];
        gx1 = new float[hp];
        gb = new float[hp];
        ha = new float[hp];
        hb = new float[hp];
        dza = new float[hp];
        dzb = new float[hp];
    }

    /**
     * Whether this pass gives the vector kernel's bits for a narrow net: its parameters (from
     * {@code pOff}) within ±{@link #MAX_WEIGHT} and the samples' features within
     * ±{@link #MAX_FEATURE}, each 0 or at least {@link #MIN_FEATURE} in magnitude (NaN fails
     * both).
     */
    static boolean applies(SmallMlpLayout lay, float[] p, int pOff, float[] x, int[] order, int from, int rows) {
        int in = lay.in;
        int params = lay.hidden * in + lay.hidden + lay.out * lay.hidden + lay.out;
        boolean ok = true;
        for (int i = pOff; i < pOff + params; i++) {
            ok &= Math.abs(p[i]) <= MAX_WEIGHT;
        }
        for (int r = 0; r < rows; r++) {
            int row = order == null ? from + r : order[from + r];
            for (int i = 0; i < in; i++) {
                float a = Math.abs(x[row * in + i]);
                ok &= a <= MAX_FEATURE & (a == 0f | a >= MIN_FEATURE);
            }
        }
        return ok;
    }

    /**
     * The narrow training pass over samples {@code order[from .. from+rows)} (or
     * {@code from ..}) with the parameters at {@code pOff}, after the accumulators in {@code s}
     * were zeroed: leaves the weight and b1 sums in {@code s} where the lane-by-lane twin leaves
     * them, and b2's in its lane sums; puts the count of samples classified right in {@code correctOut[0]} and
     * returns the summed loss. Only when {@link #applies}.
     */
    double run(SmallMlpLayout lay, float[] p, int pOff, float[] x, int[] order, int from, int rows, int[] labelsIn,
               float invBatch, float[] s, int[] correctOut) {
        // Every loop over samples is in a method of its own: a loop here would make C2 compile
        // this method on stack replacement once per loop, each time with everything inlined.
        loadUnits(lay, p, pOff);
        int b2 = lay.b2(pOff);
        double loss = 0;
        correct = 0;
        for (int sb = 0; sb < rows; sb += SAMPLES) {
            int n = Math.min(SAMPLES, rows - sb);
            int padded = (n + lay.lanes - 1) / lay.lanes * lay.lanes;
            gather(lay, x, order, from + sb, n, padded, labelsIn);
            forward(lay, padded);
            loss += softmax(lay, p, b2, invBatch, padded, s);
            backward(lay, padded);
        }
        storeUnits(lay, s);
        correctOut[0] = correct;
        return loss;
    }

    /** Samples classified right so far in this call (counted by {@link #softmax}). */
    private int correct;

    /**
     * n samples' features and labels into columns, padded to whole blocks as the layout's gather
     * pads them (zero features, label −1), with its label check; one input gets a second input
     * of zeros, as the vector kernel's backward takes it.
     */
    private void gather(SmallMlpLayout lay, float[] x, int[] order, int from, int n, int padded, int[] labelsIn) {
        int in = lay.in;
        for (int r = 0; r < n; r++) {
            int row = order == null ? from + r : order[from + r];
            x0[r] = x[row * in];
            x1[r] = in > 1 ? x[row * in + 1] : 0f;
            labels[r] = labelsIn == null ? 0f : SmallMlpLayout.label(labelsIn, row, lay.out);
        }
        for (int r = n; r < padded; r++) {
            x0[r] = 0f;
            x1[r] = 0f;
            labels[r] = -1f;
        }
    }

    /**
     * Softmax, loss and logit gradients of n samples, a block at a time through the lane-by-lane
     * twin's own code (the same bits, the same per-lane b2 sums); returns their summed loss.
     */
    private double softmax(SmallMlpLayout lay, float[] p, int b2, float invBatch, int n, float[] s) {
        double loss = 0;
        for (int b = 0; b < n; b += lay.lanes) {
            toBlock(lay, p, b2, b, s);
            loss += ScalarSmallMlpKernel.softmaxBlock(invBatch, s, lay);
            correct += (int) s[lay.correct];
            fromBlock(lay, b, s);
        }
        return loss;
    }

    /** The gradient sums over n samples (an even count), in their order, two samples a pass. */
    private void backward(SmallMlpLayout lay, int n) {
        int hp = lay.hp;
        if (lay.out > 3) {
            for (int r = 0; r < n; r += 2) {
                backwardFourClasses(hp, r);
            }
        } else {
            for (int r = 0; r < n; r += 2) {
                backward(hp, r);
            }
        }
    }

    /**
     * Units' weights into columns as {@link SmallMlpLayout#prepareWeights} prepares them (flushed,
     * zero-padded to hp units, two inputs and four classes), the output weights also as
     * differences from the last class's (as the narrow backward takes them), and zero sums. Read
     * from the parameters directly: the vector kernel's row copies are not needed here.
     */
    private void loadUnits(SmallMlpLayout lay, float[] p, int pOff) {
        // A few short loops of one job each, shared by the columns, rather than one loop writing
        // all of them: C2 compiled that one loop (sixteen arrays, seven flushes, a branch per
        // absent input or class) in 20–30 ms of CPU, twice (on stack replacement, then
        // normally), while a cold run waited for its other compilations.
        int in = lay.in, hidden = lay.hidden, out = lay.out, hp = lay.hp;
        int first = pOff, b1 = first + hidden * in, second = b1 + hidden;
        flushedColumn(p, first, in, hidden, u0, hp);
        flushedColumn(p, first + 1, in, in > 1 ? hidden : 0, u1, hp);
        flushedColumn(p, b1, 1, hidden, bias, hp);
        flushedColumn(p, second, 1, hidden, v0, hp);
        flushedColumn(p, second + hidden, 1, out > 1 ? hidden : 0, v1, hp);
        flushedColumn(p, second + 2 * hidden, 1, out > 2 ? hidden : 0, v2, hp);
        flushedColumn(p, second + 3 * hidden, 1, out > 3 ? hidden : 0, v3, hp);
        float[] last = out == 1 ? v0 : out == 2 ? v1 : out == 3 ? v2 : v3;
        difference(v0, last, w0, hp);
        difference(v1, last, w1, hp);
        difference(v2, last, w2, hp);
        java.util.Arrays.fill(g0, 0, hp, 0f);
        java.util.Arrays.fill(g1, 0, hp, 0f);
        java.util.Arrays.fill(g2, 0, hp, 0f);
        java.util.Arrays.fill(gx0, 0, hp, 0f);
        java.util.Arrays.fill(gx1, 0, hp, 0f);
        java.util.Arrays.fill(gb, 0, hp, 0f);
    }

    /** {@code n} parameters {@code stride} apart from {@code from}, flushed, then zeros up to {@code hp}. */
    private static void flushedColumn(float[] p, int from, int stride, int n, float[] column, int hp) {
        for (int j = 0; j < n; j++) {
            column[j] = SmallMlpLayout.flush(p[from + j * stride]);
        }
        java.util.Arrays.fill(column, n, hp, 0f);
    }

    /** {@code d = a − b}, element by element, over {@code n}. */
    private static void difference(float[] a, float[] b, float[] d, int n) {
        for (int j = 0; j < n; j++) {
            d[j] = a[j] - b[j];
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
     * The logit sums of n samples, one hidden unit after the other (each sample's sums in the
     * vector kernel's order): {@code h = max(fma(x1, u1, fma(x0, u0, b)), 0)} and
     * {@code l_c = fma(h, v_c, l_c)}. With one input the vector kernel adds a ±0 product to z that
     * this pass does not; ReLU maps z = ±0 to +0 either way. The sample loops are written out
     * here (over C2's FreqInlineSize, so not inlined into {@link #run}: compiled once, here).
     */
    private void forward(SmallMlpLayout lay, int n) {
        java.util.Arrays.fill(l0, 0, n, 0f);
        java.util.Arrays.fill(l1, 0, n, 0f);
        java.util.Arrays.fill(l2, 0, n, 0f);
        java.util.Arrays.fill(l3, 0, n, 0f);
        if (lay.out > 3) {
            for (int j = 0; j < lay.hidden; j++) {
                float a = u0[j], c = u1[j], b = bias[j], p0 = v0[j], p1 = v1[j], p2 = v2[j], p3 = v3[j];
                for (int r = 0; r < n; r++) {
                    float z = Math.fma(x1[r], c, Math.fma(x0[r], a, b));
                    float h = HALF_SUM_RELU ? (z + Math.abs(z)) * 0.5f : Math.max(z, 0f);
                    l0[r] = Math.fma(h, p0, l0[r]);
                    l1[r] = Math.fma(h, p1, l1[r]);
                    l2[r] = Math.fma(h, p2, l2[r]);
                    l3[r] = Math.fma(h, p3, l3[r]);
                }
            }
        } else {
            for (int j = 0; j < lay.hidden; j++) {
                float a = u0[j], c = u1[j], b = bias[j], p0 = v0[j], p1 = v1[j], p2 = v2[j];
                for (int r = 0; r < n; r++) {
                    float z = Math.fma(x1[r], c, Math.fma(x0[r], a, b));
                    float h = HALF_SUM_RELU ? (z + Math.abs(z)) * 0.5f : Math.max(z, 0f);
                    l0[r] = Math.fma(h, p0, l0[r]);
                    l1[r] = Math.fma(h, p1, l1[r]);
                    l2[r] = Math.fma(h, p2, l2[r]);
                }
            }
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
     * Samples r and r + 1's share of the gradient sums of every hidden unit (up to three
     * classes): the vector kernel's narrow backward with the mask written in floats (see the
     * class comment), each sum taking sample r's term, then r + 1's. Short loops rather than one:
     * JDK 17's C2 unrolls a loop with a long body too little to vectorize it (a microbenchmark
     * of the one-sample backward on a Zen 3: one loop 5.6 ns a unit and sample, three 1.2 ns;
     * JDK 25 vectorizes either, 1.0 and 1.1 ns; two samples' activations in one loop: JDK 17 3.1
     * ns, one loop each 0.9 ns). Two samples a pass halve the loads and stores of the sums and
     * the loops' scalar tails per sample: over 3000 steps on one thread 0.78–0.84 → 0.70–0.76 ms
     * a step (JDK 17) and 0.80–0.88 → 0.73–0.74 ms (JDK 25); in JMH (TrainStepBench -p
     * kernels=twin) clear on JDK 25 only. Four samples a pass were slower on both JDKs (their
     * loops' bodies too long again).
     */
    private void backward(int hp, int r) {
        float d0a = d0[r], d1a = d1[r], d0b = d0[r + 1], d1b = d1[r + 1];
        activations(hp, x0[r], x1[r], d0a, d1a, ha, dza);
        activations(hp, x0[r + 1], x1[r + 1], d0b, d1b, hb, dzb);
        for (int j = 0; j < hp; j++) {
            g0[j] = Math.fma(d0b, hb[j], Math.fma(d0a, ha[j], g0[j]));
            g1[j] = Math.fma(d1b, hb[j], Math.fma(d1a, ha[j], g1[j]));
        }
        inputSums(hp, r);
    }

    /** {@link #backward(int, int)} with a fourth class. */
    private void backwardFourClasses(int hp, int r) {
        float d0a = d0[r], d1a = d1[r], d2a = d2[r], d0b = d0[r + 1], d1b = d1[r + 1], d2b = d2[r + 1];
        activationsFourClasses(hp, x0[r], x1[r], d0a, d1a, d2a, ha, dza);
        activationsFourClasses(hp, x0[r + 1], x1[r + 1], d0b, d1b, d2b, hb, dzb);
        for (int j = 0; j < hp; j++) {
            g0[j] = Math.fma(d0b, hb[j], Math.fma(d0a, ha[j], g0[j]));
            g1[j] = Math.fma(d1b, hb[j], Math.fma(d1a, ha[j], g1[j]));
            g2[j] = Math.fma(d2b, hb[j], Math.fma(d2a, ha[j], g2[j]));
        }
        inputSums(hp, r);
    }

    /**
     * One sample's h and dz of every unit: {@code z = fma(x1, u1, fma(x0, u0, b))},
     * {@code dh = fma(d1, w1, d0·w0)}, h and the masked dh as the class comment explains.
     */
    private void activations(int hp, float x0s, float x1s, float d0s, float d1s, float[] h, float[] dz) {
        for (int j = 0; j < hp; j++) {
            float z = Math.fma(x1s, u1[j], Math.fma(x0s, u0[j], bias[j]));
            float dh = Math.fma(d1s, w1[j], d0s * w0[j]);
            float hj = HALF_SUM_RELU ? (z + Math.abs(z)) * 0.5f : Math.max(z, 0f);
            h[j] = hj;
            dz[j] = Math.fma(dh, Math.max((z - hj) * 0x1p126f * 0x1p126f, -1f), dh);
        }
    }

    /** {@link #activations} with a fourth class: {@code dh = fma(d2, w2, fma(d1, w1, d0·w0))}. */
    private void activationsFourClasses(int hp, float x0s, float x1s, float d0s, float d1s, float d2s,
                                        float[] h, float[] dz) {
        for (int j = 0; j < hp; j++) {
            float z = Math.fma(x1s, u1[j], Math.fma(x0s, u0[j], bias[j]));
            float dh = Math.fma(d2s, w2[j], Math.fma(d1s, w1[j], d0s * w0[j]));
            float hj = HALF_SUM_RELU ? (z + Math.abs(z)) * 0.5f : Math.max(z, 0f);
            h[j] = hj;
            dz[j] = Math.fma(dh, Math.max((z - hj) * 0x1p126f * 0x1p126f, -1f), dh);
        }
    }

    /** The first layer's and b1's sums of samples r and r + 1: {@code gx_i += x_i·dz}, {@code gb += dz}. */
    private void inputSums(int hp, int r) {
        float x0a = x0[r], x1a = x1[r], x0b = x0[r + 1], x1b = x1[r + 1];
        for (int j = 0; j < hp; j++) {
            gx0[j] = Math.fma(x0b, dzb[j], Math.fma(x0a, dza[j], gx0[j]));
            gx1[j] = Math.fma(x1b, dzb[j], Math.fma(x1a, dza[j], gx1[j]));
            gb[j] = (gb[j] + dza[j]) + dzb[j];
        }
    }
}
