package org.simdnet.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import org.simdnet.kernel.Gemm;
import org.simdnet.kernel.Kernels;
import org.simdnet.layer.Dense;
import org.simdnet.layer.Layer;
import org.simdnet.layer.LayerKind;
import org.simdnet.nn.FusedPath;
import org.simdnet.nn.Mlp;

/**
 * A model's first {@link Dense} layer as the trainer holds it: {@code Wᵀ [in × out]} instead of
 * {@code W [out × in]}, then {@code b}. Its forward {@code Z = X·(Wᵀ)} reads the stored rows as
 * they are, where the model's layout makes the small-batch GEMM transpose {@code W} on every step
 * (a 64 → 128 layer's 8,192 weights: ~3 µs of a ~35 µs digits step on AVX2), and its weight
 * gradient comes out transposed too, {@code dWᵀ = Xᵀ·dZ}; a first layer has no input gradient to
 * compute. The optimizer updates parameters one by one, so it does not care about the order.
 *
 * <p>The bits are the model layout's: each weight gradient is the same chain of products over the
 * shard's rows (operands swapped, which a product does not see) and each forward sum the same
 * chain over the inputs, as long as the GEMM sums one chain per element for all four products
 * ({@link Gemm#sumsOneChainPerElement}; {@link #suits} checks it). The trainer keeps its own
 * parameter array in this layout and writes it back into the model's ({@link #toModel}) whenever
 * someone may look: after each epoch (reading it again after the epoch's listener, which may
 * change the model) and when training stops.
 */
final class TransposedFirstLayer implements Layer {

    private final Dense dense;
    private final int in;
    private final int out;

    private TransposedFirstLayer(Dense dense) {
        this.dense = dense;
        this.in = dense.in();
        this.out = dense.out();
    }

    /**
     * Whether {@code mlp} trains with its first layer transposed, on shards of up to
     * {@code shardRows} rows: a Dense first layer, off the fused path (which has its own layout),
     * without gradient clipping (its norm sums the gradient in array order), and products that
     * give the same bits either way.
     */
    static boolean suits(Mlp mlp, int shardRows, boolean clipping) {
        if (clipping || !(mlp.layer(0) instanceof Dense) || FusedPath.applies(mlp)) {
            return false;
        }
        Dense d = (Dense) mlp.layer(0);
        int in = d.in(), out = d.out();
        return Gemm.sumsOneChainPerElement(Gemm.NO_TRANS, Gemm.TRANS, out, in)         // the model's forward
                && Gemm.sumsOneChainPerElement(Gemm.NO_TRANS, Gemm.NO_TRANS, out, in)  // this forward
                && Gemm.sumsOneChainPerElement(Gemm.TRANS, Gemm.NO_TRANS, in, shardRows)  // the model's dW
                && Gemm.sumsOneChainPerElement(Gemm.TRANS, Gemm.NO_TRANS, out, shardRows); // this dWᵀ
    }

    /** {@code mlp} with its first layer transposed, over a new array holding its parameters in that layout. */
    static Mlp trainingCopy(Mlp mlp) {
        List<Layer> layers = new ArrayList<>();
        TransposedFirstLayer first = new TransposedFirstLayer((Dense) mlp.layer(0));
        layers.add(first);
        for (int i = 1; i < mlp.layerCount(); i++) {
            layers.add(mlp.layer(i));
        }
        Mlp training = new Mlp(mlp.inputs(), layers, mlp.head(), new float[mlp.params().length]);
        fromModel(mlp, training);
        return training;
    }

    /** Writes {@code training}'s parameters into {@code model}'s array in the model's layout. */
    static void toModel(Mlp training, Mlp model) {
        copy(training, training.params(), model.params(), true);
    }

    /** Writes {@code model}'s parameters into {@code training}'s array in the training layout. */
    static void fromModel(Mlp model, Mlp training) {
        copy(training, model.params(), training.params(), false);
    }

