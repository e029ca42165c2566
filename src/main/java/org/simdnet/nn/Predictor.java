package org.simdnet.nn;

import org.simdnet.kernel.KernelWarmUp;
import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.MatVecKernels;
import org.simdnet.kernel.SmallMlpLayout;
import org.simdnet.layer.Activation;
import org.simdnet.layer.Dense;
import org.simdnet.layer.Head;
import org.simdnet.layer.Layer;

/**
 * Inference for a service: class probabilities for one sample or a batch, safe to call from many
 * threads at once, and allocation-free per call in steady state. Scratch buffers come from a
 * {@link ScratchPool} of twice the processors' count: memory stays bounded however many threads
 * call (virtual threads included), and a call allocates only when more threads call at once than
 * the pool keeps buffers for.
 *
 * <p>Features must be finite: a NaN or infinite feature is an {@link IllegalArgumentException}
 * naming the sample and the feature. Finite features always give valid outputs (probabilities
 * that sum to 1 for a softmax model), even features so large (say 1e38) that the float forward
 * would overflow: a hidden unit would become ±∞, and ∞ − ∞ a NaN logit, or a saturating
 * activation would turn the overflow into a finite but wrong value. The constructor bounds, from
 * the weights, how large a feature can be without any value of the float forward (partial sums
 * and rounding included) leaving the float range; a sample with a larger feature is computed in
 * double precision layer by layer instead ({@link org.simdnet.layer.Layer#forwardExact}). That
 * path is slow and allocates, and only such samples take it (the bound lies far beyond
 * features of ordinary magnitude: about 10^35 for the lecture's net); should a value overflow
 * even the double range, the call fails with a {@link NonFiniteOutputException}.
 *
 * <p>The predictor takes a snapshot of the model's parameters, so training the model further does
 * not change it. Each layer is laid out for the product that suits its shape: layers with few
 * inputs and many outputs (2 → 100) keep {@code Wᵀ} and broadcast the inputs across a vector of
 * outputs; the others keep {@code W} and take one dot product per output.
 */
public final class Predictor {

    private static final MatVecKernels MATVEC = Kernels.MATVEC;
    /** Rows per chunk of a batch on the layer path (fewer for very wide models: {@link Workspace#chunkRows}). */
    private static final int BATCH_CHUNK_ROWS = 256;

    private final Mlp model;
    private final float[] params;
    private final int inputs;
    private final int classes;
    /** The hidden width when the fused kernel serves the model. */
    private final int hidden;
    private final int activationCode;
    /** Per layer: Wᵀ ({@code [in × out]}) of a Dense layer that takes the broadcast form, else null. */
    private final float[][] transposed;
    private final ScratchPool<float[][]> vectors;
    private final ScratchPool<Workspace> workspaces;
    private final int chunkRows;
    /** Per-thread scratch of the fused kernel, when the model takes it. */
    private final ScratchPool<float[]> fusedScratch;
    /** The weights laid out for the fused kernel's single-sample path (read-only), or null. */
    private final float[] prepared;
    /** The fused kernel's layout when its single-sample path needs no scratch (narrow ReLU nets), else null. */
    private final SmallMlpLayout narrowLayout;
    /** Per-thread hidden-layer buffer of the single-sample path, when the kernel needs one. */
    private final ScratchPool<float[]> sampleScratch;
    /**
     * The largest feature magnitude the float forward takes without overflow (see the class
     * comment); samples beyond it take {@link #predictExact}. Negative when no sample can.
     */
    private final float safeFeature;

    /**
     * A predictor over a snapshot of {@code model}'s current parameters; it asks for the
     * background warm-up of the vector kernels it uses ({@link KernelWarmUp}).
     */
    public Predictor(Mlp model) {
        this(model, true);
    }

