package org.simdnet.nn;

import org.simdnet.layer.Layer;

/**
 * Every buffer one forward/backward pass over a shard of up to {@link #capacity()} rows needs,
 * allocated once so that training allocates nothing per step. The trainer keeps one per worker
 * thread (not one per shard); a workspace is used by one thread at a time.
 *
 * <p>{@code activations[i]} holds the input of layer {@code i} ({@code rows × width}),
 * {@code activations[0]} being the gathered input rows and {@code activations[layers]} the
 * model's outputs. An element-wise layer shares its input's buffer (runs in place) when neither
 * its own backward needs its input nor the layer before needs its output; so
 * {@code Dense → ReLU → Dense} keeps one hidden buffer, as a hand-written net would. Two ping-pong
 * buffers carry the back-propagated gradient between layers; the head's gradient overwrites the
 * outputs in place when the last layer's backward does not read them.
 */
public final class Workspace {

    final int capacity;
    final float[][] activations;
    final float[][] deltas;
    /** True when the head may write its gradient over the outputs. */
    final boolean headGradientInPlace;
    final int[] labels;
    /** Float targets ({@code capacity × outputs}) for heads that take them, else empty. */
    final float[] targets;
    final int[] predictions;
    final double[] hits = new double[1];
    /** This shard's parameter gradient, same layout as {@link Mlp#params()}, from {@link #gradientOffset}. */
    float[] gradient;
    int gradientOffset;
    /** Parameters of the model: the span a gradient target must hold. */
    private final int parameters;
    /** Scratch of the fused small-MLP kernel, or null when the model takes the layer path. */
    final float[] fusedScratch;

    /** Buffers for shards of up to {@code capacity} rows of {@code mlp}, with a gradient of its own. */
    public Workspace(Mlp mlp, int capacity) {
        this(mlp, capacity, new float[mlp.params().length], 0);
    }

    /** Buffers for forward passes only (prediction): no gradient, which is the model's size. */
    public static Workspace forInference(Mlp mlp, int capacity) {
        return new Workspace(mlp, capacity, null, 0);
    }

    /**
     * Buffers for shards of up to {@code capacity} rows of {@code mlp}, writing the gradient into
     * {@code gradient} from {@code gradientOffset} (until {@link #gradientTo} points it elsewhere);
     * a null {@code gradient} makes a workspace for forward passes only.
     *
     * @throws IllegalArgumentException when the capacity is below 1 or the buffers would exceed
     *                                  2^31 floats
     */
    public Workspace(Mlp mlp, int capacity, float[] gradient, int gradientOffset) {
        if (capacity < 1) {
            throw new IllegalArgumentException("workspace capacity must be >= 1 row, got " + capacity);
        }
        this.capacity = capacity;
        int n = mlp.layerCount();
        activations = new float[n + 1][];
        activations[0] = new float[size(capacity, mlp.inputs())];
        for (int i = 1; i <= n; i++) {
            activations[i] = runsInPlace(mlp, i - 1) ? activations[i - 1]
                    : new float[size(capacity, mlp.widthBefore(i))];
        }
        int widest = 1;
        for (int i = 1; i <= n; i++) {
            widest = Math.max(widest, mlp.widthBefore(i));
        }
        Layer last = mlp.layer(n - 1);
        headGradientInPlace = !last.backwardReadsOutput() && activations[n] != activations[0];
        // Inference never runs backward: no delta buffers (for a batch chunk of 256 rows through a
        // 128-wide layer they were 256 KB of the predictor's first call).
        int deltaSize = gradient == null ? 0 : size(capacity, widest);
        deltas = new float[][] {new float[deltaSize], new float[deltaSize]};
        labels = new int[capacity];
        targets = new float[mlp.head().usesLabels() ? 0 : size(capacity, mlp.outputs())];
        predictions = new int[capacity];
        this.parameters = mlp.params().length;
        if (gradient == null) {
            this.gradient = new float[0];       // inference only: backward is never called
        } else {
            gradientTo(gradient, gradientOffset);
        }
        this.fusedScratch = FusedPath.scratchFor(mlp);
    }

    /**
     * Where the next passes write the parameter gradient: {@code gradient} from {@code offset}
     * (the trainer hands each shard a free buffer of its reduction tree, so that no gradient is
     * copied).
     *
     * @throws IllegalArgumentException when the array cannot hold the model's parameters from there
     */
    public void gradientTo(float[] gradient, int offset) {
        if (gradient == null || offset < 0 || (long) offset + parameters > gradient.length) {
            throw new IllegalArgumentException("a gradient buffer of " + (gradient == null ? "null" : gradient.length
                    + " floats") + " cannot hold " + parameters + " parameters from offset " + offset);
        }
        this.gradient = gradient;
        this.gradientOffset = offset;
    }

    /** Floats a buffer may hold: arrays stop short of 2^31 elements. */
    static final long MAX_BUFFER = Integer.MAX_VALUE - 8;
    /** Floats per buffer the inference chunks aim at (16 MiB): {@link #chunkRows}. */
    static final int CHUNK_FLOATS = 1 << 22;