    /** The biases and later layers as they are, the first layer's weights transposed. */
    private static void copy(Mlp training, float[] from, float[] to, boolean toModel) {
        TransposedFirstLayer first = (TransposedFirstLayer) training.layer(0);
        int weights = first.in * first.out;
        System.arraycopy(from, weights, to, weights, from.length - weights);
        first.transposeWeights(from, to, toModel);
    }

    /** Tiles of this many rows and columns: a tile's destination rows stay in L1 as it fills them. */
    private static final int TILE = 16;

    /** The first {@code in·out} floats of {@code from}, transposed into {@code to} (toModel: Wᵀ → W). */
    private void transposeWeights(float[] from, float[] to, boolean toModel) {
        int rowsFrom = toModel ? in : out, colsFrom = toModel ? out : in;
        for (int r0 = 0; r0 < rowsFrom; r0 += TILE) {
            for (int c0 = 0; c0 < colsFrom; c0 += TILE) {
                for (int r = r0, rEnd = Math.min(r0 + TILE, rowsFrom); r < rEnd; r++) {
                    for (int c = c0, cEnd = Math.min(c0 + TILE, colsFrom); c < cEnd; c++) {
                        to[c * rowsFrom + r] = from[r * colsFrom + c];
                    }
                }
            }
        }
    }

    @Override
    public LayerKind kind() {
        return dense.kind();
    }

    @Override
    public float[] attributes() {
        return dense.attributes();
    }

    @Override
    public int outputWidth(int inputWidth) {
        return dense.outputWidth(inputWidth);
    }

    @Override
    public int parameterCount(int inputWidth) {
        return dense.parameterCount(inputWidth);
    }

    /** Never called: a training copy starts from the model's parameters. */
    @Override
    public void initialise(int inputWidth, float[] params, int offset, SplittableRandom random) {
        throw new UnsupportedOperationException("a transposed training layer starts from its model's parameters");
    }

    @Override
    public boolean backwardReadsInput() {
        return dense.backwardReadsInput();
    }

    @Override
    public boolean backwardReadsOutput() {
        return dense.backwardReadsOutput();
    }

    @Override
    public boolean elementWise() {
        return dense.elementWise();
    }

    @Override
    public void forward(int rows, int inputWidth, float[] x, float[] z, float[] params, int pOff, ForkJoinPool pool) {
        Gemm.sgemm(Gemm.NO_TRANS, Gemm.NO_TRANS, rows, out, in, 1f, x, 0, in, params, pOff, out, 0f, z, 0, out, pool);
        Kernels.ROWS.addBias(rows, out, z, 0, out, params, pOff + in * out);
    }

    /** {@link Dense#forwardExact} over the transposed weights. */
    @Override
    public void forwardExact(int inputWidth, double[] x, double[] z, float[] params, int pOff) {
        int bias = pOff + in * out;
        for (int o = 0; o < out; o++) {
            double sum = params[bias + o];
            for (int i = 0; i < in; i++) {
                sum += params[pOff + i * out + o] * x[i];
            }
            z[o] = sum;
        }
    }

    /** The weight gradient transposed, then the bias gradient; a first layer is given no input gradient. */
    @Override
    public void backward(int rows, int inputWidth, float[] x, float[] z, float[] dZ, float[] dX,
                         float[] params, int pOff, float[] grad, int gOff, ForkJoinPool pool) {
        if (dX != null) {
            throw new IllegalStateException("only a model's first layer trains transposed: it has no input gradient");
        }
        Gemm.sgemm(Gemm.TRANS, Gemm.NO_TRANS, in, out, rows, 1f, x, 0, in, dZ, 0, out, 0f, grad, gOff, out, pool);
        Kernels.ROWS.columnSums(rows, out, dZ, 0, out, grad, gOff + in * out, false);
    }

    @Override
    public String toString() {
        return dense + " (weights transposed for training)";
    }
}