    /**
     * A predictor over a snapshot of {@code model}'s current parameters.
     *
     * @param warmUp whether to ask for the background warm-up: false for one-off use (a plot's
     *               single batch, say), where the warm-up would only compete for the processors
     */
    public Predictor(Mlp model, boolean warmUp) {
        this.model = model.copy();
        this.params = this.model.params();
        this.inputs = this.model.inputs();
        this.classes = this.model.outputs();
        int layers = this.model.layerCount();
        this.transposed = new float[layers][];
        for (int l = 0; l < layers; l++) {
            if (!(this.model.layer(l) instanceof Dense)) {
                continue;
            }
            Dense dense = (Dense) this.model.layer(l);
            int in = dense.in(), out = dense.out();
            if (in < out) {
                float[] t = new float[in * out];
                int w = this.model.parameterOffset(l);
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < in; i++) {
                        t[i * out + o] = params[w + o * in + i];
                    }
                }
                transposed[l] = t;
            }
        }
        this.safeFeature = safeFeature(this.model);
        int width = this.model.maxWidth();
        int slots = ScratchPool.defaultSlots();
        this.vectors = new ScratchPool<>(slots, () -> new float[][] {new float[width], new float[width]});
        this.chunkRows = Workspace.chunkRows(this.model, BATCH_CHUNK_ROWS);
        this.workspaces = new ScratchPool<>(slots, () -> Workspace.forInference(this.model, chunkRows));
        if (FusedPath.applies(this.model)) {
            hidden = FusedPath.hidden(this.model);
            activationCode = FusedPath.activationCode(this.model);
            fusedScratch = new ScratchPool<>(slots, () -> FusedPath.scratchFor(this.model));
            prepared = FusedPath.scratchFor(this.model);
            if (warmUp) {
                FusedPath.expectInference(this.model);
            }
            FusedPath.KERNEL.prepare(inputs, hidden, classes, params, 0, prepared);
            int scratchSize = FusedPath.KERNEL.sampleScratchSize(hidden);
            boolean needsScratch = FusedPath.KERNEL.needsSampleScratch(inputs, classes, activationCode);
            sampleScratch = needsScratch ? new ScratchPool<>(slots, () -> new float[scratchSize]) : null;
            narrowLayout = needsScratch ? null : FusedPath.KERNEL.layout(inputs, hidden, classes);
        } else {
            hidden = 0;
            activationCode = -1;
            fusedScratch = null;
            prepared = null;
            sampleScratch = null;
            narrowLayout = null;
        }
    }

    /** The model this predictor serves (a snapshot: do not change its parameters). */
    public Mlp model() {
        return model;
    }

    /** Inputs one sample has. */
    public int inputs() {
        return model.inputs();
    }

    /** Outputs per sample: classes of a classifier, values of a regression model. */
    public int classes() {
        return model.outputs();
    }

    /** Same as {@link #classes()}. */
    public int outputs() {
        return model.outputs();
    }

    /**
     * Predicts one sample.
     *
     * @param x                {@link #inputs()} features (extra elements are ignored)
     * @param probabilitiesOut receives the {@link #outputs()} outputs: class probabilities, or the
     *                         regression values
     * @return the predicted class (the lowest index on ties; see {@link Head#predictedClass}), or −1
     *         for a regression model
     */
    public int predict(float[] x, float[] probabilitiesOut) {
        // Kept small so that callers can inline it; the messages are built out of line.
        if (x == null || x.length < inputs || probabilitiesOut == null || probabilitiesOut.length < classes) {
            throw badSample(x, probabilitiesOut);
        }
        // One compare per feature (NaN fails it too), without branches for 2-D points; what fails
        // goes out of line to be named or computed in double precision.
        float limit = safeFeature;
        if (!(inputs == 2 ? Math.abs(x[0]) <= limit & Math.abs(x[1]) <= limit : allWithin(x, inputs, limit))) {
            return predictUnusual(x, probabilitiesOut);
        }
        if (narrowLayout != null) {
            return FusedPath.KERNEL.predictOneNarrow(narrowLayout, prepared, x, 0, probabilitiesOut, 0);
        }
        return predictWithScratch(x, probabilitiesOut);
    }

    /** {@link #predict} for a sample with a feature beyond {@link #safeFeature}: named when not finite, else exact. */
    private int predictUnusual(float[] x, float[] probabilitiesOut) {
        largestFeature(x, 0, inputs, -1);
        return predictExact(x, 0, 0, probabilitiesOut, 0);
    }

    /** {@link #predict} for nets whose single-sample path needs scratch: borrowed from a pool, out of line. */
    private int predictWithScratch(float[] x, float[] probabilitiesOut) {
        if (prepared != null) {
            float[] scratch = sampleScratch.take();
            try {
                return FusedPath.KERNEL.predictOne(inputs, hidden, classes, activationCode, prepared, params, 0,
                        x, 0, probabilitiesOut, 0, scratch);
            } finally {
                sampleScratch.give(scratch);
            }
        }
        float[][] v = vectors.take();
        try {
            return predictLayers(x, probabilitiesOut, v);
        } finally {
            vectors.give(v);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for the fastest path: the fused kernel's background
     * switch to its vector version ({@link KernelWarmUp}), or, on the layer path, predictions on
     * synthetic samples until the JIT has had them often enough to compile them (20,000 single
     * and 200 batch predictions, about 50 ms once compiled). True when ready in time.
     */
    public boolean warmUp(long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        if (prepared != null) {
            try {
                return KernelWarmUp.await(timeoutMillis) && KernelWarmUp.inferenceVector();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        float[] x = new float[inputs];
        float[] out = new float[classes];
        int rows = 64;
        float[] xs = new float[rows * inputs];
        float[] outs = new float[rows * classes];
        int[] labels = new int[rows];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) Math.sin(i);        // any finite values: the work, not the answers, is the point
        }
        for (int round = 0; round < 200; round++) {
            for (int k = 0; k < 100; k++) {
                x[k % inputs] = xs[(round + k) % xs.length];
                predict(x, out);
            }
            predictBatch(xs, rows, outs, labels);
            if (System.nanoTime() > deadline) {
                return false;
            }
        }
        return true;
    }

    /** Scratch buffers the predictor keeps now, over all its pools (bounded by the pools' slots). */
    int keptScratch() {
        return vectors.kept() + workspaces.kept() + (fusedScratch == null ? 0 : fusedScratch.kept())
                + (sampleScratch == null ? 0 : sampleScratch.kept());
    }

    /** The most scratch buffers the predictor keeps. */
    int maxKeptScratch() {
        return vectors.slots() + workspaces.slots() + (fusedScratch == null ? 0 : fusedScratch.slots())
                + (sampleScratch == null ? 0 : sampleScratch.slots());
    }

    /**
     * The largest magnitude of features {@code x[off .. off+n)}; fails naming the first that is
     * NaN or infinite ({@code sample} names the sample in the message, −1 for a single one).
     */
    private static float largestFeature(float[] x, int off, int n, int sample) {
        float largest = 0f;
        for (int i = 0; i < n; i++) {
            float a = Math.abs(x[off + i]);
            if (!(a <= Float.MAX_VALUE)) {
                throw new IllegalArgumentException((sample < 0 ? "" : "sample " + sample + ": ") + "feature " + i
                        + " is " + x[off + i] + "; features must be finite");
            }
            largest = Math.max(largest, a);
        }
        return largest;
    }

    /**
     * Whether {@code |x[i]| <= limit} for every {@code i < n} (false for a NaN): one pass on the
     * bits, no early exit. |x| is x without its sign bit, and non-negative floats (NaN above +∞)
     * order as their bits do, so one integer compare per feature, OR-ed, with no float compares
     * or branches (about 1 µs for 6000 features).
     */
    private static boolean allWithin(float[] x, int n, float limit) {
        int bound = Float.floatToRawIntBits(Math.abs(limit));
        if (!(limit >= 0)) {
            return n == 0;
        }
        int outside = 0;
        for (int i = 0; i < n; i++) {
            outside |= bound - (Float.floatToRawIntBits(x[i]) & 0x7FFFFFFF);
        }
        return outside >= 0;
    }

    /**
     * The largest feature magnitude {@code F} for which no value of the float forward can leave
     * the float range: |every input| ≤ F bounds each Dense layer's sums (and their rounding) by
     * {@code (max_o Σ_i |W[o][i]| · F + max_o |b[o]|)·(1 + (in + 2)·2^−23)}, and each activation's
     * outputs by {@code max(1, |f(F)|, |f(−F)|)}; F is the largest value whose bounds all stay
     * below a quarter of the float maximum. −1 when even features of 0 could overflow.
     */
    static float safeFeature(Mlp model) {
        int layers = model.layerCount();
        double[] rowSum = new double[layers];
        double[] biasMax = new double[layers];
        float[] p = model.params();
        for (int l = 0; l < layers; l++) {
            if (model.layer(l) instanceof Dense) {
                Dense dense = (Dense) model.layer(l);
                int w = model.parameterOffset(l), in = dense.in(), out = dense.out();
                for (int o = 0; o < out; o++) {
                    double sum = 0;
                    for (int i = 0; i < in; i++) {
                        sum += Math.abs(p[w + o * in + i]);
                    }
                    rowSum[l] = Math.max(rowSum[l], sum);
                    biasMax[l] = Math.max(biasMax[l], Math.abs(p[w + in * out + o]));
                }
            }
        }
        if (!withinFloats(model, rowSum, biasMax, 0)) {
            return -1f;
        }
        if (withinFloats(model, rowSum, biasMax, Float.MAX_VALUE)) {
            return Float.MAX_VALUE;
        }
        double lo = 0, hi = Float.MAX_VALUE;        // within at lo, not at hi
        for (int i = 0; i < 200 && hi - lo > lo * 1e-6; i++) {
            double mid = lo == 0 ? Math.min(1, hi / 2) : Math.sqrt(lo * hi);
            if (mid <= lo || mid >= hi) {
                mid = (lo + hi) / 2;
            }
            if (withinFloats(model, rowSum, biasMax, mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (float) lo;
    }

    /** Whether every bound of {@link #safeFeature} stays below a quarter of the float maximum for features ≤ f. */
    private static boolean withinFloats(Mlp model, double[] rowSum, double[] biasMax, double f) {
        double limit = Float.MAX_VALUE / 4.0;
        double m = f;
        for (int l = 0; l < model.layerCount(); l++) {
            Layer layer = model.layer(l);
            if (layer instanceof Dense) {
                m = (rowSum[l] * m + biasMax[l]) * (1 + (((Dense) layer).in() + 2) * 0x1p-23);
            } else if (layer instanceof Activation) {
                Activation a = (Activation) layer;
                m = Math.max(1, Math.max(Math.abs(a.apply(m)), Math.abs(a.apply(-m))));
            } else {
                return false;       // a kind this bound does not know: always the exact path
            }
            if (!(m <= limit)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sample {@code sample} (features from {@code x[xOff]}) in double precision, layer by layer:
     * the path of samples whose float forward could overflow. Writes the outputs, returns the class.
     *
     * @throws NonFiniteOutputException when a value leaves even the double range
     */
    private int predictExact(float[] x, int xOff, int sample, float[] out, int outOff) {
        double[] in = new double[inputs];
        for (int i = 0; i < inputs; i++) {
            in[i] = x[xOff + i];
        }
        for (int l = 0; l < model.layerCount(); l++) {
            Layer layer = model.layer(l);
            int width = model.widthBefore(l + 1);
            double[] next = layer.elementWise() ? in : new double[width];
            layer.forwardExact(model.widthBefore(l), in, next, params, model.parameterOffset(l));
            for (int i = 0; i < width; i++) {
                if (!(Math.abs(next[i]) <= Double.MAX_VALUE)) {
                    throw new NonFiniteOutputException("sample " + sample + ": " + model
                            + " overflows even in double precision (layer " + l + " gives " + next[i]
                            + "); its features are too large for this model");
                }
            }
            in = next;
        }
        Head head = model.head();
        head.outputsExact(classes, in, out, outOff);
        return head.predictedClass(classes, out, outOff);
    }

    private IllegalArgumentException badSample(float[] x, float[] probabilitiesOut) {
        if (x == null || x.length < inputs) {
            return new IllegalArgumentException("a sample needs " + inputs + " features, got "
                    + (x == null ? "null" : x.length + ""));
        }
        return new IllegalArgumentException("probabilitiesOut must hold " + classes + " floats, holds "
                + (probabilitiesOut == null ? "null" : probabilitiesOut.length + ""));
    }

    /** {@link #predict} layer by layer, for nets the fused kernel does not take. */
    private int predictLayers(float[] x, float[] probabilitiesOut, float[][] v) {
        float[] in = x;
        int layers = model.layerCount();
        int next = 0;
        for (int l = 0; l < layers; l++) {
            Layer layer = model.layer(l);
            int fanIn = model.widthBefore(l);
            if (layer instanceof Dense) {
                float[] out = v[next];
                next ^= 1;
                int fanOut = model.widthBefore(l + 1), w = model.parameterOffset(l), b = w + fanIn * fanOut;
                if (transposed[l] != null) {
                    MATVEC.gemvColumns(fanOut, fanIn, transposed[l], 0, in, 0, params, b, out, 0);
                } else {
                    MATVEC.gemvRows(fanOut, fanIn, params, w, in, 0, params, b, out, 0);
                }
                in = out;
            } else {
                // Element-wise: forward only, so in place is always right (never over the caller's x).
                float[] out = in == x ? v[next] : in;
                if (in == x) {
                    next ^= 1;
                }
                layer.forward(1, fanIn, in, out, params, model.parameterOffset(l), null);
                in = out;
            }
        }
        Head head = model.head();
        head.outputs(1, classes, in, 0, probabilitiesOut, 0);
        return head.predictedClass(classes, probabilitiesOut, 0);
    }

    /**
     * Predicts {@code rows} samples.
     *
     * @param x                {@code rows × inputs()} features, row-major, all finite
     * @param probabilitiesOut receives {@code rows × classes()} probabilities
     * @param classesOut       receives the {@code rows} most probable classes
     * @throws IllegalArgumentException naming the sample and feature when a feature is NaN or
     *                                  infinite, or when an array is too short
     */
    public void predictBatch(float[] x, int rows, float[] probabilitiesOut, int[] classesOut) {
        int features = model.inputs(), classes = model.outputs();
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        if (x == null || x.length < (long) rows * features) {
            throw new IllegalArgumentException(rows + " samples need " + (long) rows * features
                    + " features, got " + (x == null ? "null" : x.length + ""));
        }
        if (probabilitiesOut == null || probabilitiesOut.length < (long) rows * classes) {
            throw new IllegalArgumentException("probabilitiesOut must hold " + rows + "×" + classes + " floats, holds "
                    + (probabilitiesOut == null ? "null" : probabilitiesOut.length + ""));
        }
        if (classesOut == null || classesOut.length < rows) {
            throw new IllegalArgumentException("classesOut must hold " + rows + " ints, holds "
                    + (classesOut == null ? "null" : classesOut.length + ""));
        }
        boolean anyLarge;
        if (fusedScratch != null) {
            float[] scratch = fusedScratch.take();
            try {
                FusedPath.KERNEL.predict(features, hidden, classes, activationCode,
                        params, 0, x, 0, rows, probabilitiesOut, 0, classesOut, 0, scratch);
            } finally {
                fusedScratch.give(scratch);
            }
            // The kernel checks the features (vector code once warm; a NaN fails), after the
            // prediction: called before it, the batch sometimes never stopped allocating (2 runs
            // of SteadyStateAllocationTest in 6 with the prediction's vectors boxed, as when C2
            // spends its inlining budget before reaching them), after it 0 in 6.
            anyLarge = !(FusedPath.KERNEL.largestMagnitude(x, 0, rows * features) <= safeFeature);
        } else {
            anyLarge = !allWithin(x, rows * features, safeFeature);
            Workspace ws = workspaces.take();
            try {
                predictChunks(x, rows, probabilitiesOut, classesOut, ws);
            } finally {
                workspaces.give(ws);
            }
        }
        if (anyLarge) {       // rare: the samples whose float forward could overflow, again in double
            for (int r = 0; r < rows; r++) {
                largestFeature(x, r * features, features, r);      // names the first non-finite feature
            }
            for (int r = 0; r < rows; r++) {
                if (largestFeature(x, r * features, features, r) > safeFeature) {
                    classesOut[r] = predictExact(x, r * features, r, probabilitiesOut, r * classes);
                }
            }
        }
    }

    private void predictChunks(float[] x, int rows, float[] probabilitiesOut, int[] classesOut, Workspace ws) {
        int features = model.inputs(), classes = model.outputs();
        for (int from = 0; from < rows; from += chunkRows) {
            int n = Math.min(chunkRows, rows - from);
            ws.load(x, features, null, null, from, n);
            Backprop.forward(model, ws, n, null);
            Head head = model.head();
            head.outputs(n, classes, ws.output(), 0, probabilitiesOut, from * classes);
            for (int r = 0; r < n; r++) {
                classesOut[from + r] = head.predictedClass(classes, probabilitiesOut, (from + r) * classes);
            }
        }
    }
}
