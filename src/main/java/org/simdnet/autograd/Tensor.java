package org.simdnet.autograd;

import java.util.Arrays;

import org.simdnet.kernel.Gemm;
import org.simdnet.kernel.RowOps;

/**
 * A float tensor of at most two dimensions that records the operations applied to it, so that
 * {@link #backward()} on a scalar result fills the gradient of every tensor that
 * {@linkplain #requiresGrad() requires} one: reverse-mode automatic differentiation, as in
 * PyTorch's autograd, restricted to what a multi-layer perceptron needs.
 *
 * <p>Data is a flat row-major {@code float[]}; a shape is {@code []} (scalar), {@code [n]} or
 * {@code [rows, cols]}. Each operation computes its result at once (eagerly) and, when an input
 * requires a gradient, attaches to the result a closure that knows how to send the result's
 * gradient back to its inputs. Those closures form the graph (the "tape") that {@link #backward()}
 * walks in reverse topological order. See {@code docs/autograd.md}.
 *
 * <p>Semantics follow PyTorch: gradients of leaves accumulate across backward passes until
 * {@link #zeroGrad()}; the graph is freed by a backward pass unless {@code retainGraph} is set;
 * element-wise operations broadcast (a row {@code [n]} or {@code [1×n]} over {@code [m×n]}, a
 * column {@code [m×1]}, a scalar) and the gradient of a broadcast operand is summed back to its
 * shape. Bad shapes are {@link IllegalArgumentException}s naming both shapes.
 *
 * <p>Not thread-safe. Every operation allocates its result and every backward step its
 * temporaries; the hand-written {@code org.simdnet.nn} path is the one to train with.
 */
public final class Tensor {

    /** Sends the gradient of an operation's result back to the operation's inputs. */
    @FunctionalInterface
    interface Backward {
        /** @param g the gradient of the loss with respect to the result, flat like its data */
        void propagate(float[] g);
    }

    private final int[] shape;
    private final float[] data;
    /** Leaves only: the accumulated gradient, allocated on first use. */
    private float[] grad;
    private boolean requiresGrad;
    /** True for tensors made by the user (or by an operation no input of which needed a gradient). */
    private final boolean leaf;
    /** The operation that made this tensor, for messages; null for leaves. */
    private final String op;
    /** Graph edges: the inputs, and the closure that feeds them; both null once freed. */
    Tensor[] inputs;
    Backward backwardFn;
    /** Interior nodes only: the gradient gathered so far during one backward pass. */
    float[] pending;

    private Tensor(float[] data, int[] shape, boolean requiresGrad, String op, Backward backwardFn,
                   Tensor[] inputs) {
        this.data = data;
        this.shape = shape;
        this.requiresGrad = requiresGrad;
        this.op = op;
        this.backwardFn = backwardFn;
        this.inputs = inputs;
        this.leaf = backwardFn == null;
    }

    // ---------------------------------------------------------------- creation

    /** A tensor of the given shape over a copy of {@code data} (row-major). */
    public static Tensor of(float[] data, int... shape) {
        if (data == null) {
            throw new IllegalArgumentException("data is null");
        }
        int[] s = Shape.validate(shape, data.length);
        return new Tensor(data.clone(), s, false, null, null, null);
    }

