package org.simdnet.nn;

/**
 * Every buffer one forward/backward pass over a shard of up to {@link #capacity()} rows needs,
 * allocated once so that training allocates nothing per step. One workspace per shard slot; a
 * workspace is used by one thread at a time.
 *
 * <p>{@code activations[l]} holds the input of layer {@code l} ({@code rows × widths[l]}),
 * {@code activations[0]} being the gathered input rows and {@code activations[layers]} the
 * logits, which the backward pass overwrites with their gradient. Two ping-pong buffers carry the
 * back-propagated gradient between layers.
 */
public final class Workspace {

    final int capacity;
    final float[][] activations;
    final float[][] deltas;
    final int[] labels;
    final int[] predictions;
    /** This shard's parameter gradient, same layout as {@link Mlp#params()}, from {@link #gradientOffset}. */
    final float[] gradient;
    final int gradientOffset;

    /** Buffers for shards of up to {@code capacity} rows of {@code mlp}, with a gradient of its own. */
    public Workspace(Mlp mlp, int capacity) {
        this(mlp, capacity, new float[mlp.params().length], 0);
    }

    /**
     * Buffers for shards of up to {@code capacity} rows of {@code mlp}, writing the gradient into
     * {@code gradient} from {@code gradientOffset} (so that shard gradients can sit side by side in
     * one array and be summed as the rows of a matrix).
     */
    public Workspace(Mlp mlp, int capacity, float[] gradient, int gradientOffset) {
        if (capacity < 1) {
            throw new IllegalArgumentException("workspace capacity must be >= 1 row, got " + capacity);
        }
        this.capacity = capacity;
        int layers = mlp.layers();
        activations = new float[layers + 1][];
        for (int l = 0; l <= layers; l++) {
            activations[l] = new float[capacity * mlp.width(l)];
        }
        int widestHidden = 1;
        for (int l = 1; l < layers; l++) {
            widestHidden = Math.max(widestHidden, mlp.width(l));
        }
        deltas = new float[][] {new float[capacity * widestHidden], new float[capacity * widestHidden]};
        labels = new int[capacity];
        predictions = new int[capacity];
        if (gradientOffset < 0 || (long) gradientOffset + mlp.params().length > gradient.length) {
            throw new IllegalArgumentException("gradient buffer of " + gradient.length + " floats cannot hold "
                    + mlp.params().length + " parameters from offset " + gradientOffset);
        }
        this.gradient = gradient;
        this.gradientOffset = gradientOffset;
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

    /** The classes the last forward pass predicted, one per row. */
    public int[] predictions() {
        return predictions;
    }

    /** The labels of the loaded rows. */
    public int[] labels() {
        return labels;
    }

    /** The logits (or, after backward, their gradient) of the last pass. */
    public float[] output() {
        return activations[activations.length - 1];
    }

    /**
     * Copies rows {@code order[from .. from+rows)} of {@code x}/{@code y} into the input buffer;
     * {@code order == null} means rows {@code from .. from+rows) in their own order.
     */
    public void load(float[] x, int features, int[] y, int[] order, int from, int rows) {
        if (rows > capacity) {
            throw new IllegalArgumentException("a shard of " + rows + " rows does not fit a workspace of " + capacity);
        }
        float[] in = activations[0];
        if (order == null) {
            System.arraycopy(x, from * features, in, 0, rows * features);
            if (y != null) {
                System.arraycopy(y, from, labels, 0, rows);
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            int src = order[from + r];
            System.arraycopy(x, src * features, in, r * features, features);
            if (y != null) {
                labels[r] = y[src];
            }
        }
    }
}