    /**
     * The most rows a workspace for {@code mlp} can take: each buffer holds rows × a width of the
     * model, and an array stops short of 2^31 elements.
     */
    public static int maxRows(Mlp mlp) {
        return (int) Math.min(Integer.MAX_VALUE, MAX_BUFFER / mlp.maxWidth());
    }

    /**
     * Rows per chunk for a forward-only pass over many rows (batch prediction, evaluation): up to
     * {@code preferred}, fewer for very wide models so that a buffer stays near
     * {@value #CHUNK_FLOATS} floats, and at least one.
     */
    public static int chunkRows(Mlp mlp, int preferred) {
        return Math.max(1, Math.min(preferred, CHUNK_FLOATS / mlp.maxWidth()));
    }

    /** See the class comment: element-wise, reads no input, and the layer before reads no output. */
    private static boolean runsInPlace(Mlp mlp, int i) {
        Layer layer = mlp.layer(i);
        return i > 0 && layer.elementWise() && !layer.backwardReadsInput() && !mlp.layer(i - 1).backwardReadsOutput();
    }

    private static int size(int rows, int width) {
        long n = (long) rows * width;
        if (n > MAX_BUFFER) {
            throw new IllegalArgumentException("a buffer of " + rows + " rows × " + width
                    + " floats exceeds 2^31 floats: at most " + MAX_BUFFER / width + " rows fit");
        }
        return (int) n;
    }

    /** The most rows one pass can take. */
    public int capacity() {
        return capacity;
    }

    /** The array the last {@link Backprop#backward} wrote its gradient into, from {@link #gradientOffset()}. */
    public float[] gradient() {
        return gradient;
    }

    /** Where this workspace's gradient starts in {@link #gradient()}. */
    public int gradientOffset() {
        return gradientOffset;
    }

    /** The classes the last classification pass predicted, one per row. */
    public int[] predictions() {
        return predictions;
    }

    /** The float targets of the loaded rows ({@code rows × outputs}; empty for label heads). */
    public float[] targets() {
        return targets;
    }

    /** The labels of the loaded rows. */
    public int[] labels() {
        return labels;
    }

    /** The outputs of the last forward pass (or, after backward, possibly their gradient). */
    public float[] output() {
        return activations[activations.length - 1];
    }

    /**
     * Copies rows {@code order[from .. from+rows)} of {@code x}/{@code y} into the input buffer;
     * {@code order == null} means rows {@code from .. from+rows) in their own order.
     */
    public void load(float[] x, int features, int[] y, int[] order, int from, int rows) {
        load(x, features, y, null, 0, order, from, rows);
    }

    /**
     * Copies rows of {@code x} and their targets (labels {@code y}, or {@code targetWidth} floats
     * per row of {@code t}; either may be null) into the workspace.
     */
    public void load(float[] x, int features, int[] y, float[] t, int targetWidth, int[] order, int from, int rows) {
        if (rows < 0 || rows > capacity) {
            throw new IllegalArgumentException("a shard of " + rows + " rows does not fit a workspace of " + capacity);
        }
        if (from < 0 || (order != null && (long) from + rows > order.length)) {
            throw new IllegalArgumentException("rows " + from + " .. " + ((long) from + rows) + " are outside the order of "
                    + (order == null ? 0 : order.length) + " rows");
        }
        if (features < 1 || (long) features * capacity > activations[0].length) {
            throw new IllegalArgumentException("rows of " + features + " features do not fit a workspace for "
                    + activations[0].length / capacity + " inputs");
        }
        // The row count of x (and of y, t) bounds every source row; sizes in long, so nothing wraps.
        long available = x.length / features;
        if (y != null) {
            available = Math.min(available, y.length);
        }
        if (t != null && targetWidth > 0) {
            available = Math.min(available, t.length / targetWidth);
        }
        float[] in = activations[0];
        if (order == null) {
            if ((long) from + rows > available) {
                throw new IllegalArgumentException("rows " + from + " .. " + ((long) from + rows) + " are outside the "
                        + available + " rows of the data (" + features + " features per row)");
            }
            System.arraycopy(x, from * features, in, 0, rows * features);
            if (y != null) {
                System.arraycopy(y, from, labels, 0, rows);
            }
            if (t != null) {
                System.arraycopy(t, from * targetWidth, targets, 0, rows * targetWidth);
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            int src = order[from + r];
            if (src < 0 || src >= available) {
                throw new IllegalArgumentException("order[" + (from + r) + "] is row " + src + " but the data has "
                        + available + " rows");
            }
            System.arraycopy(x, src * features, in, r * features, features);
            if (y != null) {
                labels[r] = y[src];
            }
            if (t != null) {
                System.arraycopy(t, src * targetWidth, targets, r * targetWidth, targetWidth);
            }
        }
    }
}