    /** A {@code [rows.length × cols]} matrix from rows of equal length. */
    public static Tensor of(float[][] rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("a matrix needs at least one row");
        }
        int cols = rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length
                        + " elements but row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return new Tensor(flat, new int[] {rows.length, cols}, false, null, null, null);
    }

    /** A vector {@code [values.length]}. */
    public static Tensor vector(float... values) {
        return of(values, values.length);
    }

    /** A scalar, shape {@code []}. */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, new int[0], false, null, null, null);
    }

    /** Zeros of the given shape. */
    public static Tensor zeros(int... shape) {
        int[] s = Shape.validate(shape, shape == null ? 0 : Shape.numel(shape));
        return new Tensor(new float[Shape.numel(s)], s, false, null, null, null);
    }

    /**
     * Marks this leaf as needing a gradient (PyTorch's {@code requires_grad_()}); returns this.
     *
     * @throws IllegalStateException on the result of an operation, whose need follows its inputs
     */
    public Tensor requireGrad() {
        if (!leaf) {
            throw new IllegalStateException("only a leaf tensor can be marked as requiring a gradient;"
                    + " this one is the result of '" + op + "'");
        }
        requiresGrad = true;
        return this;
    }

    /** A leaf sharing this tensor's data, outside any graph and needing no gradient. */
    public Tensor detach() {
        return new Tensor(data, shape, false, null, null, null);
    }

    // ---------------------------------------------------------------- access

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public int numel() {
        return data.length;
    }

    /**
     * The live row-major data. Writing to it is how an optimizer updates a parameter between
     * steps; writing to it between an operation and its backward pass corrupts the gradient.
     */
    public float[] data() {
        return data;
    }

    /** Whether backward passes compute a gradient for this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Whether this tensor was made by the user rather than by an operation that recorded itself. */
    public boolean isLeaf() {
        return leaf;
    }

    /**
     * The accumulated gradient of a leaf, sharing its storage (as PyTorch's {@code .grad}), or
     * null before the first backward pass that reached it. Interior results keep no gradient.
     */
    public Tensor grad() {
        return grad == null ? null : new Tensor(grad, shape, false, null, null, null);
    }

    /** Clears the accumulated gradient (to zeros) before the next backward pass. */
    public void zeroGrad() {
        if (grad != null) {
            Arrays.fill(grad, 0f);
        }
    }

    /** The only element of a one-element tensor. */
    public float item() {
        if (data.length != 1) {
            throw new IllegalStateException("item() needs a single element but the tensor is " + Shape.format(shape));
        }
        return data[0];
    }

    /** Element {@code (row, col)} of a matrix. */
    public float get(int row, int col) {
        if (shape.length != 2 || row < 0 || row >= shape[0] || col < 0 || col >= shape[1]) {
            throw new IllegalArgumentException("index (" + row + ", " + col + ") is outside " + Shape.format(shape));
        }
        return data[row * shape[1] + col];
    }

    // ---------------------------------------------------------------- element-wise arithmetic

    /** {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) {
        return binary("add", Broadcast.Op.ADD, other);
    }

    /** {@code this − other}, broadcasting. */
    public Tensor sub(Tensor other) {
        return binary("sub", Broadcast.Op.SUB, other);
    }

    /** {@code this · other} element-wise, broadcasting. */
    public Tensor mul(Tensor other) {
        return binary("mul", Broadcast.Op.MUL, other);
    }

    /** {@code this / other} element-wise, broadcasting. */
    public Tensor div(Tensor other) {
        return binary("div", Broadcast.Op.DIV, other);
    }

    /** {@code this + s}. */
    public Tensor add(float s) {
        float[] y = new float[data.length];
        Elementwise.OPS.addScalar(data.length, data, 0, s, y, 0);
        return unary("add", y, g -> Elementwise.OPS.add(g.length, gradSink(), 0, g, 0, gradSink(), 0));
    }

    /** {@code this − s}. */
    public Tensor sub(float s) {
        float[] y = new float[data.length];
        Elementwise.OPS.addScalar(data.length, data, 0, -s, y, 0);
        return unary("sub", y, g -> Elementwise.OPS.add(g.length, gradSink(), 0, g, 0, gradSink(), 0));
    }

    /** {@code this · s}. */
    public Tensor mul(float s) {
        float[] y = new float[data.length];
        Elementwise.OPS.mulScalar(data.length, data, 0, s, y, 0);
        return unary("mul", y, g -> Elementwise.OPS.axpy(g.length, s, g, 0, gradSink(), 0));
    }

    /** {@code this / s}. */
    public Tensor div(float s) {
        float[] y = new float[data.length];
        Elementwise.OPS.divScalar(data.length, data, 0, s, y, 0);
        return unary("div", y, g -> {
            float[] t = new float[g.length];
            Elementwise.OPS.divScalar(g.length, g, 0, s, t, 0);
            Elementwise.OPS.add(t.length, gradSink(), 0, t, 0, gradSink(), 0);
        });
    }

    /** {@code −this}. */
    public Tensor neg() {
        float[] y = new float[data.length];
        Elementwise.OPS.mulScalar(data.length, data, 0, -1f, y, 0);
        return unary("neg", y, g -> Elementwise.OPS.axpy(g.length, -1f, g, 0, gradSink(), 0));
    }

    private Tensor binary(String name, Broadcast.Op kind, Tensor other) {
        if (other == null) {
            throw new IllegalArgumentException(name + ": the other operand is null");
        }
        Tensor a = this;
        Tensor b = other;
        int[] outShape = Shape.broadcast(name, a.shape, b.shape);
        int m = Shape.rows(outShape);
        int n = Shape.cols(outShape);
        int ar = Shape.rows(a.shape), ac = Shape.cols(a.shape);
        int br = Shape.rows(b.shape), bc = Shape.cols(b.shape);
        float[] y = new float[m * n];
        Broadcast.apply(kind, a.data, ar, ac, b.data, br, bc, y, m, n);
        Backward back = g -> {
            if (a.requiresGrad) {
                // d(a+b)/da = d(a−b)/da = 1, d(a·b)/da = b, d(a/b)/da = 1/b
                float[] ga = g;
                if (kind == Broadcast.Op.MUL || kind == Broadcast.Op.DIV) {
                    ga = new float[m * n];
                    Broadcast.apply(kind, g, m, n, b.data, br, bc, ga, m, n);
                }
                Broadcast.reduceInto(ga, m, n, a.gradSink(), ar, ac);
            }
            if (b.requiresGrad) {
                // d(a+b)/db = 1, d(a−b)/db = −1, d(a·b)/db = a, d(a/b)/db = −a/b² = −(a/b)/b
                float[] gb = g;
                if (kind == Broadcast.Op.SUB) {
                    gb = new float[m * n];
                    Elementwise.OPS.mulScalar(m * n, g, 0, -1f, gb, 0);
                } else if (kind == Broadcast.Op.MUL) {
                    gb = new float[m * n];
                    Broadcast.apply(Broadcast.Op.MUL, g, m, n, a.data, ar, ac, gb, m, n);
                } else if (kind == Broadcast.Op.DIV) {
                    gb = new float[m * n];
                    Elementwise.OPS.mul(m * n, g, 0, y, 0, gb, 0);
                    Broadcast.apply(Broadcast.Op.DIV, gb, m, n, b.data, br, bc, gb, m, n);
                    Elementwise.OPS.mulScalar(m * n, gb, 0, -1f, gb, 0);
                }
                Broadcast.reduceInto(gb, m, n, b.gradSink(), br, bc);
            }
        };
        return result(name, y, outShape, back, a, b);
    }

    // ---------------------------------------------------------------- matrix products

    /**
     * The matrix product {@code this[m×k] · other[k×n]}. Forward is the NN form of
     * {@link Gemm#sgemm}; the gradients are {@code dA = G·Bᵀ} (NT) and {@code dB = Aᵀ·G} (TN),
     * accumulated straight into the gradient buffers with {@code beta = 1}: no transposed copies.
     */
    public Tensor matmul(Tensor other) {
        Tensor a = this;
        Tensor b = other;
        requireMatrices("matmul", a, b, "");
        int m = a.shape[0], k = a.shape[1], n = b.shape[1];
        if (b.shape[0] != k) {
            throw new IllegalArgumentException("matmul: " + Shape.format(a.shape) + " by " + Shape.format(b.shape)
                    + ": inner sizes " + k + " and " + b.shape[0] + " differ");
        }
        float[] y = new float[m * n];
        Gemm.sgemm(Gemm.NO_TRANS, Gemm.NO_TRANS, m, n, k, 1f, a.data, 0, Math.max(1, k),
                b.data, 0, Math.max(1, n), 0f, y, 0, Math.max(1, n));
        Backward back = g -> {
            if (a.requiresGrad) {
                Gemm.sgemm(Gemm.NO_TRANS, Gemm.TRANS, m, k, n, 1f, g, 0, Math.max(1, n),
                        b.data, 0, Math.max(1, n), 1f, a.gradSink(), 0, Math.max(1, k));
            }
            if (b.requiresGrad) {
                Gemm.sgemm(Gemm.TRANS, Gemm.NO_TRANS, k, n, m, 1f, a.data, 0, Math.max(1, k),
                        g, 0, Math.max(1, n), 1f, b.gradSink(), 0, Math.max(1, n));
            }
        };
        return result("matmul", y, new int[] {m, n}, back, a, b);
    }

    /**
     * {@code this[m×k] · other[n×k]ᵀ}, the dense-layer forward {@code X·Wᵀ} with {@code W} stored
     * {@code [out × in]} as in PyTorch, without transposing W. Forward is NT; the gradients are
     * {@code dA = G·B} (NN) and {@code dB = Gᵀ·A} (TN).
     */
    public Tensor matmulTransposed(Tensor other) {
        Tensor a = this;
        Tensor b = other;
        requireMatrices("matmulTransposed", a, b, "ᵀ");
        int m = a.shape[0], k = a.shape[1], n = b.shape[0];
        if (b.shape[1] != k) {
            throw new IllegalArgumentException("matmulTransposed: " + Shape.format(a.shape) + " by "
                    + Shape.format(b.shape) + "ᵀ: inner sizes " + k + " and " + b.shape[1] + " differ");
        }
        float[] y = new float[m * n];
        Gemm.sgemm(Gemm.NO_TRANS, Gemm.TRANS, m, n, k, 1f, a.data, 0, Math.max(1, k),
                b.data, 0, Math.max(1, k), 0f, y, 0, Math.max(1, n));
        Backward back = g -> {
            if (a.requiresGrad) {
                Gemm.sgemm(Gemm.NO_TRANS, Gemm.NO_TRANS, m, k, n, 1f, g, 0, Math.max(1, n),
                        b.data, 0, Math.max(1, k), 1f, a.gradSink(), 0, Math.max(1, k));
            }
            if (b.requiresGrad) {
                Gemm.sgemm(Gemm.TRANS, Gemm.NO_TRANS, n, k, m, 1f, g, 0, Math.max(1, n),
                        a.data, 0, Math.max(1, k), 1f, b.gradSink(), 0, Math.max(1, k));
            }
        };
        return result("matmulTransposed", y, new int[] {m, n}, back, a, b);
    }

    private static void requireMatrices(String name, Tensor a, Tensor b, String bSuffix) {
        if (b == null) {
            throw new IllegalArgumentException(name + ": the other operand is null");
        }
        if (a.shape.length != 2 || b.shape.length != 2) {
            throw new IllegalArgumentException(name + ": " + Shape.format(a.shape) + " by " + Shape.format(b.shape)
                    + bSuffix + ": both operands must be matrices (2 dimensions)");
        }
    }

    /** The transpose of a matrix, as a new tensor. */
    public Tensor transpose() {
        if (shape.length != 2) {
            throw new IllegalArgumentException("transpose: " + Shape.format(shape) + " is not a matrix");
        }
        int m = shape[0], n = shape[1];
        float[] y = new float[m * n];
        transposeInto(m, n, data, y, false);
        return unary("transpose", y, new int[] {n, m}, g -> transposeInto(n, m, g, gradSink(), true));
    }

    /** {@code y[j][i] (+)= x[i][j]} for {@code x [m×n]}. */
    private static void transposeInto(int m, int n, float[] x, float[] y, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float v = x[i * n + j];
                y[j * m + i] = accumulate ? y[j * m + i] + v : v;
            }
        }
    }

    // ---------------------------------------------------------------- activations and maps

    /** {@code max(this, 0)}; gradient 0 where the output is 0 (at 0 too, as in PyTorch). */
    public Tensor relu() {
        float[] y = new float[data.length];
        RowOps.relu(data.length, data, 0, y, 0);
        return unary("relu", y, g -> {
            float[] t = new float[g.length];
            RowOps.reluBackward(g.length, y, 0, g, 0, t, 0);
            Elementwise.OPS.add(t.length, gradSink(), 0, t, 0, gradSink(), 0);
        });
    }

    /** {@code tanh(this)}; gradient {@code 1 − y²}. */
    public Tensor tanh() {
        float[] y = new float[data.length];
        RowOps.tanh(data.length, data, 0, y, 0);
        return unary("tanh", y, g -> {
            float[] t = new float[g.length];
            RowOps.tanhBackward(g.length, y, 0, g, 0, t, 0);
            Elementwise.OPS.add(t.length, gradSink(), 0, t, 0, gradSink(), 0);
        });
    }

    /** {@code e^this}; gradient {@code y}. */
    public Tensor exp() {
        float[] y = new float[data.length];
        RowOps.exp(data.length, data, 0, y, 0);
        return unary("exp", y, g -> Elementwise.OPS.mulAdd(g.length, g, 0, y, 0, gradSink(), 0));
    }

    /** Natural logarithm; gradient {@code 1/x}. */
    public Tensor log() {
        float[] y = new float[data.length];
        Elementwise.OPS.log(data.length, data, 0, y, 0);
        return unary("log", y, g -> {
            float[] t = new float[g.length];
            Elementwise.OPS.div(g.length, g, 0, data, 0, t, 0);
            Elementwise.OPS.add(t.length, gradSink(), 0, t, 0, gradSink(), 0);
        });
    }

    // ---------------------------------------------------------------- reductions

    /** The sum of all elements, a scalar. */
    public Tensor sum() {
        float[] y = {Elementwise.OPS.sum(data.length, data, 0)};
        return unary("sum", y, new int[0], g -> Elementwise.OPS.addScalar(data.length, gradSink(), 0, g[0], gradSink(), 0));
    }

    /** The mean of all elements, a scalar (NaN for an empty tensor, as in PyTorch). */
    public Tensor mean() {
        int count = data.length;
        float[] y = {Elementwise.OPS.sum(count, data, 0) / count};
        return unary("mean", y, new int[0], g -> Elementwise.OPS.addScalar(count, gradSink(), 0, g[0] / count, gradSink(), 0));
    }

    // ---------------------------------------------------------------- softmax and loss

    /**
     * Row-wise softmax of a matrix (of the whole tensor for a vector). Backward, per row:
     * {@code dx = y ⊙ (g − ⟨g, y⟩)}.
     */
    public Tensor softmax() {
        if (shape.length == 0) {
            throw new IllegalArgumentException("softmax: a scalar " + Shape.format(shape) + " has no row to normalise");
        }
        int rows = Shape.rows(shape), cols = Shape.cols(shape);
        float[] y = new float[data.length];
        if (cols > 0) {
            RowOps.softmaxRows(rows, cols, data, 0, cols, y, 0, cols);
        }
        return unary("softmax", y, g -> {
            float[] sink = gradSink();
            float[] t = new float[cols];
            for (int r = 0; r < rows; r++) {
                int off = r * cols;
                float gy = Elementwise.OPS.dot(cols, g, off, y, off);
                Elementwise.OPS.addScalar(cols, g, off, -gy, t, 0);
                Elementwise.OPS.mulAdd(cols, t, 0, y, off, sink, off);
            }
        });
    }

    /**
     * Cross-entropy of these logits {@code [rows × classes]} against class labels, averaged over
     * rows: {@code torch.nn.functional.cross_entropy(logits, labels)}. Softmax and loss are one
     * fused, numerically stable kernel; the logits' gradient {@code (softmax − onehot)/rows} is
     * computed with the loss and scaled by the incoming gradient on the way back.
     */
    public Tensor crossEntropy(int[] labels) {
        if (shape.length != 2) {
            throw new IllegalArgumentException("crossEntropy: logits must be [rows×classes] but are " + Shape.format(shape));
        }
        int rows = shape[0], cols = shape[1];
        if (labels == null) {
            throw new IllegalArgumentException("crossEntropy: labels are null for logits " + Shape.format(shape));
        }
        if (labels.length != rows) {
            throw new IllegalArgumentException("crossEntropy: logits " + Shape.format(shape) + " but "
                    + labels.length + " labels; need one per row");
        }
        if (rows == 0 || cols == 0) {
            throw new IllegalArgumentException("crossEntropy: logits " + Shape.format(shape) + " are empty");
        }
        for (int r = 0; r < rows; r++) {
            if (labels[r] < 0 || labels[r] >= cols) {
                throw new IllegalArgumentException("crossEntropy: label " + labels[r] + " of row " + r
                        + " is outside [0, " + cols + ") for logits " + Shape.format(shape));
            }
        }
        float[] dLogits = new float[data.length];
        double loss = RowOps.softmaxCrossEntropy(rows, cols, data, 0, cols, labels, 0, rows,
                dLogits, 0, cols);
        float[] y = {(float) loss};
        return unary("crossEntropy", y, new int[0], g -> Elementwise.OPS.axpy(dLogits.length, g[0], dLogits, 0, gradSink(), 0));
    }

    // ---------------------------------------------------------------- backward

    /**
     * Back-propagates from this scalar (gradient 1) and frees the graph, like PyTorch's
     * {@code loss.backward()}.
     *
     * @throws IllegalStateException when this is not a one-element tensor, needs no gradient, or
     *                               its graph was freed by an earlier backward pass
     */
    public void backward() {
        backward(false);
    }

    /** As {@link #backward()}; with {@code retainGraph} the graph survives for another pass. */
    public void backward(boolean retainGraph) {
        if (data.length != 1) {
            throw new IllegalStateException("backward() without a seed gradient needs a scalar, but this '"
                    + (op == null ? "leaf" : op) + "' result is " + Shape.format(shape)
                    + "; call backward(seed) with a gradient of that shape");
        }
        Backprop.run(this, new float[] {1f}, retainGraph);
    }

    /**
     * Back-propagates the given gradient of some scalar with respect to this tensor (same
     * shape), like PyTorch's {@code t.backward(seed)}.
     */
    public void backward(Tensor seed, boolean retainGraph) {
        if (seed == null || !Arrays.equals(seed.shape, shape)) {
            throw new IllegalArgumentException("backward: the seed gradient is "
                    + (seed == null ? "null" : Shape.format(seed.shape)) + " but the tensor is " + Shape.format(shape));
        }
        Backprop.run(this, seed.data, retainGraph);
    }

    /** Where gradient for this tensor accumulates: its own grad for a leaf, a pass-local buffer otherwise. */
    float[] gradSink() {
        if (leaf) {
            if (grad == null) {
                grad = new float[data.length];
            }
            return grad;
        }
        if (pending == null) {
            pending = new float[data.length];
        }
        return pending;
    }

    String describe() {
        return (op == null ? "leaf" : "'" + op + "'") + " " + Shape.format(shape);
    }

    // ---------------------------------------------------------------- graph building

    private Tensor unary(String name, float[] y, Backward back) {
        return unary(name, y, shape, back);
    }

    private Tensor unary(String name, float[] y, int[] outShape, Backward back) {
        return result(name, y, outShape, back, this);
    }

    /** A result that joins the graph only when some input needs a gradient (no tape otherwise). */
    private static Tensor result(String name, float[] y, int[] outShape, Backward back, Tensor... inputs) {
        boolean needs = false;
        for (Tensor t : inputs) {
            needs |= t.requiresGrad;
        }
        if (!needs) {
            return new Tensor(y, outShape, false, null, null, null);
        }
        return new Tensor(y, outShape, true, name, back, inputs);
    }

    // ---------------------------------------------------------------- printing

    /** Like PyTorch's nested lists: {@code 4.5}, {@code [1.0, 2.0]}, {@code [[-1.0, 0.0], [1.0, 2.0]]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (shape.length == 0) {
            return sb.append(data[0]).toString();
        }
        int rows = Shape.rows(shape), cols = Shape.cols(shape);
        if (shape.length == 2) {
            sb.append('[');
        }
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                sb.append(", ");
            }
            sb.append('[');
            for (int c = 0; c < cols; c++) {
                if (c > 0) {
                    sb.append(", ");
                }
                sb.append(data[r * cols + c]);
            }
            sb.append(']');
        }
        if (shape.length == 2) {
            sb.append(']');
        }
        return sb.toString();
    }
}
